package io.hookline.common.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.hookline.common.LogSafe;
import java.util.Locale;

/** Why a dead letter was written; {@link #wireName()} is its JSON form, e.g. {@code exhausted}. */
public enum DeadLetterReason {
    /** An event the router could not read; the letter holds its bytes. */
    INVALID_EVENT,
    /** An event over the router's size limit; the letter holds where it was and its key, not its bytes. */
    EVENT_TOO_LARGE,
    /** Every attempt the schedule (or the subscription's {@code maxAttempts}) allows failed. */
    EXHAUSTED,
    /** The endpoint answered 410 Gone. */
    GONE,
    /** The subscription is disabled; replayable once it is enabled again. */
    ENDPOINT_DISABLED,
    /** The endpoint's address is one the address policy denies. */
    BLOCKED_ADDRESS,
    /** The subscription does not exist (deleted, or never published). */
    SUBSCRIPTION_DELETED,
    /** The subscription's last record is not a valid subscription. */
    INVALID_SUBSCRIPTION,
    /** The delivery names a subscription id that now belongs to another tenant: never sent there. */
    TENANT_MISMATCH;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The reason of a wire name; an unknown one (a newer writer's) is an invalid record. */
    @JsonCreator
    public static DeadLetterReason fromWireName(String wireName) {
        for (DeadLetterReason reason : values()) {
            if (reason.wireName().equals(wireName)) {
                return reason;
            }
        }
        throw new InvalidRecordException("unknown dead-letter reason '" + LogSafe.printable(wireName) + "'");
    }

    @Override
    public String toString() {
        return wireName();
    }
}
