package io.hookline.router;

import static io.hookline.testkit.Fixtures.subscription;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Topics;
import io.hookline.testkit.TestKafka;
import io.hookline.testkit.TestTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router with many subscriptions on a real broker: 100,000 loaded (10,000 in one tenant)
 * and then routed to within seconds, and one event fanned out to 10,000 subscriptions exactly
 * once. Times and heap are printed, not asserted: this box is shared.
 */
class RouterScaleIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120); // generous: a measurement, not a timing test
    private static final int PARTITIONS = 3;

    @TempDir
    Path stateDir;

    private String bootstrap;
    private Topics topics;
    private Router router;
    private KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void setUp() {
        bootstrap = TestKafka.shared().bootstrapServers();
        topics = new Topics(TestTopics.unique("router-scale-it"));
        TestTopics.createAll(bootstrap, topics, PARTITIONS);
        // as a GitOps job would load them: batched, idempotent, not transactional. One request in
        // flight: on a topic this new, five once met OUT_OF_ORDER_SEQUENCE_NUMBER, retried until the
        // delivery timeout (the broker logging "Error processing append operation" every second).
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
                new StringSerializer(), new ByteArraySerializer());
        router = Router.create(new RouterConfig(Map.of(RouterConfig.BOOTSTRAP_SERVERS, bootstrap,
                RouterConfig.TOPIC_PREFIX, topics.prefix(),
                RouterConfig.APPLICATION_ID, TestTopics.unique("router-scale-it-app"),
                RouterConfig.STATE_DIR, stateDir.toString(),
                RouterConfig.SHUTDOWN_TIMEOUT, "20s")), new MetricRegistry());
        router.start();
    }

    @AfterEach
    void tearDown() {
        router.close();
        producer.close();
    }

    @Test
    void routesAnEventSecondsAfterAHundredThousandSubscriptionsWereLoaded() {
        await("router running").atMost(TIMEOUT).until(router::isRunning);
        long start = System.nanoTime();
        for (int i = 0; i < 10_000; i++) { // one tenant of 10,000, each with its own type and a shared one
            publish("big-" + i, "big", "customer-" + i + ".*", "order.created");
        }
        for (int i = 0; i < 89_999; i++) { // 900 tenants of 100
            publish("sub-" + i, "tenant-" + (i % 900), "order.*");
        }
        publish("last", "big", "probe.last");
        producer.flush();
        long published = System.nanoTime();

        // the router has absorbed them all once an event only the last one matches reaches it
        List<ConsumerRecord<String, Delivery>> routed = new ArrayList<>();
        try (KafkaConsumer<String, Delivery> deliveries = deliveriesConsumer()) {
            for (int probe = 0; routed.isEmpty(); probe++) {
                assertTrue(System.nanoTime() - published < TIMEOUT.toNanos(), "no probe routed within " + TIMEOUT);
                send("big", "probe-" + probe, "probe.last");
                deliveries.poll(Duration.ofMillis(250)).forEach(routed::add);
            }
        }
        long arrived = System.nanoTime();
        assertEquals("last", routed.get(0).value().subscriptionId());
        System.out.printf("RouterScaleIT: 100,000 subscriptions published in %d ms; an event routed %d ms after "
                        + "the last was published; heap used after GC: %d MiB; resident: %s%n",
                (published - start) / 1_000_000, (arrived - published) / 1_000_000, heapAfterGcMiB(), resident());

        send("big", "evt-one", "customer-4242.updated");
        assertEquals(List.of("big-4242"), deliveredTo("evt-one", 1));
    }

    @Test
    void fansOutOneEventToTenThousandSubscriptionsExactlyOnce() {
        Set<String> wide = new TreeSet<>();
        for (int i = 0; i < 10_000; i++) {
            wide.add("wide-" + i);
            publish("wide-" + i, "wide", i % 2 == 0 ? "order.*" : "order.created");
        }
        publish("narrow", "narrow", "order.created");
        producer.flush();
        await("routes loaded").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> router.routedSubscriptionIds("wide").size() == 10_000
                        && router.routedSubscriptionIds("narrow").size() == 1);

        long sent = System.nanoTime();
        send("wide", "evt-wide", "order.created");
        send("narrow", "evt-narrow", "order.created");
        List<ConsumerRecord<String, Delivery>> records = TestTopics.consume(bootstrap, topics.deliveries().name(),
                new StringDeserializer(), topics.deliveries().valueSerde().deserializer(), 10_001, TIMEOUT);
        long delivered = System.nanoTime();
        System.out.printf("RouterScaleIT: 10,000-way fan-out written and committed in %d ms%n",
                (delivered - sent) / 1_000_000);

        Set<String> pairs = new HashSet<>();
        Set<String> reached = new TreeSet<>();
        for (ConsumerRecord<String, Delivery> record : records) {
            Delivery delivery = record.value();
            assertTrue(pairs.add(delivery.eventId() + " -> " + delivery.subscriptionId()), "twice: " + delivery);
            if (delivery.eventId().equals("evt-wide")) {
                reached.add(delivery.subscriptionId());
            }
        }
        assertEquals(10_001, records.size());
        assertTrue(wide.equals(reached), "evt-wide reached " + reached.size() + " of 10,000");
        assertTrue(pairs.contains("evt-narrow -> narrow"));
    }

    /** The subscription ids the deliveries of {@code eventId} went to, once {@code count} are there. */
    private List<String> deliveredTo(String eventId, int count) {
        return TestTopics.consume(bootstrap, topics.deliveries().name(), new StringDeserializer(),
                        topics.deliveries().valueSerde().deserializer(), 1, TIMEOUT).stream()
                .map(ConsumerRecord::value).filter(delivery -> delivery.eventId().equals(eventId))
                .map(Delivery::subscriptionId).sorted().limit(count).toList();
    }

    private KafkaConsumer<String, Delivery> deliveriesConsumer() {
        KafkaConsumer<String, Delivery> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), topics.deliveries().valueSerde().deserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            partitions.add(new TopicPartition(topics.deliveries().name(), p));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static long heapAfterGcMiB() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }

    /** The resident set of this JVM, on Linux: heap, RocksDB and (unless in a child JVM) the broker. */
    private static String resident() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(line -> line.startsWith("VmRSS"))
                    .map(line -> line.replaceAll("\\s+", " ")).findFirst().orElse("?");
        } catch (IOException | UncheckedIOException e) {
            return "?";
        }
    }

    private void publish(String id, String tenant, String... patterns) {
        producer.send(new ProducerRecord<>(topics.subscriptions().name(), id,
                Json.write(subscription(id).tenant(tenant).eventTypes(patterns).build())));
    }

    private void send(String tenant, String id, String type) {
        producer.send(new ProducerRecord<>(topics.events().name(), tenant, ("{\"id\":\"" + id + "\",\"type\":\""
                + type + "\",\"data\":{\"n\":1}}").getBytes(StandardCharsets.UTF_8)));
        producer.flush();
    }
}
