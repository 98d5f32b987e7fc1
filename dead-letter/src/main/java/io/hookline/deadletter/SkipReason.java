package io.hookline.deadletter;

/**
 * Why a replay leaves a dead letter where it is. Some reasons pass with time (an operator
 * enables the subscription, fixes its record): a named replay keeps those letters
 * {@linkplain #waits() waiting} and sends them on a later run once the reason is gone. The
 * others never pass, and the replay moves on.
 */
public enum SkipReason {
    SUBSCRIPTION_DELETED("its subscription is deleted", false),
    SUBSCRIPTION_DISABLED("its subscription is disabled (enable it, or pass --include-disabled)", true),
    SUBSCRIPTION_INVALID("its subscription's record is invalid (fix it with `subscriptions put`)", true),
    TENANT_MISMATCH("its subscription id now belongs to another tenant", false),
    NO_EVENT_BYTES("the letter holds no event bytes (event_too_large: the event is in the events topic while its "
            + "retention lasts)", false),
    BODY_DROPPED("its delivery's body was dropped, as the letter was too large to write", false),
    UNREADABLE("the record is not a dead letter this version can read", false);

    private final String description;
    private final boolean waits;

    SkipReason(String description, boolean waits) {
        this.description = description;
        this.waits = waits;
    }

    /** Why, for people: "its subscription is deleted". */
    public String description() {
        return description;
    }

    /** True when a later run of the same replay sends the letter once the reason is gone. */
    public boolean waits() {
        return waits;
    }
}
