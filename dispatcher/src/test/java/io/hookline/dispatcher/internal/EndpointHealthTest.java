package io.hookline.dispatcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EndpointHealthTest {
    private static final Instant START = Instant.parse("2026-11-30T10:00:00Z");
    private final MutableClock clock = new MutableClock(START);
    private final EndpointHealth health = new EndpointHealth(Duration.ofDays(5), "hookline-ops", clock);

    @Test
    void theFirstFailureStartsARunToRecord() {
        assertEquals(Optional.of(new EndpointHealth.Failing("sub_1", "acme", START)), health.failed("sub_1", "acme"));
        clock.advance(Duration.ofHours(1));
        assertEquals(Optional.empty(), health.failed("sub_1", "acme"), "the run is recorded once, at its start");
        assertEquals(Optional.of(START), health.failingSince("sub_1"));
    }

    @Test
    void failingForLessThanTheThresholdDisablesNothing() {
        health.failed("sub_1", "acme");
        clock.advance(Duration.ofDays(5).minusMillis(1));

        assertEquals(Optional.empty(), health.failed("sub_1", "acme"));
    }

    @Test
    void failingForTheThresholdDisablesOnceWithTheStartOfTheRun() {
        health.failed("sub_1", "acme");
        clock.advance(Duration.ofDays(5));

        EndpointHealth.Disable disable = (EndpointHealth.Disable) health.failed("sub_1", "acme").orElseThrow();

        assertEquals(new EndpointHealth.Disable("sub_1", "acme", START, START.plus(Duration.ofDays(5))), disable);
        assertTrue(disable.reason().contains("since 2026-11-30T10:00:00Z"), disable.reason());
        clock.advance(Duration.ofSeconds(30));
        assertEquals(Optional.empty(), health.failed("sub_1", "acme"), "failures in flight when it was disabled");
        assertEquals(Optional.empty(), health.failingSince("sub_1"));
    }

    @Test
    void afterDisablingAndSettlingAFailureStartsANewRun() {
        health.failed("sub_1", "acme");
        clock.advance(Duration.ofDays(5));
        health.failed("sub_1", "acme");
        clock.advance(EndpointHealth.SETTLE);

        assertEquals(Optional.of(new EndpointHealth.Failing("sub_1", "acme", clock.instant())),
                health.failed("sub_1", "acme"), "enabled again and failing: counted from now, not disabled at once");
    }

    @Test
    void aSuccessEndsTheRunAndTheThresholdCountsFromTheNextFailure() {
        health.failed("sub_1", "acme");
        clock.advance(Duration.ofDays(4));
        assertEquals(Optional.of(new EndpointHealth.Recovered("sub_1")), health.succeeded("sub_1"));
        assertEquals(Optional.empty(), health.succeeded("sub_1"), "nothing to clear without a run");

        clock.advance(Duration.ofDays(1));
        assertTrue(health.failed("sub_1", "acme").orElseThrow() instanceof EndpointHealth.Failing);
        clock.advance(Duration.ofDays(4));
        assertEquals(Optional.empty(), health.failed("sub_1", "acme"), "4 days into the new run");
    }

    @Test
    void aRunLearnedFromTheTopicCountsFromItsStart() {
        health.learned("sub_1", START);
        clock.advance(Duration.ofDays(5));

        assertTrue(health.failed("sub_1", "acme").orElseThrow() instanceof EndpointHealth.Disable,
                "a restarted dispatcher counts from the run it read back");
    }

    @Test
    void ofTwoRunsTheEarlierStartCountsAndARecoveryLearnedEndsIt() {
        clock.advance(Duration.ofHours(1));
        health.failed("sub_1", "acme");
        health.learned("sub_1", START.plus(Duration.ofHours(2)));
        assertEquals(Optional.of(START.plus(Duration.ofHours(1))), health.failingSince("sub_1"));
        health.learned("sub_1", START);
        assertEquals(Optional.of(START), health.failingSince("sub_1"));

        health.learned("sub_1", null);
        assertEquals(Optional.empty(), health.failingSince("sub_1"), "another dispatcher saw a success");
        assertEquals(0, health.failing());
    }

    @Test
    void neverAboutTheOpsTenantsOwnSubscriptions() {
        assertEquals(Optional.empty(), health.failed("sub_ops", "hookline-ops"));
        clock.advance(Duration.ofDays(30));
        assertEquals(Optional.empty(), health.failed("sub_ops", "hookline-ops"));
        assertEquals(0, health.failing());
    }

    @Test
    void subscriptionsAreCountedApart() {
        health.failed("sub_1", "acme");
        clock.advance(Duration.ofDays(3));
        health.failed("sub_2", "acme");
        clock.advance(Duration.ofDays(2));

        assertTrue(health.failed("sub_1", "acme").orElseThrow() instanceof EndpointHealth.Disable);
        assertEquals(Optional.empty(), health.failed("sub_2", "acme"));
    }
}
