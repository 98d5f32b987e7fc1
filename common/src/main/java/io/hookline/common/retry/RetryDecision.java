package io.hookline.common.retry;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@link RetrySchedule#next} decided for a failed attempt: {@link RetryAt} (queue the next
 * attempt on a retry tier) or {@link Exhausted} (no attempt left: dead-letter it as
 * {@code exhausted}).
 */
public sealed interface RetryDecision permits RetryDecision.RetryAt, RetryDecision.Exhausted {

    /**
     * Try again, not before {@code notBefore}.
     *
     * @param tierDelay the delay naming the retry topic to queue on ({@code Topics.retry(tierDelay)});
     *                  always one of the schedule's delays
     * @param notBefore the earliest time of the next attempt, jitter or {@code Retry-After} included;
     *                  this, not the tier, is what the retry consumer waits for
     */
    record RetryAt(Duration tierDelay, Instant notBefore) implements RetryDecision {
        public RetryAt {
            Objects.requireNonNull(tierDelay, "tierDelay");
            Objects.requireNonNull(notBefore, "notBefore");
        }
    }

    /**
     * No attempt left.
     *
     * @param attempts the attempts made, the one that just failed included
     */
    record Exhausted(int attempts) implements RetryDecision {
    }
}
