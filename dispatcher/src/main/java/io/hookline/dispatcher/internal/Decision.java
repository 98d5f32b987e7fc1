package io.hookline.dispatcher.internal;

import io.hookline.common.wire.DeadLetterReason;
import io.hookline.common.wire.Subscription;
import java.util.Objects;

/** What to do with a delivery, given its subscription as it is now: {@link DeliveryDecider} decides. */
public sealed interface Decision {

    /** Sign it for this subscription and POST it. */
    record Send(Subscription subscription) implements Decision {
        public Send {
            Objects.requireNonNull(subscription, "subscription");
        }
    }

    /** Never send it: dead-letter it, for an operator to see and perhaps replay. */
    record Reject(DeadLetterReason reason, String error) implements Decision {
        public Reject {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(error, "error");
        }
    }

    /** Never send it, and nothing to replay: only record why. */
    record Drop(String why) implements Decision {
        public Drop {
            Objects.requireNonNull(why, "why");
        }
    }
}
