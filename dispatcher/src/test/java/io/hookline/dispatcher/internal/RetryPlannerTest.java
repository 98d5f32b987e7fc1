package io.hookline.dispatcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.retry.RetrySchedule;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.Topics;
import io.hookline.testkit.Fixtures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPlannerTest {
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final Topics TOPICS = Topics.defaults();
    private final RetryPlanner planner = new RetryPlanner(
            RetrySchedule.of(Duration.ofSeconds(5), Duration.ofMinutes(1)), TOPICS,
            Clock.fixed(NOW, ZoneOffset.UTC), new Random(7));

    private static Delivery delivery(int attempt) {
        return Fixtures.delivery("evt_1", "sub_1").attempt(attempt)
                .firstAttemptAt(attempt == 1 ? null : NOW.minusSeconds(60)).build();
    }

    @Test
    void aFailedFirstAttemptGoesToTheFirstTierAsAttemptTwo() {
        Instant attemptedAt = NOW.minusMillis(300);
        RetryPlanner.Queue queue = assertInstanceOf(RetryPlanner.Queue.class,
                planner.afterFailure(delivery(1), null, null, attemptedAt));

        assertEquals("webhooks.retry.5s", queue.tier().name());
        assertEquals(2, queue.next().attempt());
        assertEquals(attemptedAt, queue.next().firstAttemptAt());
        Duration wait = Duration.between(NOW, queue.next().notBefore());
        assertTrue(wait.compareTo(Duration.ofSeconds(4)) >= 0 && wait.compareTo(Duration.ofSeconds(6)) <= 0,
                "5 s ± 20 %: " + wait);
    }

    @Test
    void theSecondFailureGoesToTheSecondTierAndKeepsTheFirstAttemptTime() {
        RetryPlanner.Queue queue = assertInstanceOf(RetryPlanner.Queue.class,
                planner.afterFailure(delivery(2), null, null, NOW));

        assertEquals("webhooks.retry.1m", queue.tier().name());
        assertEquals(3, queue.next().attempt());
        assertEquals(NOW.minusSeconds(60), queue.next().firstAttemptAt());
    }

    @Test
    void theLastAttemptOfTheScheduleIsExhausted() {
        assertEquals(new RetryPlanner.Exhausted(3), planner.afterFailure(delivery(3), null, null, NOW));
    }

    @Test
    void aSubscriptionCapEndsItEarlier() {
        assertEquals(new RetryPlanner.Exhausted(1), planner.afterFailure(delivery(1), 1, null, NOW));
    }

    @Test
    void retryAfterLaterThanTheScheduleWins() {
        RetryPlanner.Queue queue = assertInstanceOf(RetryPlanner.Queue.class,
                planner.afterFailure(delivery(1), null, Duration.ofSeconds(90), NOW));

        assertEquals(NOW.plusSeconds(90), queue.next().notBefore());
        assertEquals("webhooks.retry.1m", queue.tier().name(), "the longest tier not above the wait");
    }

    @Test
    void aDivertedDeliveryKeepsItsAttemptAndWaitsOnTheFirstTier() {
        RetryPlanner.Queue queue = planner.divert(delivery(1));

        assertEquals("webhooks.retry.5s", queue.tier().name());
        assertEquals(1, queue.next().attempt());
        assertEquals(null, queue.next().firstAttemptAt());
        assertTrue(queue.next().notBefore().isAfter(NOW));
    }
}
