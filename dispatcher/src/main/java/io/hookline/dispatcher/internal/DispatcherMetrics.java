package io.hookline.dispatcher.internal;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.hookline.common.ops.StageMetrics;
import io.hookline.common.wire.DeadLetterReason;
import io.hookline.dispatcher.DeliveryOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The dispatcher's metrics, all named here: a fixed set, never one per endpoint or tenant.
 * Counters and the timer are shared by every dispatcher of a registry; gauges belong to the
 * dispatcher that registered them last and are removed when it closes.
 */
public final class DispatcherMetrics extends StageMetrics implements AutoCloseable {
    public static final String DELIVERED = "dispatcher.delivered";
    public static final String RETRY_PENDING = "dispatcher.retry.pending";
    public static final String FAILED = "dispatcher.failed";
    public static final String DEAD_LETTERED = "dispatcher.dead.lettered";
    /** Dead letters of one reason: {@code dispatcher.dead.lettered.<reason>}, one per reason the dispatcher writes. */
    public static final String DEAD_LETTERED_PREFIX = DEAD_LETTERED + ".";
    /** Failed attempts queued on a retry tier for another attempt. */
    public static final String RETRIES_SCHEDULED = "dispatcher.retries.scheduled";
    /** How long after its {@code notBefore} a due retry was sent. */
    public static final String RETRY_LATENESS = "dispatcher.retry.lateness";
    /** Deliveries diverted to the first retry tier, unattempted, as their endpoint was at its in-flight bound. */
    public static final String DIVERTED = "dispatcher.diverted";
    /** Deliveries that found their endpoint at its in-flight bound and waited in memory for a place. */
    public static final String WAITED = "dispatcher.waited";
    /** Requests cancelled by a shutdown: not recorded, sent again after the restart. */
    public static final String CANCELLED = "dispatcher.cancelled";
    /** Attempts failed fast, without a request, as their endpoint's circuit was open. */
    public static final String CIRCUIT_REJECTED = "dispatcher.circuit.rejected";
    /** Times an endpoint's circuit opened (again). */
    public static final String CIRCUITS_OPENED = "dispatcher.circuits.opened";
    /** Endpoints whose circuit is open or probing now. */
    public static final String CIRCUITS_OPEN = "dispatcher.circuits.open";
    /** Endpoints with requests in flight now. */
    public static final String ENDPOINTS_IN_FLIGHT = "dispatcher.endpoints.in.flight";
    /** Deliveries not sent because their subscription id now belongs to another tenant; also dead-lettered. */
    public static final String TENANT_MISMATCH = "dispatcher.tenant.mismatch";
    /** Deliveries not sent and not dead-lettered: retries of a subscription deleted meanwhile. */
    public static final String DROPPED = "dispatcher.dropped";
    public static final String INVALID_DELIVERIES = "dispatcher.deliveries.invalid";
    public static final String INVALID_SUBSCRIPTIONS = "dispatcher.subscriptions.invalid";
    public static final String REQUEST_LATENCY = "dispatcher.request.latency";
    public static final String IN_FLIGHT = "dispatcher.in.flight";
    public static final String SUBSCRIPTIONS = "dispatcher.subscriptions";

    private final Counter delivered = counter(DELIVERED);
    private final Counter retryPending = counter(RETRY_PENDING);
    private final Counter failed = counter(FAILED);
    private final Counter deadLettered = counter(DEAD_LETTERED);
    private final Counter tenantMismatch = counter(TENANT_MISMATCH);
    private final Counter dropped = counter(DROPPED);
    private final Map<DeadLetterReason, Counter> deadLetteredByReason = new EnumMap<>(DeadLetterReason.class);
    private final Counter retriesScheduled = counter(RETRIES_SCHEDULED);
    private final Timer retryLateness = timer(RETRY_LATENESS);
    private final Counter diverted = counter(DIVERTED);
    private final Counter waited = counter(WAITED);
    private final Counter cancelled = counter(CANCELLED);
    private final Counter circuitRejected = counter(CIRCUIT_REJECTED);
    private final Counter circuitsOpened = counter(CIRCUITS_OPENED);
    private final Counter invalidDeliveries = counter(INVALID_DELIVERIES);
    private final Counter invalidSubscriptions = counter(INVALID_SUBSCRIPTIONS);
    private final Timer requestLatency = timer(REQUEST_LATENCY);
    private final List<Registered> gauges = new ArrayList<>();

    private record Registered(String name, Gauge<Integer> gauge) {
    }

    /** The reasons the dispatcher dead-letters for; the router's own (invalid or too large events) are not here. */
    public static final Set<DeadLetterReason> DISPATCHER_REASONS = Set.copyOf(EnumSet.complementOf(
            EnumSet.of(DeadLetterReason.INVALID_EVENT, DeadLetterReason.EVENT_TOO_LARGE)));

    public DispatcherMetrics(MetricRegistry registry) {
        super(registry);
        for (DeadLetterReason reason : DISPATCHER_REASONS) {
            deadLetteredByReason.put(reason, counter(DEAD_LETTERED_PREFIX + reason.wireName()));
        }
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

    public void deadLettered(DeadLetterReason reason) {
        deadLettered.inc();
        Counter byReason = deadLetteredByReason.get(reason);
        if (byReason != null) {
            byReason.inc();
        }
    }

    public void retryScheduled() {
        retriesScheduled.inc();
    }

    /** A due retry sent {@code late} after its {@code notBefore}; never negative. */
    public void retryLateness(Duration late) {
        retryLateness.update(late.isNegative() ? Duration.ZERO : late);
    }

    public void diverted() {
        diverted.inc();
    }

    public void waited() {
        waited.inc();
    }

    public void cancelled() {
        cancelled.inc();
    }

    public void circuitRejected() {
        circuitRejected.inc();
    }

    public void circuitOpened() {
        circuitsOpened.inc();
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
        registry().remove(name);
        registry().register(name, gauge);
        gauges.add(new Registered(name, gauge));
    }

    /** Removes the gauges this instance registered, unless another replaced them since. */
    @Override
    public synchronized void close() {
        for (Registered registered : gauges) {
            registry().removeMatching((name, metric) -> name.equals(registered.name()) && metric == registered.gauge());
        }
        gauges.clear();
    }
}
