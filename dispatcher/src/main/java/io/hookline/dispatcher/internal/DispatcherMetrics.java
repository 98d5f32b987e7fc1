package io.hookline.dispatcher.internal;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.hookline.dispatcher.DeliveryOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The dispatcher's metrics, all named here: a fixed set, never one per endpoint or tenant.
 * Counters and the timer are shared by every dispatcher of a registry; gauges belong to the
 * dispatcher that registered them last and are removed when it closes.
 */
public final class DispatcherMetrics implements AutoCloseable {
    public static final String DELIVERED = "dispatcher.delivered";
    public static final String RETRY_PENDING = "dispatcher.retry.pending";
    public static final String FAILED = "dispatcher.failed";
    public static final String DEAD_LETTERED = "dispatcher.dead.lettered";
    /** Deliveries not sent because their subscription id now belongs to another tenant; also dead-lettered. */
    public static final String TENANT_MISMATCH = "dispatcher.tenant.mismatch";
    /** Deliveries not sent and not dead-lettered: retries of a subscription deleted meanwhile. */
    public static final String DROPPED = "dispatcher.dropped";
    public static final String INVALID_DELIVERIES = "dispatcher.deliveries.invalid";
    public static final String INVALID_SUBSCRIPTIONS = "dispatcher.subscriptions.invalid";
    public static final String REQUEST_LATENCY = "dispatcher.request.latency";
    public static final String IN_FLIGHT = "dispatcher.in.flight";
    public static final String SUBSCRIPTIONS = "dispatcher.subscriptions";

    private final MetricRegistry registry;
    private final Counter delivered;
    private final Counter retryPending;
    private final Counter failed;
    private final Counter deadLettered;
    private final Counter tenantMismatch;
    private final Counter dropped;
    private final Counter invalidDeliveries;
    private final Counter invalidSubscriptions;
    private final Timer requestLatency;
    private final List<Registered> gauges = new ArrayList<>();

    private record Registered(String name, Gauge<Integer> gauge) {
    }

    public DispatcherMetrics(MetricRegistry registry) {
        this.registry = registry;
        delivered = registry.counter(DELIVERED);
        retryPending = registry.counter(RETRY_PENDING);
        failed = registry.counter(FAILED);
        deadLettered = registry.counter(DEAD_LETTERED);
        tenantMismatch = registry.counter(TENANT_MISMATCH);
        dropped = registry.counter(DROPPED);
        invalidDeliveries = registry.counter(INVALID_DELIVERIES);
        invalidSubscriptions = registry.counter(INVALID_SUBSCRIPTIONS);
        requestLatency = registry.timer(REQUEST_LATENCY);
    }

    /** Counts an attempt's outcome and the time its request took. */
    public void attempt(DeliveryOutcome outcome, long nanos) {
        requestLatency.update(nanos, TimeUnit.NANOSECONDS);
        if (outcome instanceof DeliveryOutcome.Delivered) {
            delivered.inc();
        } else if (outcome instanceof DeliveryOutcome.Retry) {
            retryPending.inc();
        } else {
            failed.inc();
        }
    }

    public void deadLettered() {
        deadLettered.inc();
    }

    public void tenantMismatch() {
        tenantMismatch.inc();
    }

    public void dropped() {
        dropped.inc();
    }

    public void invalidDelivery() {
        invalidDeliveries.inc();
    }

    public void invalidSubscription() {
        invalidSubscriptions.inc();
    }

    public synchronized void gauge(String name, IntSupplier value) {
        Gauge<Integer> gauge = value::getAsInt;
        registry.remove(name);
        registry.register(name, gauge);
        gauges.add(new Registered(name, gauge));
    }

    /** Removes the gauges this instance registered, unless another replaced them since. */
    @Override
    public synchronized void close() {
        for (Registered registered : gauges) {
            registry.removeMatching((name, metric) -> name.equals(registered.name()) && metric == registered.gauge());
        }
        gauges.clear();
    }
}
