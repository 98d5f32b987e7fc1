package io.hookline.dispatcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EndpointLimiterTest {

    @Test
    void anEndpointIsSchemeHostAndPortWithTheDefaultPortFilledIn() {
        assertEquals("https://hooks.example.com:443", EndpointLimiter.endpoint(URI.create("https://Hooks.Example.com/a")));
        assertEquals("http://hooks.example.com:80", EndpointLimiter.endpoint(URI.create("http://hooks.example.com/b?c")));
        assertEquals("http://127.0.0.1:9000", EndpointLimiter.endpoint(URI.create("http://127.0.0.1:9000/x")));
        assertEquals(EndpointLimiter.endpoint(URI.create("https://a.example/1")),
                EndpointLimiter.endpoint(URI.create("HTTPS://a.example:443/2")));
    }

    @Test
    void refusesAtTheBoundAndAcceptsAgainAfterARelease() {
        EndpointLimiter limiter = new EndpointLimiter(2);

        assertTrue(limiter.tryAcquire("a"));
        assertTrue(limiter.tryAcquire("a"));
        assertFalse(limiter.tryAcquire("a"));
        assertTrue(limiter.tryAcquire("b"), "another endpoint has its own bound");
        assertEquals(2, limiter.inFlight("a"));

        limiter.release("a");
        assertTrue(limiter.tryAcquire("a"));
    }

    @Test
    void forgetsAnEndpointWithNothingInFlight() {
        EndpointLimiter limiter = new EndpointLimiter(1);
        limiter.tryAcquire("a");
        limiter.release("a");

        assertEquals(0, limiter.endpoints());
        assertEquals(0, limiter.inFlight("a"));
    }

    @Test
    void neverLetsMoreThanTheBoundInUnderContention() throws Exception {
        EndpointLimiter limiter = new EndpointLimiter(3);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 20_000; i++) {
            threads.execute(() -> {
                if (limiter.tryAcquire("a")) {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    inside.decrementAndGet();
                    limiter.release("a");
                }
            });
        }
        threads.shutdown();
        assertTrue(threads.awaitTermination(30, TimeUnit.SECONDS));

        assertTrue(most.get() <= 3, "at most 3 at once, saw " + most.get());
        assertEquals(0, limiter.endpoints());
    }
}
