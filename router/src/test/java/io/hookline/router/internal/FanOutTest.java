package io.hookline.router.internal;

import static io.hookline.testkit.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.codahale.metrics.MetricRegistry;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.Event;
import io.hookline.router.RouterMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

class FanOutTest {
    private final MetricRegistry registry = new MetricRegistry();
    private final FanOut fanOut = new FanOut(new RouterMetrics(registry));
    private final Event event = event("evt_1").type("order.created").data("{\"orderId\":42}").build();

    @Test
    void makesTheSameDeliveriesAsDeliveryFirst() {
        RouteSet routes = RouteSet.empty().with(new Route("s2", "acme", List.of("order.*"), true))
                .with(new Route("s1", "acme", List.of("**"), true))
                .with(new Route("s3", "acme", List.of("invoice.*"), true));

        assertEquals(List.of(Delivery.first(event, "s1"), Delivery.first(event, "s2")), fanOut.apply(event, routes));
        assertEquals(1, registry.counter(RouterMetrics.EVENTS_ROUTED).getCount());
        assertEquals(2, registry.counter(RouterMetrics.DELIVERIES_WRITTEN).getCount());
    }

    @Test
    void countsAnEventOfATenantWithoutRoutesAsUnmatched() {
        assertEquals(List.of(), fanOut.apply(event, null));
        assertEquals(1, registry.counter(RouterMetrics.EVENTS_UNMATCHED).getCount());
    }
}
