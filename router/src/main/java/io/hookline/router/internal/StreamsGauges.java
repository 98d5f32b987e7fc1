package io.hookline.router.internal;

import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * One number from Kafka Streams' own metrics ({@code KafkaStreams.metrics()}), which come one
 * per thread, task or partition and appear and vanish as tasks move: the values of every metric
 * of a group and name (and, optionally, tags) folded into one, so that Hookline exports a fixed
 * set of names. NaN when no such metric exists now or none has a value yet (an average of no
 * samples), which Prometheus shows as NaN rather than a made-up 0.
 *
 * @param group     the Kafka metric group, e.g. {@code stream-thread-metrics}
 * @param name      the Kafka metric name, e.g. {@code commit-latency-max}
 * @param tags      which of those metrics count, by their tags
 * @param aggregate how their values are folded into one
 * @param metrics   where the metrics are read, at each read of the gauge
 */
public record StreamsGauges(String group, String name, Predicate<Map<String, String>> tags, Aggregate aggregate,
                            Supplier<? extends Map<MetricName, ? extends Metric>> metrics) {

    /** How the values of several metrics fold into one. */
    public enum Aggregate {
        /** Their total: lags, remaining records, rates of several threads. */
        SUM,
        /** The largest: latencies of several threads. */
        MAX
    }

    /** Every metric of the main consumers of the stream threads, not the restore consumer's. */
    public static final Predicate<Map<String, String>> MAIN_CONSUMERS = tags -> {
        String clientId = tags.getOrDefault("client-id", "");
        return clientId.contains("-StreamThread-") && clientId.endsWith("-consumer")
                && !clientId.endsWith("-restore-consumer");
    };

    /** Every metric of that group and name, whatever its tags. */
    public static final Predicate<Map<String, String>> ALL = tags -> true;

    /** The folded value now: NaN if there is nothing to fold. */
    public double value() {
        double result = Double.NaN;
        for (Map.Entry<MetricName, ? extends Metric> entry : metrics.get().entrySet()) {
            MetricName metric = entry.getKey();
            if (!metric.group().equals(group) || !metric.name().equals(name) || !tags.test(metric.tags())) {
                continue;
            }
            if (!(entry.getValue().metricValue() instanceof Number number)) {
                continue;
            }
            double value = number.doubleValue();
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                continue; // a max or average of no samples yet
            }
            result = Double.isNaN(result) ? value
                    : aggregate == Aggregate.SUM ? result + value : Math.max(result, value);
        }
        return result;
    }
}
