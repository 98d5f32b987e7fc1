package io.hookline.dispatcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.dispatcher.internal.DueTimeGate.PauseUntil;
import io.hookline.dispatcher.internal.DueTimeGate.ProcessNow;
import io.hookline.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class DueTimeGateTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:15:30Z");
    private static final Duration MAX_POLL = Duration.ofSeconds(1);
    private static final TopicPartition TIER_1S_0 = new TopicPartition("webhooks.retry.1s", 0);
    private static final TopicPartition TIER_1S_1 = new TopicPartition("webhooks.retry.1s", 1);
    private static final TopicPartition TIER_2S_0 = new TopicPartition("webhooks.retry.2s", 0);

    private final MutableClock clock = new MutableClock(NOW);
    private final DueTimeGate gate = new DueTimeGate(clock);

    @Test
    void aRecordIsDueFromItsNotBeforeOn() {
        assertEquals(new PauseUntil(NOW.plusMillis(1)), DueTimeGate.decide(NOW.plusMillis(1), NOW));
        assertEquals(new PauseUntil(NOW.plusNanos(1)), DueTimeGate.decide(NOW.plusNanos(1), NOW));
        assertEquals(new ProcessNow(), DueTimeGate.decide(NOW, NOW), "due exactly at notBefore");
        assertEquals(new ProcessNow(), DueTimeGate.decide(NOW.minusSeconds(3600), NOW), "late is still sent");
        assertEquals(new ProcessNow(), DueTimeGate.decide(null, NOW), "a first attempt has no notBefore");
    }

    @Test
    void aDueRecordPassesAndPausesNothing() {
        assertEquals(new ProcessNow(), gate.admit(TIER_1S_0, NOW.minusMillis(5)));

        assertFalse(gate.isPaused(TIER_1S_0));
        assertEquals(Optional.empty(), gate.nextWake());
        assertEquals(MAX_POLL, gate.pollTimeout(MAX_POLL), "nothing paused: poll as usual");
    }

    @Test
    void aRecordNotYetDuePausesItsPartitionUntilItsNotBeforeAndNoLonger() {
        Instant notBefore = NOW.plusMillis(700);

        assertEquals(new PauseUntil(notBefore), gate.admit(TIER_1S_0, notBefore));
        assertTrue(gate.isPaused(TIER_1S_0));
        assertEquals(Duration.ofMillis(700), gate.pollTimeout(MAX_POLL), "the poll wakes exactly when it is due");

        clock.advance(Duration.ofMillis(699));
        assertEquals(Set.of(), gate.due(), "never before notBefore");
        assertEquals(Duration.ofMillis(1), gate.pollTimeout(MAX_POLL));

        clock.advance(Duration.ofMillis(1));
        assertEquals(Set.of(TIER_1S_0), gate.due());
        assertFalse(gate.isPaused(TIER_1S_0), "forgotten once handed out for resuming");
        assertEquals(Set.of(), gate.due());
        assertEquals(MAX_POLL, gate.pollTimeout(MAX_POLL));
    }

    @Test
    void theLoopWakesForTheEarliestPausedPartition() {
        gate.admit(TIER_2S_0, NOW.plusMillis(1_900));
        gate.admit(TIER_1S_0, NOW.plusMillis(400));
        gate.admit(TIER_1S_1, NOW.plusMillis(900));

        assertEquals(Optional.of(NOW.plusMillis(400)), gate.nextWake());
        assertEquals(Duration.ofMillis(400), gate.pollTimeout(MAX_POLL));

        clock.advance(Duration.ofMillis(950));
        assertEquals(Set.of(TIER_1S_0, TIER_1S_1), gate.due(), "each partition resumes when its own head is due");
        assertEquals(Map.of(TIER_2S_0, NOW.plusMillis(1_900)), gate.paused());
        assertEquals(Duration.ofMillis(950), gate.pollTimeout(MAX_POLL));
    }

    @Test
    void aLongWaitIsPolledInStepsOfTheMaximum() {
        gate.admit(TIER_2S_0, NOW.plus(Duration.ofHours(24)));

        assertEquals(MAX_POLL, gate.pollTimeout(MAX_POLL));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Set.of(), gate.due());
    }

    @Test
    void aPartitionAlreadyDueGivesAZeroTimeout() {
        gate.admit(TIER_1S_0, NOW.plusMillis(10));
        clock.advance(Duration.ofMillis(15));

        assertEquals(Duration.ZERO, gate.pollTimeout(MAX_POLL));
        assertEquals(Set.of(TIER_1S_0), gate.due());
    }

    @Test
    void theTimeoutIsRoundedUpSoThePollNeverWakesEarlyAndSpins() {
        gate.admit(TIER_1S_0, NOW.plusNanos(400_000));

        assertEquals(Duration.ofMillis(1), gate.pollTimeout(MAX_POLL), "0.4 ms left is a 1 ms poll, not 0 ms");

        gate.admit(TIER_1S_0, NOW.plusNanos(2_000_001));
        assertEquals(Duration.ofMillis(3), gate.pollTimeout(MAX_POLL));
    }

    @Test
    void aDueRecordAfterAPauseClearsIt() {
        gate.admit(TIER_1S_0, NOW.plusSeconds(1));
        clock.advance(Duration.ofSeconds(1));

        assertEquals(new ProcessNow(), gate.admit(TIER_1S_0, NOW.plusSeconds(1)));
        assertFalse(gate.isPaused(TIER_1S_0));
    }

    @Test
    void theNextRecordNotYetDuePausesAgainUntilItsOwnTime() {
        gate.admit(TIER_1S_0, NOW.plusSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        gate.due();

        assertEquals(new PauseUntil(NOW.plusMillis(1_300)), gate.admit(TIER_1S_0, NOW.plusMillis(1_300)));
        assertEquals(Duration.ofMillis(300), gate.pollTimeout(MAX_POLL));
    }

    @Test
    void revokedPartitionsAreForgotten() {
        gate.admit(TIER_1S_0, NOW.plusSeconds(1));
        gate.admit(TIER_1S_1, NOW.plusSeconds(2));

        gate.forget(List.of(TIER_1S_0, TIER_2S_0));

        assertEquals(Map.of(TIER_1S_1, NOW.plusSeconds(2)), gate.paused());
        clock.advance(Duration.ofSeconds(5));
        assertEquals(Set.of(TIER_1S_1), gate.due());
    }
}
