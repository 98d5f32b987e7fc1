package io.hookline.router;

import static io.hookline.testkit.Fixtures.subscription;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.hookline.common.HooklineException;
import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.DeliveryIds;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The router against a real broker: exactly-once fan-out, dead letters, dedupe across a restart. */
class RouterIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int PARTITIONS = 3;

    @TempDir
    Path stateDir;

    private String bootstrap;
    private Topics topics;
    private String applicationId;
    private KafkaProducer<String, byte[]> producer;
    private final List<Router> routers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        bootstrap = TestKafka.shared().bootstrapServers();
        topics = new Topics(TestTopics.unique("router-it"));
        applicationId = TestTopics.unique("router-it-app");
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void tearDown() {
        routers.forEach(Router::close);
        producer.close();
    }

    @Test
    void routesEveryEventToEveryMatchingSubscriptionExactlyOnceAcrossARestart() throws Exception {
        TestTopics.createAll(bootstrap, topics, PARTITIONS);
        Router router = start("first");
        publish(subscription("s-acme-orders").tenant("acme").eventTypes("order.*").build());
        publish(subscription("s-acme-all").tenant("acme").build());
        publish(subscription("s-acme-disabled").tenant("acme").enabled(false).build());
        publish(subscription("s-globex").tenant("globex").build());
        send(topics.subscriptions().name(), "s-broken", "{\"id\":\"s-broken\",\"url\":\"ftp://x\"}");
        awaitRoutes(router, Map.of("acme", 2, "globex", 1));
        assertTrue(router.isRunning());

        send(topics.events().name(), "acme", event("evt-1", "order.created", null));
        send(topics.events().name(), "acme", event("evt-2", "invoice.paid", null));
        send(topics.events().name(), "globex", event("evt-3", "order.shipped", "acme"));
        send(topics.events().name(), null, event("evt-4", "user.signed-up", "globex"));
        send(topics.events().name(), "acme", event("evt-1", "order.created", null)); // a re-send
        RecordMetadata noId = send(topics.events().name(), "acme", "{\"type\":\"order.paid\",\"data\":{}}");
        byte[] invalid = "{\"type\":\"order.created\",\"data\":".getBytes(StandardCharsets.UTF_8);
        RecordMetadata unreadable = send(topics.events().name(), "acme", invalid);

        String derived = DeliveryIds.derivedEventId(noId.topic(), noId.partition(), noId.offset(), noId.timestamp());
        Set<String> expected = new TreeSet<>(List.of(
                route("evt-1", "s-acme-orders"), route("evt-1", "s-acme-all"),
                route("evt-2", "s-acme-all"),
                route("evt-3", "s-acme-orders"), route("evt-3", "s-acme-all"),
                route("evt-4", "s-globex"),
                route(derived, "s-acme-orders"), route(derived, "s-acme-all")));
        assertDeliveries(expected);

        List<ConsumerRecord<String, DeadLetter>> dead = TestTopics.consume(bootstrap, topics.deadLetter().name(),
                new StringDeserializer(), topics.deadLetter().valueSerde().deserializer(), 1, TIMEOUT);
        assertEquals(1, dead.size());
        assertEquals("acme", dead.get(0).key());
        assertArrayEquals(invalid, dead.get(0).value().rawEvent());
        assertEquals(unreadable.partition(), dead.get(0).value().sourcePartition());
        assertEquals(unreadable.offset(), dead.get(0).value().sourceOffset());

        // a new router with empty local state: it restores the routes and the routed ids
        router.close();
        assertFalse(router.isRunning());
        start("second");
        send(topics.events().name(), "acme", event("evt-1", "order.created", null));
        send(topics.events().name(), "globex", event("evt-5", "order.created", null));
        expected.add(route("evt-5", "s-globex"));
        assertDeliveries(expected);
    }

    @Test
    void routesAnEventItsProducerPutOnAnotherPartitionThanMurmur2s() throws Exception {
        TestTopics.createAll(bootstrap, topics, PARTITIONS);
        Router router = start("partitioners");
        publish(subscription("s-acme").build());
        awaitRoutes(router, Map.of("acme", 1));

        // as a librdkafka (CRC32), Sarama (FNV-1a) or kafka-go (round-robin) producer may place it
        int murmur2 = new TenantPlacement(PARTITIONS).partitionOf("acme");
        int elsewhere = (murmur2 + 1) % PARTITIONS;
        RecordMetadata sent = producer.send(new ProducerRecord<>(topics.events().name(), elsewhere, "acme",
                event("evt-elsewhere", "order.created", null).getBytes(StandardCharsets.UTF_8))).get();
        assertEquals(elsewhere, sent.partition());
        send(topics.events().name(), "acme", event("evt-home", "order.created", null));

        assertDeliveries(new TreeSet<>(List.of(route("evt-elsewhere", "s-acme"), route("evt-home", "s-acme"))));
    }

    @Test
    void aPausedRouterLeavesEventsWaitingAndRoutesThemOnceResumed() throws Exception {
        TestTopics.createAll(bootstrap, topics, PARTITIONS);
        MetricRegistry metrics = new MetricRegistry();
        Router router = start(config("paused"), metrics);
        publish(subscription("s-acme").build());
        awaitRoutes(router, Map.of("acme", 1));

        router.pause();
        send(topics.events().name(), "acme", event("evt-waits", "order.created", null));
        await("nothing routed while paused").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> metrics.counter(RouterMetrics.EVENTS_ROUTED).getCount(), count -> count == 0);
        assertTrue(router.isRunning(), "paused is not stopped");

        router.resume();
        assertDeliveries(Set.of(route("evt-waits", "s-acme")));
    }

    @Test
    void refusesToStartWithoutTheEventsTopic() {
        HooklineException e = assertThrows(HooklineException.class, () -> Router.create(config("missing"),
                new MetricRegistry()));

        assertTrue(e.getMessage().contains(topics.events().name()) && e.getMessage().contains("hookline topics create"),
                e.getMessage());
    }

    @Test
    void stopsWhenAnotherTopicItReadsDoesNotExist() {
        TestTopics.create(bootstrap, PARTITIONS, topics.events().name());
        Router router = start("missing");
        await("the router stops").atMost(TIMEOUT).until(router::state,
                state -> state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING);
        assertFalse(router.isRunning());
    }

    /** Reads every committed delivery and checks it is exactly the expected set, each once. */
    private void assertDeliveries(Set<String> expected) {
        List<ConsumerRecord<String, Delivery>> records = TestTopics.consume(bootstrap, topics.deliveries().name(),
                new StringDeserializer(), topics.deliveries().valueSerde().deserializer(), expected.size(), TIMEOUT);
        List<String> routed = new ArrayList<>();
        for (ConsumerRecord<String, Delivery> record : records) {
            Delivery delivery = record.value();
            assertEquals(record.key(), delivery.subscriptionId());
            assertEquals(DeliveryIds.deliveryId(delivery.eventId(), delivery.subscriptionId()), delivery.deliveryId());
            routed.add(route(delivery.eventId(), delivery.subscriptionId()));
        }
        routed.sort(null);
        assertEquals(new ArrayList<>(expected), routed, "each (event, subscription) exactly once");
    }

    /** Waits until {@code router} routes each tenant's events to {@code counts} enabled subscriptions. */
    private static void awaitRoutes(Router router, Map<String, Integer> counts) {
        counts.forEach((tenant, count) -> await("routes of " + tenant).atMost(TIMEOUT)
                .until(() -> router.routedSubscriptionIds(tenant).size(), count::equals));
    }

    private Router start(String name) {
        return start(config(name), new MetricRegistry());
    }

    private Router start(RouterConfig config, MetricRegistry metrics) {
        Router router = Router.create(config, metrics);
        routers.add(router);
        router.start();
        return router;
    }

    private RouterConfig config(String name) {
        return config(name, Map.of());
    }

    private RouterConfig config(String name, Map<String, Object> settings) {
        Map<String, Object> values = new HashMap<>(settings);
        values.put(RouterConfig.BOOTSTRAP_SERVERS, bootstrap);
        values.put(RouterConfig.TOPIC_PREFIX, topics.prefix());
        values.put(RouterConfig.APPLICATION_ID, applicationId);
        values.put(RouterConfig.STATE_DIR, stateDir.resolve(name).toString());
        values.put(RouterConfig.SHUTDOWN_TIMEOUT, "20s");
        return new RouterConfig(values);
    }

    private static String route(String eventId, String subscriptionId) {
        return eventId + " -> " + subscriptionId;
    }

    private static String event(String id, String type, String tenant) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\""
                + (tenant == null ? "" : ",\"tenant\":\"" + tenant + "\"") + ",\"data\":{\"n\":1}}";
    }

    private void publish(Subscription subscription) throws Exception {
        send(topics.subscriptions().name(), subscription.id(), Json.write(subscription));
    }

    private RecordMetadata send(String topic, String key, String value) throws Exception {
        return send(topic, key, value.getBytes(StandardCharsets.UTF_8));
    }

    private RecordMetadata send(String topic, String key, byte[] value) throws InterruptedException, ExecutionException {
        return producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
}
