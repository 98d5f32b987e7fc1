package io.hookline.dispatcher.internal;

import io.hookline.common.retry.RetryDecision;
import io.hookline.common.retry.RetrySchedule;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.Topics;
import io.hookline.common.wire.Topics.Topic;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Where a delivery goes after a failed attempt, or when its endpoint is at its bound: the
 * record to queue and the retry tier topic to queue it on, or nothing left to try. Pure but
 * for the injected clock and randomness (the jitter).
 */
public final class RetryPlanner {
    private final RetrySchedule schedule;
    private final Topics topics;
    private final Clock clock;
    /** Shared by the poll thread and the outcome threads: thread-safe, as {@code java.util.Random} is. */
    private final RandomGenerator random;

    /** What to do next. */
    public sealed interface Plan {
    }

    /** Queue {@code next} on {@code tier}; it is not sent before its {@code notBefore}. */
    public record Queue(Topic<String, Delivery> tier, Delivery next) implements Plan {
        public Queue {
            Objects.requireNonNull(tier, "tier");
            Objects.requireNonNull(next, "next");
        }
    }

    /** No attempt left: dead-letter it as {@code exhausted}. */
    public record Exhausted(int attempts) implements Plan {
    }

    public RetryPlanner(RetrySchedule schedule, Topics topics, Clock clock, RandomGenerator random) {
        this.schedule = schedule;
        this.topics = topics;
        this.clock = clock;
        this.random = random;
    }

    /**
     * After attempt {@code delivery.attempt()}, made at {@code attemptedAt}, failed.
     *
     * @param maxAttempts the subscription's cap, null for the schedule's
     * @param retryAfter  the wait the endpoint asked for (clamped), null if it did not ask
     */
    public Plan afterFailure(Delivery delivery, Integer maxAttempts, Duration retryAfter, Instant attemptedAt) {
        RetryDecision decision = schedule.next(delivery.attempt(), maxAttempts, retryAfter, clock.instant(), random);
        if (decision instanceof RetryDecision.RetryAt retry) {
            return new Queue(topics.retry(retry.tierDelay()), delivery.nextAttempt(attemptedAt, retry.notBefore()));
        }
        return new Exhausted(((RetryDecision.Exhausted) decision).attempts());
    }

    /** Not attempted, as its endpoint is at its bound: the same attempt, on the first tier. */
    public Queue divert(Delivery delivery) {
        RetryDecision.RetryAt retry = schedule.overflow(clock.instant(), random);
        return new Queue(topics.retry(retry.tierDelay()), delivery.postponed(retry.notBefore()));
    }
}
