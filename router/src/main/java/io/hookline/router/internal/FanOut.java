package io.hookline.router.internal;

import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.DeliveryIds;
import io.hookline.common.wire.Event;
import io.hookline.router.RouterMetrics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.kstream.ValueJoiner;

/**
 * Joins an event with its tenant's routes: one first-attempt {@link Delivery} per enabled
 * subscription with a pattern matching the event's type, in subscription id order.
 */
public final class FanOut implements ValueJoiner<Event, RouteSet, List<Delivery>> {
    private final RouterMetrics metrics;

    public FanOut(RouterMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public List<Delivery> apply(Event event, RouteSet routes) {
        List<String> subscriptionIds = routes == null ? List.of() : routes.matching(event.type());
        metrics.eventRouted(subscriptionIds.size());
        if (subscriptionIds.isEmpty()) {
            return List.of();
        }
        // Delivery.first for each, but with the body written once for all of them
        String body = event.webhookBody();
        List<Delivery> deliveries = new ArrayList<>(subscriptionIds.size());
        for (String subscriptionId : subscriptionIds) {
            deliveries.add(new Delivery(DeliveryIds.deliveryId(event.id(), subscriptionId), event.id(),
                    event.type(), event.tenant(), subscriptionId, body, 1, null, null));
        }
        return deliveries;
    }
}
