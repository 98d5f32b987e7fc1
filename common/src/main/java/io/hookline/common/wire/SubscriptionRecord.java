package io.hookline.common.wire;

import io.hookline.common.LogSafe;
import io.hookline.common.secrets.SecretOpener;
import java.util.Objects;

/**
 * What one record of the subscriptions topic says about its key, read the same way by every
 * reader (the router, the dispatcher's replica, the admin CLI), so that a subscription is in
 * force, or out of it, for all of them alike, before and after compaction.
 *
 * <ul>
 *   <li>{@link Valid}: the subscription as published;</li>
 *   <li>{@link Deleted}: a tombstone;</li>
 *   <li>{@link Invalid}: a value that is not a valid subscription, or whose id is not its
 *       key. It takes the id out of force, like a deletion, since the admin meant to change
 *       it and stale secrets or URLs must not stay in use. Its reason never holds a secret.</li>
 * </ul>
 * A record without a key names no subscription: {@link #read} returns null for it.
 */
public sealed interface SubscriptionRecord {

    /** The subscription id: the record's key. */
    String id();

    /**
     * This record with its subscription's sealed secrets and header values opened: what a
     * dispatcher reads. A subscription whose values do not open (sealed to a key not held here,
     * or bound to another subscription) is {@link Invalid}, with the reason and no secret.
     * Readers that need no secret (the router, the admin CLI) never call this.
     */
    default SubscriptionRecord open(SecretOpener opener) {
        return this;
    }

    record Valid(String id, Subscription subscription) implements SubscriptionRecord {
        public Valid {
            Objects.requireNonNull(subscription, "subscription");
        }

        @Override
        public SubscriptionRecord open(SecretOpener opener) {
            try {
                Subscription opened = subscription.open(opener);
                return opened == subscription ? this : new Valid(id, opened);
            } catch (InvalidRecordException e) {
                return new Invalid(id, LogSafe.reason(e.getMessage()));
            }
        }
    }

    record Deleted(String id) implements SubscriptionRecord {
    }

    /** @param reason why it is invalid, fit for logs and the admin's eyes (no secret, no quoted input) */
    record Invalid(String id, String reason) implements SubscriptionRecord {
    }

    /**
     * Reads one record of the subscriptions topic.
     *
     * @param key   the record key, the subscription id
     * @param value the record value, null for a tombstone
     * @return what the record says about {@code key}; null when it has no key
     */
    static SubscriptionRecord read(String key, byte[] value) {
        if (key == null) {
            return null;
        }
        if (value == null) {
            return new Deleted(key);
        }
        try {
            Subscription subscription = Json.read(value, Subscription.class);
            if (!subscription.id().equals(key)) {
                return new Invalid(key, "the record key '" + LogSafe.printable(key)
                        + "' is not the subscription's id '" + subscription.id() + "'");
            }
            return new Valid(key, subscription);
        } catch (InvalidRecordException e) {
            return new Invalid(key, LogSafe.reason(e.getMessage()));
        }
    }
}
