package io.hookline.router.internal;

import io.hookline.common.wire.Subscription;
import java.util.List;

/**
 * What routing needs of a subscription, and nothing more: no URL, no secret, no header. It is
 * all the router keeps in its stores, changelogs and repartition topics, so no secret lands
 * in a topic the router writes.
 */
public record Route(String subscriptionId, String tenant, List<String> eventTypes, boolean enabled) {

    public Route {
        eventTypes = List.copyOf(eventTypes);
    }

    public static Route of(Subscription subscription) {
        return new Route(subscription.id(), subscription.tenant(), subscription.eventTypes(),
                subscription.enabled());
    }
}
