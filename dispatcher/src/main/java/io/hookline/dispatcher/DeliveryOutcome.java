package io.hookline.dispatcher;

import io.hookline.common.wire.DeadLetterReason;
import java.time.Duration;
import java.util.Objects;

/**
 * What one HTTP attempt of a delivery came to: {@link Delivered}, {@link Retry} (try again on
 * the schedule, or after the delay the endpoint asked for) or {@link Fail} (never try again).
 */
public sealed interface DeliveryOutcome permits DeliveryOutcome.Delivered, DeliveryOutcome.Retry,
        DeliveryOutcome.Fail {

    /** The HTTP status of the response, null when none came (timeout, connection error). */
    Integer status();

    /** What went wrong in a few words, null when delivered. Never holds a secret or a body. */
    String error();

    /** The outcome as written to an {@code Attempt}: {@code delivered}, {@code retry} or {@code failed}. */
    default String wireName() {
        if (this instanceof Delivered) {
            return "delivered";
        }
        return this instanceof Retry ? "retry" : "failed";
    }

    /** The endpoint answered 2xx. */
    record Delivered(Integer status) implements DeliveryOutcome {
        public Delivered {
            Objects.requireNonNull(status, "status");
        }

        @Override
        public String error() {
            return null;
        }
    }

    /**
     * Worth another attempt.
     *
     * @param retryAfter the delay the endpoint asked for (already clamped), null when it did not ask:
     *                   the retry schedule decides
     */
    record Retry(Integer status, String error, Duration retryAfter) implements DeliveryOutcome {
        public Retry {
            Objects.requireNonNull(error, "error");
        }
    }

    /**
     * Not worth another attempt.
     *
     * @param reason the dead-letter reason, e.g. {@code gone}
     */
    record Fail(Integer status, String error, DeadLetterReason reason) implements DeliveryOutcome {
        public Fail {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
