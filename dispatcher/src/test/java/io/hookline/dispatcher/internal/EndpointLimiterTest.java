package io.hookline.dispatcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.dispatcher.internal.EndpointLimiter.Admission;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EndpointLimiterTest {
    private static final long MILLISECOND = 1_000_000;
    private final AtomicLong clock = new AtomicLong(1_000 * MILLISECOND);

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

        limiter.release("a", MILLISECOND);
        assertTrue(limiter.tryAcquire("a"));
    }

    @Test
    void forgetsAnEndpointWhosePlaceWasNeverUsed() {
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
                    limiter.release("a", MILLISECOND);
                }
            });
        }
        threads.shutdown();
        assertTrue(threads.awaitTermination(30, TimeUnit.SECONDS));

        assertTrue(most.get() <= 3, "at most 3 at once, saw " + most.get());
        assertEquals(0, limiter.endpoints());
    }

    @Test
    void aDeliveryBeyondTheBoundWaitsForAPlaceAndGetsItWhenOneIsFreed() {
        EndpointLimiter limiter = new EndpointLimiter(1, 1, clock::get);
        List<String> started = new ArrayList<>();

        assertEquals(Admission.NOW, limiter.acquire("a", () -> started.add("first")));
        assertEquals(Admission.WAITING, limiter.acquire("a", () -> started.add("second")));
        assertEquals(Admission.FULL, limiter.acquire("a", () -> started.add("third")),
                "one may wait, and the endpoint never answered: no more");
        assertEquals(1, limiter.waiting("a"));

        limiter.release("a", MILLISECOND);

        assertEquals(List.of("second"), started, "the freed place went to the waiter");
        assertEquals(1, limiter.inFlight("a"), "the place passed on, not given back");
        assertEquals(0, limiter.waiting("a"));
    }

    @Test
    void anEndpointThatAnswersFastMayHaveMoreWaitingAsLongAsEachGetsItsPlaceWithinASecond() {
        EndpointLimiter limiter = new EndpointLimiter(2, 1, clock::get);
        limiter.acquire("a", null);
        limiter.release("a", 10 * MILLISECOND); // answers in 10 ms: 2 places free up 200 times a second
        limiter.acquire("a", null);
        limiter.acquire("a", null);

        int waiting = 0;
        while (limiter.acquire("a", () -> { }) == Admission.WAITING) {
            waiting++;
        }

        assertEquals(200, waiting, "a second's worth at 2 places per 10 ms");
    }

    @Test
    void anEndpointBusyForASecondWithoutAnAnswerTakesNoMoreWaitersThanTheFloor() {
        EndpointLimiter limiter = new EndpointLimiter(1, 2, clock::get);
        limiter.acquire("a", null);
        limiter.release("a", MILLISECOND);
        limiter.acquire("a", null); // and then it stalls
        clock.addAndGet(EndpointLimiter.MAX_WAIT + 1);

        assertEquals(Admission.WAITING, limiter.acquire("a", () -> { }));
        assertEquals(Admission.WAITING, limiter.acquire("a", () -> { }));
        assertEquals(Admission.FULL, limiter.acquire("a", () -> { }), "stalled: diverted beyond the floor");
    }

    @Test
    void aSlowEndpointTakesOnlyWhatItAnswersInASecond() {
        EndpointLimiter limiter = new EndpointLimiter(10, 0, clock::get);
        limiter.acquire("a", null);
        limiter.release("a", 2_000 * MILLISECOND); // 10 places, 2 s an answer: 5 a second
        for (int i = 0; i < 10; i++) {
            limiter.acquire("a", null);
        }

        int waiting = 0;
        while (limiter.acquire("a", () -> { }) == Admission.WAITING) {
            waiting++;
        }

        assertEquals(5, waiting);
    }

    @Test
    void remembersAnEndpointsAnswersBetweenBurstsAndForgetsThemAfterAMinuteIdle() {
        EndpointLimiter limiter = new EndpointLimiter(1, 0, clock::get);
        limiter.acquire("a", null);
        limiter.release("a", MILLISECOND);
        assertEquals(0, limiter.endpoints(), "nothing in flight");

        limiter.acquire("a", null);
        assertEquals(Admission.WAITING, limiter.acquire("a", () -> { }), "the next burst finds its answer time");
        limiter.release("a", MILLISECOND);
        limiter.release("a", MILLISECOND);

        clock.addAndGet(EndpointLimiter.FORGET_AFTER + 1);
        for (int i = 0; i < EndpointLimiter.SWEEP_EVERY; i++) {
            limiter.acquire("b", null);
            limiter.release("b", MILLISECOND);
        }
        limiter.acquire("a", null);
        assertEquals(Admission.FULL, limiter.acquire("a", () -> { }), "forgotten: no answers known");
    }

    @Test
    void waitersGetEveryPlaceOnceAndNeverMoreThanTheBoundAtOnce() throws Exception {
        EndpointLimiter limiter = new EndpointLimiter(3);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(20_000);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        Runnable request = () -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            inside.decrementAndGet();
            limiter.release("a", MILLISECOND);
            ended.countDown();
        };
        for (int i = 0; i < 20_000; i++) {
            threads.execute(() -> {
                switch (limiter.acquire("a", () -> threads.execute(request))) {
                    case NOW -> request.run();
                    case WAITING -> { }
                    case FULL -> ended.countDown();
                }
            });
        }
        assertTrue(ended.await(30, TimeUnit.SECONDS), "every request served or refused");
        threads.shutdown();

        assertTrue(most.get() <= 3, "at most 3 at once, saw " + most.get());
        assertEquals(0, limiter.inFlight("a"));
        assertEquals(0, limiter.waiting("a"));
    }
}
