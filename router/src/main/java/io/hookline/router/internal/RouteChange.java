package io.hookline.router.internal;

/**
 * What a tenant's routes learn when a subscription changes, keyed by the tenant: the
 * subscription's route in this tenant before the change and after it, either null when the
 * subscription was not in the tenant then (created, deleted, invalid, or moved between tenants,
 * where each tenant gets a change of its own). The route before says which index entries to
 * remove, so the tenant side needs no store of its own for it.
 */
public record RouteChange(String subscriptionId, Route before, Route after) {

    public RouteChange {
        if (subscriptionId == null) {
            throw new IllegalArgumentException("subscriptionId is required");
        }
        if (before != null && !before.subscriptionId().equals(subscriptionId)
                || after != null && !after.subscriptionId().equals(subscriptionId)) {
            throw new IllegalArgumentException("a route of another subscription than " + subscriptionId);
        }
        if (before != null && after != null && !before.tenant().equals(after.tenant())) {
            throw new IllegalArgumentException("a route change stays within one tenant");
        }
    }
}
