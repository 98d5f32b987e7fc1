package io.hookline.app;

import static io.hookline.testkit.Fixtures.subscription;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.DeliveryIds;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Subscription;
import io.hookline.common.wire.Topics;
import io.hookline.router.RouterConfig;
import io.hookline.testkit.ChildJvm;
import io.hookline.testkit.TestKafka;
import io.hookline.testkit.TestTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly once across a crash: {@code hookline router} in a child JVM is killed with SIGKILL
 * while events flow (fan-out 3 and 2), then started again on the same state directory while
 * they still flow. A read_committed read of the deliveries topic must then hold every (event,
 * matching subscription) pair exactly once: none lost with the aborted transaction, none
 * written twice by the replay, none dropped as a duplicate because the dedupe store remembered
 * an id of the aborted transaction.
 */
class RouterCrashIT {
    private static final Logger log = LoggerFactory.getLogger(RouterCrashIT.class);
    private static final int EVENTS = 4_000;
    private static final int PARTITIONS = 4;
    /** Subscriptions per tenant, all matching order.created. */
    private static final Map<String, List<String>> SUBSCRIPTIONS = Map.of(
            "acme", List.of("s-acme-orders", "s-acme-all", "s-acme-created"),
            "globex", List.of("s-globex-1", "s-globex-2"));
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** A router JVM can take a minute to start on a loaded two-core machine. */
    private static final Duration START = Duration.ofMinutes(3);

    private final String bootstrap = TestKafka.shared().bootstrapServers();
    private final Topics topics = new Topics(TestTopics.unique("router-crash"));
    private final String applicationId = TestTopics.unique("router-crash-app");
    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private final ExecutorService sender = Executors.newSingleThreadExecutor();

    /** Kept when the test fails: the routers' log is in it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @BeforeEach
    void createTopicsAndSubscriptions() {
        TestTopics.createAll(bootstrap, topics, PARTITIONS);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        SUBSCRIPTIONS.forEach((tenant, ids) -> ids.forEach(id -> {
            Subscription s = subscription(id).tenant(tenant)
                    .eventTypes(id.endsWith("orders") ? "order.*" : id.endsWith("created") ? "order.created" : "**")
                    .build();
            records.add(new ProducerRecord<>(topics.subscriptions().name(), id, Json.write(s)));
        }));
        TestTopics.produceAll(bootstrap, new StringSerializer(), new ByteArraySerializer(), records);
    }

    @AfterEach
    void close() throws Exception {
        sender.shutdownNow();
        for (AutoCloseable closeable : closeAfter) {
            closeable.close();
        }
    }

    @Test
    void everyEventReachesEveryMatchingSubscriptionExactlyOnceAcrossASigkill() throws Exception {
        ChildJvm.Launcher launcher = new ChildJvm.Launcher(List.of("-Xmx512m", "-XX:+UseSerialGC"),
                dir, dir.resolve("router.log"));
        List<String> arguments = List.of("router", "--bootstrap-server", bootstrap, "--topic-prefix",
                topics.prefix(), "--config", writeConfig().toString(), "--ops-port", "0");
        ChildJvm crashing = launcher.start("the router", Hookline.class.getName(), arguments);
        closeAfter.add(crashing);
        awaitAllRoutes(crashing);

        int expected = EVENTS / 2 * (SUBSCRIPTIONS.get("acme").size() + SUBSCRIPTIONS.get("globex").size());
        AtomicInteger sent = new AtomicInteger();
        Future<?> sending = sender.submit(() -> sendEvents(sent));
        try (Admin admin = admin()) {
            await("a tenth of the deliveries committed").atMost(WAIT).pollInterval(Duration.ofMillis(20))
                    .failFast("the router exited", () -> !crashing.isAlive())
                    .until(() -> committedEnd(admin) >= probeDeliveries + expected / 10);
        }
        crashing.kill();
        int sentAtKill = sent.get();
        assertEquals(ChildJvm.KILLED_EXIT_CODE, crashing.exitCode(), "ended by SIGKILL");
        assertTrue(sentAtKill < EVENTS, "killed while events were still being sent (" + sentAtKill + " sent)");

        ChildJvm restart = launcher.start("the router, restarted", Hookline.class.getName(), arguments);
        closeAfter.add(restart);
        sending.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        List<ConsumerRecord<String, Delivery>> records;
        try {
            records = TestTopics.consume(bootstrap, topics.deliveries().name(), new StringDeserializer(),
                    topics.deliveries().valueSerde().deserializer(), expected + probeDeliveries, WAIT);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; from " + restart.logFile() + ": " + restart.logExcerpt(), e);
        }
        Map<String, Integer> pairs = new TreeMap<>();
        for (ConsumerRecord<String, Delivery> record : records) {
            Delivery delivery = record.value();
            assertEquals(DeliveryIds.deliveryId(delivery.eventId(), delivery.subscriptionId()), delivery.deliveryId());
            if (!delivery.eventId().startsWith("probe-")) {
                pairs.merge(delivery.eventId() + " -> " + delivery.subscriptionId(), 1, Integer::sum);
            }
        }
        Map<String, Integer> twice = pairs.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        List<String> missing = expectedPairs().stream().filter(pair -> !pairs.containsKey(pair)).toList();
        assertTrue(twice.isEmpty(), twice.size() + " pairs written more than once, e.g. "
                + twice.entrySet().stream().limit(5).toList());
        assertTrue(missing.isEmpty(), missing.size() + " pairs missing, e.g. " + missing.stream().limit(5).toList());
        assertEquals(expected, pairs.size(), "only the expected pairs");
        // what the restarted router read back from its changelogs (RestoreLog's lines), for the record
        List<String> restored = Files.readAllLines(restart.logFile()).stream()
                .filter(line -> line.contains("Restored ") && !line.contains("Restored 0 ")).toList();
        log.info("SIGKILL after {} of {} events sent; after the restart all {} deliveries were there, each once; "
                + "restored after the crash: {}", sentAtKill, EVENTS, expected, restored);
    }

    private int probeDeliveries;

    /**
     * Sends probe events until one of each tenant reaches all of the tenant's subscriptions, so
     * that the test's events meet complete routes (what the router has not yet seen, it cannot
     * route to).
     */
    private void awaitAllRoutes(ChildJvm router) {
        AtomicInteger probe = new AtomicInteger();
        await("the router routes to every subscription").atMost(START).pollInterval(Duration.ofMillis(500))
                .failFast("the router exited", () -> !router.isAlive())
                .until(() -> {
                    int n = probe.incrementAndGet();
                    List<ProducerRecord<String, byte[]>> probes = SUBSCRIPTIONS.keySet().stream()
                            .map(tenant -> event(tenant, "probe-" + tenant + "-" + n)).toList();
                    TestTopics.produceAll(bootstrap, new StringSerializer(), new ByteArraySerializer(), probes);
                    List<ConsumerRecord<String, Delivery>> seen = TestTopics.consume(bootstrap,
                            topics.deliveries().name(), new StringDeserializer(),
                            topics.deliveries().valueSerde().deserializer(), 0, Duration.ofSeconds(5));
                    probeDeliveries = seen.size();
                    return SUBSCRIPTIONS.keySet().stream().allMatch(tenant -> seen.stream()
                            .filter(r -> r.value().eventId().equals("probe-" + tenant + "-" + n)).count()
                            == SUBSCRIPTIONS.get(tenant).size());
                });
        // probes still in flight when the last one matched may add deliveries: count them at the end
        await().atMost(WAIT).until(() -> {
            int before = probeDeliveries;
            probeDeliveries = TestTopics.consume(bootstrap, topics.deliveries().name(), new StringDeserializer(),
                    topics.deliveries().valueSerde().deserializer(), before, Duration.ofSeconds(5)).size();
            return probeDeliveries == before;
        });
    }

    /**
     * Sends the events, alternately of acme and globex, at about 500 a second: five on each tick
     * of a 10 ms schedule.
     */
    private void sendEvents(AtomicInteger sent) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5);
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            CountDownLatch allSent = new CountDownLatch(1);
            pacer.scheduleAtFixedRate(() -> {
                for (int i = 0; i < 5 && sent.get() < EVENTS; i++) {
                    int n = sent.get();
                    producer.send(event(n % 2 == 0 ? "acme" : "globex", "evt-" + n));
                    sent.incrementAndGet();
                }
                if (sent.get() >= EVENTS) {
                    allSent.countDown();
                }
            }, 0, 10, TimeUnit.MILLISECONDS);
            allSent.await();
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pacer.shutdownNow();
        }
    }

    private List<String> expectedPairs() {
        return IntStream.range(0, EVENTS).boxed().flatMap(n -> SUBSCRIPTIONS.get(n % 2 == 0 ? "acme" : "globex")
                .stream().map(id -> "evt-" + n + " -> " + id)).toList();
    }

    private ProducerRecord<String, byte[]> event(String tenant, String id) {
        return new ProducerRecord<>(topics.events().name(), tenant,
                ("{\"id\":\"" + id + "\",\"type\":\"order.created\",\"data\":{\"pad\":\"" + "x".repeat(200) + "\"}}")
                        .getBytes(StandardCharsets.UTF_8));
    }

    private Path writeConfig() throws Exception {
        Path config = dir.resolve("router.properties");
        Files.writeString(config, String.join(System.lineSeparator(),
                RouterConfig.APPLICATION_ID + "=" + applicationId,
                RouterConfig.STATE_DIR + "=" + dir.resolve("state"),
                // Static membership: the restarted router takes the killed one's place at once,
                // instead of waiting out its session before the group gives up on it.
                "kafka.group.instance.id=" + applicationId + "-0",
                ""), StandardCharsets.UTF_8);
        return config;
    }

    /** The read_committed end (last stable offset) of the deliveries topic, summed: about the deliveries committed. */
    private long committedEnd(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> partitions = IntStream.range(0, PARTITIONS)
                .mapToObj(p -> new TopicPartition(topics.deliveries().name(), p))
                .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
        return admin.listOffsets(partitions, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(10, TimeUnit.SECONDS).values().stream().mapToLong(info -> info.offset()).sum();
    }

    private Admin admin() {
        return Admin.create(new HashMap<>(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)));
    }
}
