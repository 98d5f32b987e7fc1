package io.hookline.router.internal;

/**
 * What a tenant's routes learn when a subscription changes, keyed by the tenant: the
 * subscription's route now, or null when the subscription left the tenant (deleted, invalid,
 * or moved to another tenant, which gets a change of its own).
 */
public record RouteChange(String subscriptionId, Route route) {

    public RouteChange {
        if (subscriptionId == null) {
            throw new IllegalArgumentException("subscriptionId is required");
        }
        if (route != null && !route.subscriptionId().equals(subscriptionId)) {
            throw new IllegalArgumentException("the route is not subscription " + subscriptionId + "'s");
        }
    }

    public static RouteChange put(Route route) {
        return new RouteChange(route.subscriptionId(), route);
    }

    public static RouteChange removed(String subscriptionId) {
        return new RouteChange(subscriptionId, null);
    }
}
