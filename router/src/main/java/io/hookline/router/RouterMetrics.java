package io.hookline.router;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.hookline.common.ops.StageMetrics;

/**
 * The router's counters, a fixed set of names (never one per tenant or subscription).
 *
 * <p>They count work done, not work committed: after a crash the records of an aborted
 * transaction are processed again and counted again, while the deliveries topic still holds
 * each delivery once.
 */
public final class RouterMetrics extends StageMetrics {
    /** Events that produced at least one delivery. */
    public static final String EVENTS_ROUTED = "router.events.routed";
    /** Deliveries written, one per (event, matching subscription). */
    public static final String DELIVERIES_WRITTEN = "router.deliveries.written";
    /** Valid events that matched no enabled subscription of their tenant. */
    public static final String EVENTS_UNMATCHED = "router.events.unmatched";
    /** Events that could not be read, sent to the dead-letter topic. */
    public static final String EVENTS_INVALID = "router.events.invalid";
    /** Events dropped because their id was already routed for their tenant within the dedupe window. */
    public static final String EVENTS_DUPLICATE = "router.events.duplicate";
    /** Events larger than {@code router.max.event.bytes}, sent to the dead-letter topic without their bytes. */
    public static final String EVENTS_TOO_LARGE = "router.events.too_large";
    /** Subscription records that could not be read; they route nothing until fixed. */
    public static final String SUBSCRIPTIONS_INVALID = "router.subscriptions.invalid";
    /**
     * Records Kafka refused as too large: dropped without exactly-once; under it, the stream
     * thread fails, since a transaction cannot skip a record.
     */
    public static final String RECORDS_TOO_LARGE = "router.records.too_large";

    private final Counter eventsRouted = counter(EVENTS_ROUTED);
    private final Counter deliveriesWritten = counter(DELIVERIES_WRITTEN);
    private final Counter eventsUnmatched = counter(EVENTS_UNMATCHED);
    private final Counter eventsInvalid = counter(EVENTS_INVALID);
    private final Counter eventsDuplicate = counter(EVENTS_DUPLICATE);
    private final Counter eventsTooLarge = counter(EVENTS_TOO_LARGE);
    private final Counter subscriptionsInvalid = counter(SUBSCRIPTIONS_INVALID);
    private final Counter recordsTooLarge = counter(RECORDS_TOO_LARGE);

    public RouterMetrics(MetricRegistry registry) {
        super(registry);
    }

    /** One event fanned out to {@code deliveries} subscriptions, possibly none. */
    public void eventRouted(int deliveries) {
        if (deliveries == 0) {
            eventsUnmatched.inc();
        } else {
            eventsRouted.inc();
            deliveriesWritten.inc(deliveries);
        }
    }

    public void eventInvalid() {
        eventsInvalid.inc();
    }

    public void eventDuplicate() {
        eventsDuplicate.inc();
    }

    public void eventTooLarge() {
        eventsTooLarge.inc();
    }

    public void subscriptionInvalid() {
        subscriptionsInvalid.inc();
    }

    public void recordTooLarge() {
        recordsTooLarge.inc();
    }
}
