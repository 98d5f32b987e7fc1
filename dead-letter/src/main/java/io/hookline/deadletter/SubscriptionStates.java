package io.hookline.deadletter;

import io.hookline.common.wire.SubscriptionRecord;

/**
 * What each subscription is now, for deciding what a replay may send: the app reads the
 * subscriptions topic once (its one subscription reader) and answers from that.
 */
@FunctionalInterface
public interface SubscriptionStates {
    /** The latest record of subscription {@code id}: valid, invalid, or {@link SubscriptionRecord.Deleted} when there is none. */
    SubscriptionRecord current(String id);
}
