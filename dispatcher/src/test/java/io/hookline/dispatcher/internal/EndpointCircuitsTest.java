package io.hookline.dispatcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointCircuitsTest {
    private static final String ENDPOINT = "https://hooks.example.com:443";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final List<EndpointCircuits.Opened> opened = new ArrayList<>();
    private final EndpointCircuits circuits = new EndpointCircuits(
            new EndpointCircuits.Settings(3, Duration.ofSeconds(30), Duration.ofMinutes(2)), clock, opened::add);

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            assertTrue(circuits.tryAcquire(ENDPOINT));
            circuits.failed(ENDPOINT, "sub_1", "acme");
        }
    }

    @Test
    void opensAfterTheConfiguredFailuresInARowAndFailsFastDuringTheCooldown() {
        fail(2);
        assertTrue(circuits.tryAcquire(ENDPOINT), "two failures: still closed");
        circuits.failed(ENDPOINT, "sub_1", "acme");

        assertEquals(List.of(new EndpointCircuits.Opened(ENDPOINT, "sub_1", "acme", 3,
                clock.instant().plusSeconds(30))), opened);
        assertFalse(circuits.tryAcquire(ENDPOINT));
        clock.advance(Duration.ofSeconds(29));
        assertFalse(circuits.tryAcquire(ENDPOINT), "29 s of a 30 s cooldown");
        assertTrue(circuits.tryAcquire("https://other.example.com:443"), "other endpoints go on");
        assertEquals(1, circuits.open());
    }

    @Test
    void aSuccessInBetweenResetsTheCount() {
        fail(2);
        assertTrue(circuits.tryAcquire(ENDPOINT));
        circuits.succeeded(ENDPOINT);
        fail(2);

        assertTrue(circuits.tryAcquire(ENDPOINT));
        assertEquals(List.of(), opened);
    }

    @Test
    void afterTheCooldownOneProbeGoesAndItsSuccessClosesTheCircuit() {
        fail(3);
        clock.advance(Duration.ofSeconds(30).plusMillis(1));

        assertTrue(circuits.tryAcquire(ENDPOINT), "the probe");
        assertFalse(circuits.tryAcquire(ENDPOINT), "only one probe at a time");
        circuits.succeeded(ENDPOINT);

        assertTrue(circuits.tryAcquire(ENDPOINT));
        assertTrue(circuits.tryAcquire(ENDPOINT));
        assertEquals(0, circuits.failing(), "a healthy endpoint is forgotten");
    }

    @Test
    void theCooldownDoublesWhileTheProbeKeepsFailingUpToItsMaximum() {
        fail(3);
        clock.advance(Duration.ofSeconds(30).plusMillis(1));
        assertTrue(circuits.tryAcquire(ENDPOINT));
        circuits.failed(ENDPOINT, "sub_1", "acme"); // probe failed: open again, now for 60 s

        clock.advance(Duration.ofSeconds(59));
        assertFalse(circuits.tryAcquire(ENDPOINT));
        clock.advance(Duration.ofSeconds(1).plusMillis(1));
        assertTrue(circuits.tryAcquire(ENDPOINT));
        circuits.failed(ENDPOINT, "sub_1", "acme"); // 120 s
        clock.advance(Duration.ofSeconds(119));
        assertFalse(circuits.tryAcquire(ENDPOINT));
        clock.advance(Duration.ofSeconds(1).plusMillis(1));
        assertTrue(circuits.tryAcquire(ENDPOINT));
        circuits.failed(ENDPOINT, "sub_1", "acme"); // would be 240 s, capped at 120 s

        clock.advance(Duration.ofSeconds(120).plusMillis(1));
        assertTrue(circuits.tryAcquire(ENDPOINT));
        assertEquals(List.of(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120),
                Duration.ofSeconds(120)), cooldowns(), "what operators are told matches what the circuit does");
    }

    /** How long each opening was announced to last. */
    private List<Duration> cooldowns() {
        List<Duration> cooldowns = new ArrayList<>();
        Instant at = Instant.parse("2026-11-30T10:00:00Z");
        for (EndpointCircuits.Opened open : opened) {
            cooldowns.add(Duration.between(at, open.until()));
            at = open.until().plusMillis(1);
        }
        return cooldowns;
    }

    @Test
    void aReleasedProbeLetsTheNextOneGo() {
        fail(3);
        clock.advance(Duration.ofSeconds(30).plusMillis(1));
        assertTrue(circuits.tryAcquire(ENDPOINT));

        circuits.released(ENDPOINT); // e.g. cancelled by shutdown: says nothing of the endpoint

        assertTrue(circuits.tryAcquire(ENDPOINT));
    }
}
