package io.hookline.dispatcher.internal;

import io.hookline.common.wire.DeadLetterReason;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.Subscription;

/**
 * Decides what becomes of a delivery given its subscription as it is now, with no I/O:
 * <ul>
 *   <li>enabled, and the delivery's tenant's → {@link Decision.Send};</li>
 *   <li>now another tenant's (ids are unique per topic, not per tenant, so a deleted id can be
 *       taken by another tenant while deliveries are queued) → {@code tenant_mismatch};</li>
 *   <li>disabled → {@code endpoint_disabled}, replayable once it is enabled again;</li>
 *   <li>invalid → {@code invalid_subscription};</li>
 *   <li>missing → {@code subscription_deleted} for a first attempt (someone may want to see
 *       that events went nowhere); for a retry, whose earlier attempts are already recorded,
 *       {@link Decision.Drop}: the admin deleted the endpoint on purpose.</li>
 * </ul>
 */
public final class DeliveryDecider {

    public Decision decide(Delivery delivery, SubscriptionReplica.Lookup lookup) {
        String id = delivery.subscriptionId();
        if (lookup instanceof SubscriptionReplica.Active active) {
            Subscription subscription = active.subscription();
            if (!subscription.tenant().equals(delivery.tenant())) {
                // The other tenant's name stays out of the error, which the delivery's tenant may see.
                return new Decision.Reject(DeadLetterReason.TENANT_MISMATCH, "subscription " + id
                        + " now belongs to a tenant other than the delivery's (" + delivery.tenant() + ")");
            }
            if (!subscription.enabled()) {
                return new Decision.Reject(DeadLetterReason.ENDPOINT_DISABLED, "subscription " + id + " is disabled");
            }
            return new Decision.Send(subscription);
        }
        if (lookup instanceof SubscriptionReplica.Invalid invalid) {
            return new Decision.Reject(DeadLetterReason.INVALID_SUBSCRIPTION,
                    "subscription " + id + " is invalid: " + invalid.reason());
        }
        if (delivery.attempt() > 1) {
            return new Decision.Drop("subscription " + id + " was deleted while attempt " + delivery.attempt()
                    + " was pending");
        }
        return new Decision.Reject(DeadLetterReason.SUBSCRIPTION_DELETED,
                "subscription " + id + " does not exist (deleted or never published)");
    }
}
