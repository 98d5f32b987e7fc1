package io.hookline.router;

import static io.hookline.testkit.Fixtures.subscription;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.hookline.common.HooklineException;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Subscription;
import io.hookline.common.wire.Topics;
import io.hookline.router.internal.TenantPlacement;
import io.hookline.testkit.TestKafka;
import io.hookline.testkit.TestTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router as operators run it, on a real broker: a clean restart reads nothing back from
 * the changelogs, readiness holds through a rebalance, Kafka Streams' metrics are exported, and
 * partitions added to the events topic are refused.
 */
class RouterOperationsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int PARTITIONS = 3;

    @TempDir
    Path stateDir;

    private final String bootstrap = TestKafka.shared().bootstrapServers();
    private final Topics topics = new Topics(TestTopics.unique("router-ops"));
    private final String applicationId = TestTopics.unique("router-ops-app");
    private final List<Router> routers = new ArrayList<>();

    @BeforeEach
    void createTopics() {
        TestTopics.createAll(bootstrap, topics, PARTITIONS);
    }

    @AfterEach
    void closeRouters() {
        routers.forEach(Router::close);
    }

    /**
     * One tenant per partition, each with a subscription, and events for the first only: the
     * other tasks hold routes but no routed ids, which is what made Kafka Streams 4.4 wipe and
     * restore them on every restart (an empty window store has no segment to keep its committed
     * offset in, and without transactional state stores a store without one counts as corrupt).
     */
    @Test
    void aCleanRestartRestoresNothingAndStreamsMetricsAreExported() {
        List<String> tenants = onePerPartition();
        MetricRegistry first = new MetricRegistry();
        Router router = start("one", first);
        publish(tenants.stream().map(tenant -> subscription("s-" + tenant).tenant(tenant).build())
                .toArray(Subscription[]::new));
        await().atMost(TIMEOUT).until(() -> tenants.stream()
                .allMatch(tenant -> router.routedSubscriptionIds(tenant).size() == 1));
        sendEvents(tenants.get(0), 0, 20);
        awaitDeliveries(20);
        assertTrue(gauge(first, RouterMetrics.STREAMS_COMMIT_LATENCY_MAX) >= 0, "commit latency exported");
        assertEquals(1.0, gauge(first, RouterMetrics.STREAMS_THREADS_ALIVE));
        await("lag exported").atMost(TIMEOUT).until(() -> gauge(first, RouterMetrics.STREAMS_LAG) == 0.0);
        assertTrue(gauge(first, RouterMetrics.STREAMS_PROCESS_RATE) >= 0);
        router.close();

        MetricRegistry second = new MetricRegistry();
        Router restarted = start("one", second);
        await().atMost(TIMEOUT).until(restarted::isRunning);
        sendEvents(tenants.get(0), 20, 30);
        sendEvents(tenants.get(1), 30, 31);
        sendEvents(tenants.get(2), 31, 32);
        awaitDeliveries(32);
        assertEquals(0, second.counter(RouterMetrics.STATE_RESTORED).getCount(),
                "a clean restart on the same state directory reads nothing back from the changelogs");

        // on an empty state directory, the same router restores what it had: the counter counts
        restarted.close();
        MetricRegistry third = new MetricRegistry();
        Router elsewhere = start("two", third);
        await().atMost(TIMEOUT).until(elsewhere::isRunning);
        sendEvents(tenants.get(0), 32, 33);
        awaitDeliveries(33);
        assertTrue(third.counter(RouterMetrics.STATE_RESTORED).getCount() >= 32 + 3,
                "restored the routed ids and the routes: " + third.counter(RouterMetrics.STATE_RESTORED).getCount());
    }

    private static List<String> onePerPartition() {
        TenantPlacement placement = new TenantPlacement(PARTITIONS);
        Map<Integer, String> tenants = new TreeMap<>();
        for (int n = 0; tenants.size() < PARTITIONS; n++) {
            tenants.putIfAbsent(placement.partitionOf("tenant-" + n), "tenant-" + n);
        }
        return List.copyOf(tenants.values());
    }

    @Test
    void staysReadyThroughARebalance() {
        Router first = start("first", new MetricRegistry());
        await().atMost(TIMEOUT).until(first::isRunning);

        Set<KafkaStreams.State> seen = EnumSet.noneOf(KafkaStreams.State.class);
        Router second = start("second", new MetricRegistry());
        // looked at every 2 ms: the first router must be ready in every state it passes through
        await("the second router running and the first RUNNING again").atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(2)).pollDelay(Duration.ZERO).until(() -> {
                    seen.add(first.state());
                    assertTrue(first.isRunning(), "ready while " + first.state());
                    return second.isRunning() && first.state() == KafkaStreams.State.RUNNING;
                });
        assertTrue(seen.contains(KafkaStreams.State.REBALANCING), "the first router rebalanced: " + seen);

        first.close();
        assertFalse(first.isRunning(), "not ready once closed");
    }

    @Test
    void refusesToStartOnceTheEventsTopicGainedPartitions() throws Exception {
        Router router = start("before", new MetricRegistry());
        publish(subscription("s-1").tenant("acme").build());
        // an event sent before the router holds the route would match nothing
        await("the route of s-1").atMost(TIMEOUT).until(() -> router.routedSubscriptionIds("acme").contains("s-1"));
        sendEvents("acme", 0, 1);
        awaitDeliveries(1);
        router.close();

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createPartitions(Map.of(topics.events().name(), NewPartitions.increaseTo(PARTITIONS + 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        HooklineException e = assertThrows(HooklineException.class,
                () -> Router.create(config("after"), new MetricRegistry()));
        assertTrue(e.getMessage().contains(topics.events().name() + " has " + (PARTITIONS + 1) + " partitions")
                && e.getMessage().contains("built for " + PARTITIONS), e.getMessage());
    }

    private static double gauge(MetricRegistry registry, String name) {
        Gauge<?> gauge = registry.getGauges().get(name);
        return ((Number) gauge.getValue()).doubleValue();
    }

    private Router start(String stateName, MetricRegistry metrics) {
        Router router = Router.create(config(stateName), metrics);
        routers.add(router);
        router.start();
        return router;
    }

    private RouterConfig config(String stateName) {
        Map<String, Object> values = new HashMap<>();
        values.put(RouterConfig.BOOTSTRAP_SERVERS, bootstrap);
        values.put(RouterConfig.TOPIC_PREFIX, topics.prefix());
        values.put(RouterConfig.APPLICATION_ID, applicationId);
        values.put(RouterConfig.STATE_DIR, stateDir.resolve(stateName).toString());
        values.put(RouterConfig.SHUTDOWN_TIMEOUT, "20s");
        return new RouterConfig(values);
    }

    private void publish(Subscription... subscriptions) {
        TestTopics.produceAll(bootstrap, new StringSerializer(), new ByteArraySerializer(), List.of(subscriptions)
                .stream().map(s -> new ProducerRecord<>(topics.subscriptions().name(), s.id(), Json.write(s)))
                .toList());
    }

    /** Events {@code from} (inclusive) to {@code to} of {@code tenant}. */
    private void sendEvents(String tenant, int from, int to) {
        TestTopics.produceAll(bootstrap, new StringSerializer(), new ByteArraySerializer(), IntStream.range(from, to)
                .mapToObj(n -> new ProducerRecord<>(topics.events().name(), tenant,
                        ("{\"id\":\"evt-" + n + "\",\"type\":\"order.created\",\"data\":{}}")
                                .getBytes(StandardCharsets.UTF_8)))
                .toList());
    }

    private void awaitDeliveries(int count) {
        List<ConsumerRecord<String, Delivery>> records = TestTopics.consume(bootstrap, topics.deliveries().name(),
                new StringDeserializer(), topics.deliveries().valueSerde().deserializer(), count, TIMEOUT);
        assertEquals(count, records.size());
    }
}
