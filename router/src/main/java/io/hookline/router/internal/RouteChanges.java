package io.hookline.router.internal;

import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns the routes by subscription id into {@link RouteChange}s keyed by tenant. It remembers
 * each subscription's route, because a tombstone does not say which tenant had the
 * subscription, and a move to another tenant must reach the old tenant as well as the new.
 * A record that changes nothing the router uses (a new URL or secret) changes nothing
 * downstream either; nor does a change between disabled routes of one tenant, which are
 * not indexed.
 */
public final class RouteChanges extends ContextualProcessor<String, Route, String, RouteChange> {
    private final String storeName;
    private KeyValueStore<String, Route> routes;

    public RouteChanges(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<String, RouteChange> context) {
        super.init(context);
        routes = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, Route> record) {
        String subscriptionId = record.key();
        Route route = record.value();
        Route before = routes.get(subscriptionId);
        if (route == null ? before == null : route.equals(before)) {
            return;
        }
        if (route == null) {
            routes.delete(subscriptionId);
        } else {
            routes.put(subscriptionId, route);
        }
        boolean sameTenant = before != null && route != null && before.tenant().equals(route.tenant());
        if (sameTenant && !before.enabled() && !route.enabled()) {
            return;
        }
        if (before != null && !sameTenant) {
            context().forward(record.withKey(before.tenant()).withValue(new RouteChange(subscriptionId, before, null)));
        }
        if (route != null) {
            context().forward(record.withKey(route.tenant())
                    .withValue(new RouteChange(subscriptionId, sameTenant ? before : null, route)));
        }
    }
}
