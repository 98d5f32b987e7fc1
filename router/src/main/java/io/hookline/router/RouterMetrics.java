package io.hookline.router;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.hookline.common.ops.StageMetrics;
import io.hookline.router.internal.StreamsGauges;
import io.hookline.router.internal.StreamsGauges.Aggregate;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

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

    /**
     * Records restored into the router's local state from its changelogs: 0 after a clean
     * restart on the same state directory; after a crash or on a new machine, the size of what
     * had to be read back before routing resumed.
     */
    public static final String STATE_RESTORED = "router.state.restored";

    // Kafka Streams' own metrics, each folded into one number (see StreamsGauges)
    /** Records of the router's input topics (events, subscriptions, its own repartition topics) not yet read. */
    public static final String STREAMS_LAG = "router.streams.lag";
    /** Records processed per second, all stream threads together. */
    public static final String STREAMS_PROCESS_RATE = "router.streams.process.rate";
    /** Average time of a commit (a transaction, under exactly-once) in ms, the slowest stream thread's. */
    public static final String STREAMS_COMMIT_LATENCY_AVG = "router.streams.commit.latency.avg";
    /** Longest commit in ms over the last metrics window, of any stream thread. */
    public static final String STREAMS_COMMIT_LATENCY_MAX = "router.streams.commit.latency.max";
    /** Records still to restore from the changelogs before the tasks restoring now can route. */
    public static final String STREAMS_RESTORE_REMAINING = "router.streams.restore.remaining";
    /** Records restored per second from the changelogs. */
    public static final String STREAMS_RESTORE_RATE = "router.streams.restore.rate";
    /** Stream threads alive. */
    public static final String STREAMS_THREADS_ALIVE = "router.streams.threads.alive";

    private final Counter stateRestored = counter(STATE_RESTORED);
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

    /** {@code records} more restored from a changelog. */
    public void restored(long records) {
        stateRestored.inc(records);
    }

    /**
     * Registers the {@code router.streams.*} gauges over {@code metrics} (a Kafka Streams
     * instance's {@code metrics()}), read at each scrape; they replace gauges of those names
     * registered before, e.g. by a router that was closed.
     */
    public void streamsGauges(Supplier<? extends Map<MetricName, ? extends Metric>> metrics) {
        streamsGauge(STREAMS_LAG, "consumer-fetch-manager-metrics", "records-lag",
                StreamsGauges.MAIN_CONSUMERS.and(tags -> tags.containsKey("partition")), Aggregate.SUM, metrics);
        streamsGauge(STREAMS_PROCESS_RATE, "stream-thread-metrics", "process-rate", StreamsGauges.ALL,
                Aggregate.SUM, metrics);
        streamsGauge(STREAMS_COMMIT_LATENCY_AVG, "stream-thread-metrics", "commit-latency-avg", StreamsGauges.ALL,
                Aggregate.MAX, metrics);
        streamsGauge(STREAMS_COMMIT_LATENCY_MAX, "stream-thread-metrics", "commit-latency-max", StreamsGauges.ALL,
                Aggregate.MAX, metrics);
        streamsGauge(STREAMS_RESTORE_REMAINING, "stream-task-metrics", "restore-remaining-records-total",
                StreamsGauges.ALL, Aggregate.SUM, metrics);
        streamsGauge(STREAMS_RESTORE_RATE, "stream-state-updater-metrics", "restore-records-rate",
                StreamsGauges.ALL, Aggregate.SUM, metrics);
        streamsGauge(STREAMS_THREADS_ALIVE, "stream-metrics", "alive-stream-threads", StreamsGauges.ALL,
                Aggregate.SUM, metrics);
    }

    private void streamsGauge(String name, String group, String kafkaName, Predicate<Map<String, String>> tags,
                              Aggregate aggregate, Supplier<? extends Map<MetricName, ? extends Metric>> metrics) {
        StreamsGauges source = new StreamsGauges(group, kafkaName, tags, aggregate, metrics);
        Gauge<Double> gauge = source::value;
        registry().remove(name);
        registry().register(name, gauge);
    }
}
