package io.hookline.router;

import static io.hookline.testkit.Fixtures.delivery;
import static io.hookline.testkit.Fixtures.event;
import static io.hookline.testkit.Fixtures.subscription;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.DeadLetterReason;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.DeliveryIds;
import io.hookline.common.wire.Event;
import io.hookline.common.wire.EventTypePattern;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Subscription;
import io.hookline.common.wire.Topics;
import io.hookline.router.internal.TenantPlacement;
import io.hookline.testkit.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterTopologyTest {
    private static final Topics TOPICS = new Topics("t");
    private static final String APP = "router-test";
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final Duration WINDOW = Duration.ofHours(24); // the default router.dedupe.window
    private static final String HEADER_VALUE = "Bearer s3cr3t-header-value";

    @TempDir
    Path stateDir;

    private MetricRegistry registry;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> events;
    private TestInputTopic<String, byte[]> subscriptions;
    private TestOutputTopic<String, Delivery> deliveries;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeEach
    void start() {
        registry = new MetricRegistry();
        startDriver(stateDir.resolve("first"));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void startDriver(Path dir) {
        startDriver(dir, 1, Map.of());
    }

    /** The driver reads every input record from partition 0 of its topic. */
    private void startDriver(Path dir, int eventPartitions, Map<String, Object> settings) {
        Map<String, Object> values = new HashMap<>(settings);
        values.put(RouterConfig.TOPIC_PREFIX, TOPICS.prefix());
        values.put(RouterConfig.APPLICATION_ID, APP);
        values.put(RouterConfig.STATE_DIR, dir.toString());
        RouterConfig config = new RouterConfig(values);
        Properties properties = new Properties();
        properties.putAll(config.streamsProperties());
        driver = new TopologyTestDriver(RouterTopology.build(config, registry, eventPartitions), properties, T0);
        events = driver.createInputTopic(TOPICS.events().name(), new StringSerializer(), new ByteArraySerializer());
        subscriptions = driver.createInputTopic(TOPICS.subscriptions().name(), new StringSerializer(),
                new ByteArraySerializer());
        deliveries = driver.createOutputTopic(TOPICS.deliveries().name(), new StringDeserializer(),
                TOPICS.deliveries().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(TOPICS.deadLetter().name(), new StringDeserializer(),
                TOPICS.deadLetter().valueSerde().deserializer());
    }

    @Test
    void shouldFanOutToEveryMatchingSubscription() {
        put(subscription("exact").eventTypes("order.created").build());
        put(subscription("star").eventTypes("order.*").build());
        put(subscription("tail").eventTypes("order.**").build());
        put(subscription("all").build());
        put(subscription("invoices").eventTypes("invoice.paid", "invoice.*.failed").build());
        put(subscription("other-tenant").tenant("globex").build()); // the others are acme's

        send("acme", "evt_1", "order.created", null, T0);
        assertRoutedTo("evt_1", "acme", List.of("all", "exact", "star", "tail"));

        send("acme", "evt_2", "order.item.added", null, T0);
        assertRoutedTo("evt_2", "acme", List.of("all", "tail"));

        send("acme", "evt_3", "invoice.paid", null, T0);
        assertRoutedTo("evt_3", "acme", List.of("all", "invoices"));

        send("acme", "evt_4", "order", null, T0); // `order.**` needs at least one more segment
        assertRoutedTo("evt_4", "acme", List.of("all"));

        send("acme", "evt_5", "invoice.card.failed", null, T0);
        assertRoutedTo("evt_5", "acme", List.of("all", "invoices"));

        assertEquals(5, counter(RouterMetrics.EVENTS_ROUTED));
        assertEquals(11, counter(RouterMetrics.DELIVERIES_WRITTEN));
    }

    @Test
    void deliveryCarriesTheEventAndADeterministicIdOnBothPaths() {
        put(subscription("s1").eventTypes("order.created").build());
        Instant eventTime = Instant.parse("2026-11-27T09:00:00Z");
        String data = "{\"orderId\":42,\"note\":\"caf\u00e9 \\u2603\",\"items\":[{\"sku\":\"A-1\"},null,true]}";
        String json = "{\"id\":\"evt_42\",\"type\":\"order.created\",\"timestamp\":\"" + eventTime
                + "\",\"tenant\":\"acme\",\"data\":" + data + "}";
        Event event = event("evt_42").type("order.created").timestamp(eventTime).tenant("acme")
                .data(Json.read(json, Event.class).data()).build();
        Delivery expected = delivery("evt_42", "s1").eventType("order.created").tenant("acme")
                .body(event.webhookBody()).build();

        events.pipeInput("acme", json.getBytes(StandardCharsets.UTF_8), T0);
        assertEquals(List.of(KeyValue.pair("s1", expected)), deliveries.readKeyValuesToList());

        // keyed by another tenant: through the repartition topic, and still the same delivery
        events.pipeInput("globex", json.replace("evt_42", "evt_43").getBytes(StandardCharsets.UTF_8), T0);
        Delivery rekeyed = deliveries.readValue();
        assertEquals(expected.body().replace("evt_42", "evt_43"), rekeyed.body());
        assertEquals(DeliveryIds.deliveryId("evt_43", "s1"), rekeyed.deliveryId());
        assertTrue(deliveries.isEmpty());
    }

    @Test
    void tenantInTheValueBeatsTheKey() {
        put(subscription("acme-sub").tenant("acme").build());
        put(subscription("globex-sub").tenant("globex").build());

        send("globex", "evt_1", "order.created", "acme", T0);

        assertRoutedTo("evt_1", "acme", List.of("acme-sub"));
        assertTrue(driver.producedTopicNames().contains(APP + "-" + RouterTopology.EVENTS_BY_TENANT + "-repartition"),
                "an event whose key is not its tenant is re-keyed through the repartition topic");
    }

    @Test
    void eventKeyedByItsTenantOnAnotherPartitionThanMurmur2sIsReKeyedFirst() {
        // four partitions in the topology, while the driver reads everything from partition 0: a
        // tenant murmur2 puts on another partition arrives where a CRC32 or FNV-1a producer put it
        driver.close();
        startDriver(stateDir.resolve("four-partitions"), 4, Map.of());
        TenantPlacement placement = new TenantPlacement(4);
        String onZero = tenantOnPartition(placement, 0);
        String elsewhere = tenantOnPartition(placement, 3);
        put(subscription("s-zero").tenant(onZero).build());
        put(subscription("s-elsewhere").tenant(elsewhere).build());
        TestOutputTopic<String, byte[]> repartitioned = driver.createOutputTopic(
                APP + "-" + RouterTopology.EVENTS_BY_TENANT + "-repartition", new StringDeserializer(),
                new ByteArrayDeserializer());

        send(onZero, "evt_direct", "order.created", null, T0);
        assertRoutedTo("evt_direct", onZero, List.of("s-zero"));
        assertTrue(repartitioned.isEmpty(), "keyed by its tenant on murmur2's partition: joined directly");

        send(elsewhere, "evt_moved", "order.created", null, T0);
        assertRoutedTo("evt_moved", elsewhere, List.of("s-elsewhere"));
        assertEquals(List.of(elsewhere), repartitioned.readKeyValuesToList().stream().map(kv -> kv.key).toList(),
                "keyed by its tenant, but not on murmur2's partition: through the repartition topic");
    }

    @Test
    void eventOverTheSizeLimitGoesToTheDeadLetterTopicWithoutItsBytes() {
        driver.close();
        startDriver(stateDir.resolve("small-limit"), 1, Map.of(RouterConfig.MAX_EVENT_BYTES, 1024));
        put(subscription("s1").build());
        byte[] atLimit = eventOfSize("evt_at_limit", 1024 - "acme".length());
        byte[] overLimit = eventOfSize("evt_over_limit", 1024 - "acme".length() + 1);

        events.pipeInput("acme", atLimit, T0);
        assertRoutedTo("evt_at_limit", "acme", List.of("s1"));
        events.pipeInput("acme", overLimit, T0);

        assertTrue(deliveries.isEmpty());
        List<TestRecord<String, DeadLetter>> dead = deadLetters.readRecordsToList();
        assertEquals(1, dead.size());
        assertEquals("acme", dead.get(0).key());
        DeadLetter deadLetter = dead.get(0).value();
        assertEquals(DeadLetter.Origin.ROUTER, deadLetter.stage());
        assertEquals(DeadLetterReason.EVENT_TOO_LARGE, deadLetter.reason());
        assertNull(deadLetter.rawEvent(), "the dead letter does not carry the event's bytes");
        assertArrayEquals("acme".getBytes(StandardCharsets.UTF_8), deadLetter.rawKey());
        assertEquals(TOPICS.events().name(), deadLetter.sourceTopic());
        assertEquals(0, deadLetter.sourcePartition());
        assertEquals(1L, deadLetter.sourceOffset());
        assertTrue(deadLetter.lastError().contains("1025") && deadLetter.lastError().contains("1024"),
                deadLetter.lastError());
        assertTrue(Json.write(deadLetter).length < 512, "the dead letter stays small");
        assertEquals(1, counter(RouterMetrics.EVENTS_TOO_LARGE));
        assertEquals(0, counter(RouterMetrics.EVENTS_INVALID));
    }

    @Test
    void eventsWithoutTenantUseTheKeyElseDefault() {
        put(subscription("acme-sub").tenant("acme").build());
        put(subscription("default-sub").tenant("default").build());

        send("acme", "evt_keyed", "order.created", null, T0);
        assertRoutedTo("evt_keyed", "acme", List.of("acme-sub"));

        send(null, "evt_keyless", "order.created", null, T0);
        assertRoutedTo("evt_keyless", "default", List.of("default-sub"));

        send("", "evt_empty_key", "order.created", null, T0);
        assertRoutedTo("evt_empty_key", "default", List.of("default-sub"));
    }

    @Test
    void eventWithoutIdGetsAStableIdFromItsCoordinates() {
        put(subscription("s1").build());
        byte[] noId = "{\"type\":\"order.created\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);

        events.pipeInput("acme", noId, T0);
        events.pipeInput("acme", noId, T0.plusSeconds(1));
        List<Delivery> first = deliveries.readValuesToList();

        String topic = TOPICS.events().name();
        assertEquals(List.of(DeliveryIds.derivedEventId(topic, 0, 0, T0.toEpochMilli()),
                        DeliveryIds.derivedEventId(topic, 0, 1, T0.plusSeconds(1).toEpochMilli())),
                first.stream().map(Delivery::eventId).toList(), "each record its own id, not a duplicate");
        Event body = Json.read(first.get(0).body(), Event.class);
        assertEquals(T0, body.timestamp(), "a missing timestamp is the record timestamp");

        // the same records at the same coordinates, processed again from scratch: the same ids
        driver.close();
        startDriver(stateDir.resolve("second"));
        put(subscription("s1").build());
        events.pipeInput("acme", noId, T0);
        events.pipeInput("acme", noId, T0.plusSeconds(1));
        assertEquals(first, deliveries.readValuesToList());
    }

    @Test
    void disabledAndDeletedSubscriptionsAreNotRoutedTo() {
        put(subscription("enabled").build());
        put(subscription("disabled").enabled(false).build());
        put(subscription("deleted").build());
        delete("deleted");

        send("acme", "evt_1", "order.created", null, T0);
        assertRoutedTo("evt_1", "acme", List.of("enabled"));

        put(subscription("disabled").build());
        send("acme", "evt_2", "order.created", null, T0);
        assertRoutedTo("evt_2", "acme", List.of("disabled", "enabled"));

        delete("enabled");
        delete("disabled");
        send("acme", "evt_3", "order.created", null, T0);
        assertTrue(deliveries.isEmpty());
        assertEquals(1, counter(RouterMetrics.EVENTS_UNMATCHED));
        assertStoreEmpty(RouterTopology.ROUTE_INDEX_STORE, "a tenant without routes leaves no entry behind");
    }

    @Test
    void subscriptionMovingToAnotherTenantFollowsIt() {
        put(subscription("mover").tenant("acme").build());
        put(subscription("stayer").tenant("acme").build());
        put(subscription("mover").tenant("globex").eventTypes("order.*").build());

        send("acme", "evt_1", "order.created", null, T0);
        assertRoutedTo("evt_1", "acme", List.of("stayer"));
        send("globex", "evt_2", "order.created", null, T0);
        assertRoutedTo("evt_2", "globex", List.of("mover"));

        put(subscription("mover").tenant("acme").eventTypes("invoice.*").build());
        send("globex", "evt_3", "order.created", null, T0);
        assertTrue(deliveries.isEmpty());
        send("acme", "evt_4", "invoice.paid", null, T0);
        assertRoutedTo("evt_4", "acme", List.of("mover", "stayer"));
    }

    @Test
    void invalidEventGoesToTheDeadLetterTopicWithItsBytes() {
        put(subscription("s1").build());
        byte[] notJson = "{\"type\": \"order.created\", oops".getBytes(StandardCharsets.UTF_8);
        byte[] noData = "{\"type\":\"order.created\"}".getBytes(StandardCharsets.UTF_8);
        byte[] badKeyNoTenant = "{\"type\":\"order.created\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);

        events.pipeInput("acme", notJson, T0);
        events.pipeInput(new TestRecord<>(null, noData, T0));
        events.pipeInput("bad key!", badKeyNoTenant, T0);
        events.pipeInput("acme", null, T0);
        send("acme", "evt_ok", "order.created", null, T0);

        List<KeyValue<String, DeadLetter>> dead = deadLetters.readKeyValuesToList();
        assertEquals(List.of("acme", "default", "bad key!", "acme"), dead.stream().map(kv -> kv.key).toList());
        DeadLetter first = dead.get(0).value;
        assertEquals(DeadLetter.Origin.ROUTER, first.stage());
        assertEquals(DeadLetterReason.INVALID_EVENT, first.reason());
        assertArrayEquals(notJson, first.rawEvent());
        assertArrayEquals("acme".getBytes(StandardCharsets.UTF_8), first.rawKey());
        assertEquals(TOPICS.events().name(), first.sourceTopic());
        assertEquals(0, first.sourcePartition());
        assertEquals(0L, first.sourceOffset());
        assertNotNull(first.lastError());
        assertEquals(T0, first.deadAt());
        assertArrayEquals(noData, dead.get(1).value.rawEvent());
        assertNull(dead.get(1).value.rawKey());
        assertTrue(dead.get(1).value.lastError().contains("data"), dead.get(1).value.lastError());
        assertTrue(dead.get(2).value.lastError().contains("tenant"), dead.get(2).value.lastError());
        assertNull(dead.get(3).value.rawEvent());
        assertEquals(3L, dead.get(3).value.sourceOffset());

        assertEquals(4, counter(RouterMetrics.EVENTS_INVALID));
        assertRoutedTo("evt_ok", "acme", List.of("s1"));
    }

    @Test
    void invalidSubscriptionIsSkippedAndCounted() {
        put(subscription("good").build());
        put(subscription("broken").build());
        putRaw("bad-url", subscriptionJson("bad-url").replace("https://", "ftp://"));
        putRaw("broken", subscriptionJson("broken").replace("\"eventTypes\":[\"**\"]", "\"eventTypes\":[]"));
        putRaw("not-json", "{\"id\":\"not-json\",");
        putRaw("other-id", subscriptionJson("someone-else"));
        subscriptions.pipeInput(new TestRecord<>(null, Json.write(subscription("keyless").build()), T0));

        send("acme", "evt_1", "order.created", null, T0);

        assertRoutedTo("evt_1", "acme", List.of("good"));
        assertEquals(5, counter(RouterMetrics.SUBSCRIPTIONS_INVALID));
    }

    @Test
    void duplicateEventIdWithinTheWindowIsDropped() {
        put(subscription("acme-sub").tenant("acme").build());
        put(subscription("globex-sub").tenant("globex").build());

        send("acme", "evt_dup", "order.created", null, T0);
        assertRoutedTo("evt_dup", "acme", List.of("acme-sub"));

        send("acme", "evt_dup", "order.created", null, T0.plus(Duration.ofHours(1)));
        send("acme", "evt_dup", "order.created", "acme", T0.plus(WINDOW).minusMillis(1));
        send("globex", "evt_dup", "order.created", null, T0.plus(Duration.ofHours(1)));
        assertRoutedTo("evt_dup", "globex", List.of("globex-sub")); // the window is per tenant
        assertEquals(2, counter(RouterMetrics.EVENTS_DUPLICATE));

        send("acme", "evt_dup", "order.created", null, T0.plus(WINDOW));
        assertRoutedTo("evt_dup", "acme", List.of("acme-sub"));
        send("acme", "evt_dup", "order.created", null, T0.plus(WINDOW).plusSeconds(1));
        assertTrue(deliveries.isEmpty(), "the second routing starts a new window");
        assertEquals(3, counter(RouterMetrics.EVENTS_DUPLICATE));
    }

    @Test
    void noSecretReachesAnyTopicOrStoreTheRouterWrites() {
        put(subscription("s1").tenant("acme").header("Authorization", HEADER_VALUE).build());
        put(subscription("s2").tenant("acme").header("Authorization", HEADER_VALUE).eventTypes("order.*")
                .enabled(false).build());
        put(subscription("s1").tenant("globex").header("Authorization", HEADER_VALUE).build());
        putRaw("s3", subscriptionJson("s3").replace("\"eventTypes\":[\"**\"]", "\"eventTypes\":[\"a..b\"]"));
        delete("s2");
        send("acme", "evt_1", "order.created", null, T0);
        send("acme", "evt_2", "order.created", "globex", T0);
        events.pipeInput("acme", "{not json".getBytes(StandardCharsets.UTF_8), T0);

        Set<String> topics = driver.producedTopicNames();
        assertTrue(topics.containsAll(List.of(TOPICS.deliveries().name(), TOPICS.deadLetter().name(),
                APP + "-" + RouterTopology.ROUTES_BY_SUBSCRIPTION_STORE + "-changelog",
                APP + "-" + RouterTopology.ROUTE_INDEX_STORE + "-changelog",
                APP + "-" + RouterTopology.ROUTED_EVENT_IDS_STORE + "-changelog",
                APP + "-" + RouterTopology.ROUTE_CHANGES_BY_TENANT + "-repartition",
                APP + "-" + RouterTopology.EVENTS_BY_TENANT + "-repartition")), topics.toString());
        int records = 0;
        for (String topic : topics) {
            for (TestRecord<byte[], byte[]> record : driver.createOutputTopic(topic, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()).readRecordsToList()) {
                assertNoSecret(topic + " key", record.key());
                assertNoSecret(topic + " value", record.value());
                records++;
            }
        }
        assertTrue(records >= 10, "records checked: " + records);
        for (String store : List.of(RouterTopology.ROUTES_BY_SUBSCRIPTION_STORE, RouterTopology.ROUTE_INDEX_STORE)) {
            KeyValueStore<String, Object> contents = driver.getKeyValueStore(store);
            try (KeyValueIterator<String, Object> all = contents.all()) {
                assertTrue(all.hasNext(), store + " is empty");
                all.forEachRemaining(entry -> assertNoSecret(store, Json.write(entry.value)));
            }
        }
    }

    @Test
    void indexMatchesExactlyWhatEveryPatternMatchesOnRandomPatternsAndTypes() {
        // a small vocabulary, so that patterns and types collide often; seeded, so a failure repeats
        Random random = new Random(20261130L);
        List<String> names = List.of("a", "b", "c", "order", "created");
        Map<String, Subscription> model = new HashMap<>();
        int events = 0;
        int matchedSomething = 0;
        for (int step = 0; step < 1_500; step++) { // ~600 events, each checked against ~120 subscriptions
            int dice = random.nextInt(10);
            String id = "s" + random.nextInt(150);
            if (dice < 5) {
                List<String> patterns = new ArrayList<>();
                for (int p = random.nextInt(3); p >= 0; p--) {
                    patterns.add(randomPattern(random, names));
                }
                Subscription subscription = subscription(id).tenant(random.nextInt(8) == 0 ? "globex" : "acme")
                        .eventTypes(patterns.toArray(String[]::new)).enabled(random.nextInt(6) != 0).build();
                put(subscription);
                model.put(id, subscription);
            } else if (dice < 6) {
                delete(id);
                model.remove(id);
            } else {
                String type = randomType(random, names);
                send("acme", "evt_" + step, type, null, T0);
                List<String> expected = model.values().stream()
                        .filter(s -> s.tenant().equals("acme") && s.enabled()
                                && EventTypePattern.parseAll(s.eventTypes()).stream().anyMatch(p -> p.matches(type)))
                        .map(Subscription::id).sorted().toList();
                List<String> routed = deliveries.readKeyValuesToList().stream().map(kv -> kv.key).toList();
                assertEquals(expected, routed, "event type " + type + " at step " + step);
                events++;
                matchedSomething += expected.isEmpty() ? 0 : 1;
            }
        }
        assertTrue(events > 500 && matchedSomething > events / 3, events + " events, " + matchedSomething + " matched");
    }

    @Test
    void updateDisableAndDeleteBetweenTwoEventsTakeEffect() {
        put(subscription("updated").eventTypes("order.*").build());
        put(subscription("disabled").eventTypes("order.created").build());
        put(subscription("deleted").eventTypes("**").build());
        put(subscription("moved").eventTypes("*.created").build());
        put(subscription("narrowed").eventTypes("order.**", "invoice.paid").build());
        send("acme", "evt_1", "order.created", null, T0);
        assertRoutedTo("evt_1", "acme", List.of("deleted", "disabled", "moved", "narrowed", "updated"));

        put(subscription("updated").eventTypes("invoice.*").build());
        put(subscription("disabled").eventTypes("order.created").enabled(false).build());
        delete("deleted");
        put(subscription("moved").tenant("globex").eventTypes("*.created").build());
        put(subscription("narrowed").eventTypes("invoice.paid").build());
        put(subscription("added").eventTypes("order.created.**", "order.*").build());
        send("acme", "evt_2", "order.created", null, T0);
        assertRoutedTo("evt_2", "acme", List.of("added"));

        send("acme", "evt_3", "invoice.paid", null, T0);
        assertRoutedTo("evt_3", "acme", List.of("narrowed", "updated"));
        put(subscription("disabled").eventTypes("order.created").build());
        send("acme", "evt_4", "order.created", null, T0);
        assertRoutedTo("evt_4", "acme", List.of("added", "disabled"));
    }

    @Test
    void tenantOfTenThousandSubscriptionsKeepsEveryRecordSmallAndFansOutInChunksOfTheRoutesAsTheyAre() {
        int size = 10_000;
        List<String> fannedOut = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String id = String.format("s%05d", i);
            String pattern = switch (i % 4) {
                case 0 -> "order.created";
                case 1 -> "order.*";
                case 2 -> "order.**";
                default -> "customer-" + i + ".updated";
            };
            put(subscription(id).tenant("big").eventTypes(pattern).build());
            if (i % 4 != 3) {
                fannedOut.add(id);
            }
        }
        put(subscription("small").tenant("acme").build());

        send("big", "evt_one", "customer-4243.updated", null, T0);
        assertRoutedTo("evt_one", "big", List.of("s04243"));

        send("big", "evt_many", "order.created", null, T0);
        List<KeyValue<String, Delivery>> written = new ArrayList<>(deliveries.readKeyValuesToList());
        assertEquals(5_000, written.size(), "the first chunk goes at once, the rest waits for a punctuation");
        send("acme", "evt_small", "order.created", null, T0);
        assertEquals(List.of("small"), deliveries.readKeyValuesToList().stream().map(kv -> kv.key).toList(),
                "another tenant's event does not wait for the whole fan-out");
        String last = fannedOut.remove(fannedOut.size() - 1);
        delete(last); // deleted before its chunk: it gets nothing
        driver.advanceWallClockTime(Duration.ofMillis(100));
        written.addAll(deliveries.readKeyValuesToList());
        assertSameIds(fannedOut, written); // each once, in id order
        assertTrue(written.stream().allMatch(kv -> kv.value.eventId().equals("evt_many")));
        driver.advanceWallClockTime(Duration.ofMillis(100));
        assertTrue(deliveries.isEmpty());
        assertStoreEmpty(RouterTopology.PENDING_FAN_OUTS_STORE, "a finished fan-out is forgotten");

        int largest = 0;
        for (String topic : driver.producedTopicNames()) {
            if (topic.startsWith(APP + "-")) {
                for (TestRecord<byte[], byte[]> record : driver.createOutputTopic(topic, new ByteArrayDeserializer(),
                        new ByteArrayDeserializer()).readRecordsToList()) {
                    largest = Math.max(largest, record.value() == null ? 0 : record.value().length);
                }
            }
        }
        assertTrue(largest < 1024, "no internal record grows with the tenant; the largest is " + largest + " bytes");
    }

    @Test
    void largeEventsFanOutInChunksOfAtMostEightMebibytesOfBodies() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ids.add(String.format("s%03d", i));
            put(subscription(ids.get(i)).build());
        }
        events.pipeInput("acme", eventOfSize("evt_large", 200_000), T0);

        List<KeyValue<String, Delivery>> first = deliveries.readKeyValuesToList();
        int bodyBytes = first.get(0).value.body().getBytes(StandardCharsets.UTF_8).length;
        assertEquals((8 << 20) / bodyBytes, first.size(), "a chunk holds as many bodies as fit in 8 MiB");
        List<KeyValue<String, Delivery>> all = new ArrayList<>(first);
        for (int punctuation = 0; punctuation < 5; punctuation++) {
            driver.advanceWallClockTime(Duration.ofMillis(20));
            List<KeyValue<String, Delivery>> chunk = deliveries.readKeyValuesToList();
            assertTrue(chunk.size() <= first.size(), "one chunk per punctuation: " + chunk.size());
            all.addAll(chunk);
        }
        assertSameIds(ids, all);
    }

    /** Like assertEquals on the keys, without printing thousands of ids when they differ. */
    private static void assertSameIds(List<String> expected, List<KeyValue<String, Delivery>> written) {
        List<String> keys = written.stream().map(kv -> kv.key).toList();
        assertTrue(expected.equals(keys), "expected " + expected.size() + " ids from "
                + (expected.isEmpty() ? "-" : expected.get(0)) + ", got " + keys.size() + " from "
                + (keys.isEmpty() ? "-" : keys.get(0)));
    }

    @Test
    void everyOperatorStoreAndTopicIsNamed() {
        Topology topology = RouterTopology.build(new RouterConfig(Map.of()), new MetricRegistry(), 6);
        String description = topology.describe().toString();
        assertFalse(description.contains("KSTREAM-") || description.contains("KTABLE-"), description);
    }

    private static String randomPattern(Random random, List<String> names) {
        int length = 1 + random.nextInt(4);
        List<String> segments = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            boolean last = i == length - 1;
            int dice = random.nextInt(10);
            segments.add(last && dice < 2 ? "**" : dice < 5 ? "*" : names.get(random.nextInt(names.size())));
        }
        return String.join(".", segments);
    }

    private static String randomType(Random random, List<String> names) {
        List<String> segments = new ArrayList<>();
        for (int i = random.nextInt(5); i >= 0; i--) {
            segments.add(names.get(random.nextInt(names.size())));
        }
        return String.join(".", segments);
    }

    private void assertStoreEmpty(String store, String message) {
        try (KeyValueIterator<String, Object> all = driver.<String, Object>getKeyValueStore(store).all()) {
            assertFalse(all.hasNext(), message);
        }
    }

    private void assertRoutedTo(String eventId, String tenant, List<String> subscriptionIds) {
        List<KeyValue<String, Delivery>> written = deliveries.readKeyValuesToList();
        assertEquals(subscriptionIds, written.stream().map(kv -> kv.key).toList());
        List<String> expectedIds = new ArrayList<>();
        for (KeyValue<String, Delivery> kv : written) {
            assertEquals(kv.key, kv.value.subscriptionId());
            assertEquals(eventId, kv.value.eventId());
            assertEquals(tenant, kv.value.tenant());
            assertEquals(1, kv.value.attempt());
            expectedIds.add(DeliveryIds.deliveryId(eventId, kv.key));
        }
        assertEquals(expectedIds, written.stream().map(kv -> kv.value.deliveryId()).toList());
    }

    private static void assertNoSecret(String where, byte[] bytes) {
        if (bytes == null) {
            return;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String base64 = Fixtures.SECRET.encoded().substring(WebhookSecret.PREFIX.length());
        assertFalse(text.contains(base64) || text.contains("whsec_") || text.contains("s3cr3t")
                || text.contains("hooks.example.com"), where + " holds a secret or URL: " + text);
    }

    /** The first of tenant-0, tenant-1, … that murmur2 puts on {@code partition}. */
    private static String tenantOnPartition(TenantPlacement placement, int partition) {
        for (int i = 0; ; i++) {
            if (placement.partitionOf("tenant-" + i) == partition) {
                return "tenant-" + i;
            }
        }
    }

    /** A valid event of exactly {@code size} bytes. */
    private static byte[] eventOfSize(String id, int size) {
        String head = "{\"id\":\"" + id + "\",\"type\":\"order.created\",\"data\":{\"pad\":\"";
        String tail = "\"}}";
        byte[] event = (head + "x".repeat(size - head.length() - tail.length()) + tail)
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(size, event.length);
        return event;
    }

    private long counter(String name) {
        return registry.counter(name).getCount();
    }

    private void send(String key, String id, String type, String tenant, Instant at) {
        Event event = event(id).type(type).timestamp(null).tenant(tenant).data("{\"n\":1}").build();
        events.pipeInput(new TestRecord<>(key, Json.write(event), at));
    }

    private static String subscriptionJson(String id) {
        return new String(Json.write(subscription(id).header("Authorization", HEADER_VALUE).build()),
                StandardCharsets.UTF_8);
    }

    private void put(Subscription subscription) {
        subscriptions.pipeInput(subscription.id(), Json.write(subscription), T0);
    }

    private void putRaw(String key, String json) {
        subscriptions.pipeInput(key, json.getBytes(StandardCharsets.UTF_8), T0);
    }

    private void delete(String id) {
        subscriptions.pipeInput(new TestRecord<>(id, null, T0));
    }
}
