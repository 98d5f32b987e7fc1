package io.hookline.router.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.router.internal.StreamsGauges.Aggregate;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

class StreamsGaugesTest {
    private final Map<MetricName, Metric> metrics = new HashMap<>();

    @Test
    void sumsTheLagOfTheMainConsumersPartitionsOnly() {
        lag("app-1-StreamThread-1-consumer", "events", 0, 5);
        lag("app-1-StreamThread-2-consumer", "events", 1, 7);
        lag("app-1-restore-consumer", "app-routes-changelog", 0, 1000);
        StreamsGauges gauge = new StreamsGauges("consumer-fetch-manager-metrics", "records-lag",
                StreamsGauges.MAIN_CONSUMERS, Aggregate.SUM, () -> metrics);

        assertEquals(12.0, gauge.value());
    }

    @Test
    void takesTheLargestAndSkipsValuesNotYetMeasured() {
        put("stream-thread-metrics", "commit-latency-max", Map.of("thread-id", "t1"), 12.5);
        put("stream-thread-metrics", "commit-latency-max", Map.of("thread-id", "t2"), 40.0);
        put("stream-thread-metrics", "commit-latency-max", Map.of("thread-id", "t3"), Double.NaN);
        put("stream-thread-metrics", "commit-latency-avg", Map.of("thread-id", "t1"), 99.0);

        assertEquals(40.0, new StreamsGauges("stream-thread-metrics", "commit-latency-max", StreamsGauges.ALL,
                Aggregate.MAX, () -> metrics).value());
    }

    @Test
    void isNaNWhenNothingIsThere() {
        put("stream-thread-metrics", "commit-latency-max", Map.of("thread-id", "t1"), Double.NaN);

        assertTrue(Double.isNaN(new StreamsGauges("stream-thread-metrics", "commit-latency-max", StreamsGauges.ALL,
                Aggregate.MAX, () -> metrics).value()));
        assertTrue(Double.isNaN(new StreamsGauges("stream-task-metrics", "restore-remaining-records-total",
                StreamsGauges.ALL, Aggregate.SUM, Map::of).value()));
    }

    private void lag(String clientId, String topic, int partition, double lag) {
        put("consumer-fetch-manager-metrics", "records-lag", Map.of("client-id", clientId, "topic", topic,
                "partition", Integer.toString(partition)), lag);
    }

    private void put(String group, String name, Map<String, String> tags, double value) {
        MetricName metricName = new MetricName(name, group, "", tags);
        metrics.put(metricName, new Metric() {
            @Override
            public MetricName metricName() {
                return metricName;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        });
    }
}
