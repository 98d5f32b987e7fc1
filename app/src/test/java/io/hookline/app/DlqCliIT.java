package io.hookline.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.hookline.common.config.HooklineConfig;
import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.wire.Attempt;
import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.DeadLetterReason;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.JsonSerde;
import io.hookline.common.wire.Subscription;
import io.hookline.common.wire.Topics;
import io.hookline.dispatcher.Dispatcher;
import io.hookline.dispatcher.DispatcherConfig;
import io.hookline.testkit.Endpoint;
import io.hookline.testkit.Fixtures;
import io.hookline.testkit.ReceivedRequest;
import io.hookline.testkit.Reply;
import io.hookline.testkit.TestKafka;
import io.hookline.testkit.TestTopics;
import io.hookline.testkit.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code hookline dlq list|show|stats|replay} on a real broker, through the command line. */
class DlqCliIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String BROKEN_EVENT = "{\"type\":\"order.created\",\"data\":";

    private static String bootstrap;
    private static KafkaProducer<String, byte[]> producer;
    private final Instant now = Instant.now();
    private Topics topics;

    @BeforeAll
    static void startProducer() {
        bootstrap = TestKafka.shared().bootstrapServers();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void closeProducer() {
        producer.close();
    }

    @BeforeEach
    void createTopics() {
        topics = new Topics(TestTopics.unique("dlq-cli"));
        TestTopics.createAll(bootstrap, topics, 2, List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)));
    }

    @Test
    void listAndStatsReturnExactlyTheLettersTheFiltersMatch() {
        Map<String, DeadLetter> letters = new HashMap<>();
        letters.put("A", exhausted("evt_a", "sub_1", now.minus(Duration.ofHours(5))));
        letters.put("B", exhausted("evt_b", "sub_1", now.minus(Duration.ofMinutes(90))));
        letters.put("C", unsent("evt_c", "sub_2", "acme", DeadLetterReason.GONE, now.minus(Duration.ofMinutes(30))));
        letters.put("D", unsent("evt_d", "sub_3", "globex", DeadLetterReason.ENDPOINT_DISABLED,
                now.minus(Duration.ofMinutes(10))));
        letters.put("E", invalidEvent("acme", BROKEN_EVENT, now.minus(Duration.ofMinutes(20))));
        letters.put("F", DeadLetter.eventTooLarge("globex".getBytes(StandardCharsets.UTF_8),
                new DeadLetter.Source(topics.events().name(), 0, 5), "the event is 300000 bytes", now.minusSeconds(60)));
        for (String name : List.of("A", "B", "C", "D", "E", "F")) {
            write(letters.get(name));
        }
        Map<String, String> ids = idsByName(letters);

        assertListed(ids, "ABCEDF");
        assertListed(ids, "AB", "--reason", "exhausted");
        assertListed(ids, "ABC", "--subscription", "sub_1,sub_2");
        assertListed(ids, "DF", "--tenant", "globex");
        assertListed(ids, "EF", "--stage", "router");
        assertListed(ids, "CD", "--reason", "gone", "--reason", "endpoint_disabled");
        assertListed(ids, "BCEDF", "--since", "2h");
        assertListed(ids, "BCE", "--since", "2h", "--until", "15m");
        assertListed(ids, "A", "--until", Instant.now().minus(Duration.ofHours(4)).toString());

        Cli limited = cli("dlq", "list", "--limit", "2");
        assertEquals(List.of(ids.get("D"), ids.get("F")), idsIn(limited.out()));
        assertTrue(limited.out().contains("2 most recent of 6 matching dead letter(s)"), limited.out());

        Cli json = cli("dlq", "list", "--json", "--stage", "router", "--reason", "invalid_event");
        assertEquals(0, json.exitCode(), json.err());
        List<String> lines = json.out().lines().toList();
        assertEquals(1, lines.size(), json.out());
        @SuppressWarnings("unchecked")
        Map<String, Object> line = Json.read(lines.get(0), Map.class);
        assertEquals(ids.get("E"), line.get("id"));
        @SuppressWarnings("unchecked")
        Map<String, Object> letter = (Map<String, Object>) line.get("deadLetter");
        assertEquals("invalid_event", letter.get("reason"));
        assertEquals("router", letter.get("stage"));

        Cli stats = cli("dlq", "stats");
        assertEquals(0, stats.exitCode(), stats.err());
        assertTrue(stats.out().startsWith("6 dead letter(s)"), stats.out());
        assertTrue(stats.out().contains("         2  exhausted\n"), stats.out());
        assertTrue(stats.out().contains("         2  sub_1\n"), stats.out());
        assertTrue(stats.out().contains("         2  (router)\n"), stats.out());
        Cli acme = cli("dlq", "stats", "--tenant", "acme", "--since", "2h");
        assertTrue(acme.out().startsWith("3 dead letter(s)"), acme.out());
        assertFalse(acme.out().contains("sub_3"), acme.out());

        Cli none = cli("dlq", "list", "--reason", "blocked_address");
        assertEquals(0, none.exitCode());
        assertEquals("", none.out());
        assertEquals("no dead letter of the 6 read from " + topics.deadLetter().name()
                + " matches reason=blocked_address", none.err().strip());

        Cli bad = cli("dlq", "stats", "--since", "last tuesday");
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().startsWith("hookline: --since: 'last tuesday' is neither an ISO time"), bad.err());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
    }

    @Test
    void showPrintsTheLetterEveryAttemptAndTheResponseButNoSecret() {
        publish(Fixtures.subscription("sub_1").header("Authorization", "Bearer s3cr3t-token").build());
        DeadLetter letter = exhausted("evt_1", "sub_1", now);
        String id = letter.delivery().deliveryId();
        write(letter);
        List<ProducerRecord<String, Attempt>> attempts = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            attempts.add(new ProducerRecord<>(topics.attempts().name(), id, new Attempt(id, "evt_1", "order.created",
                    "acme", "sub_1", n, now.minusSeconds(4 - n), 10 + n, 500, "HTTP 500", n < 3 ? "retry" : "failed")));
        }
        attempts.add(new ProducerRecord<>(topics.attempts().name(), "msg_other", new Attempt("msg_other", "evt_2",
                "order.created", "acme", "sub_1", 1, now, 5, 200, null, "delivered")));
        attempts.forEach(attempt -> send(attempt.topic(), attempt.key(), Json.write(attempt.value())));
        write(invalidEvent("acme", BROKEN_EVENT, now));

        Cli show = cli("dlq", "show", id);
        assertEquals(0, show.exitCode(), show.err());
        String out = show.out();
        assertTrue(out.startsWith("Dead letter " + id + " (" + topics.deadLetter().name() + " partition "), out);
        assertTrue(out.contains("  reason        exhausted"), out);
        assertTrue(out.contains("  attempts      3 (first "), out);
        assertTrue(out.contains("Last response body (first 1024 bytes at most):\n  database down"), out);
        assertTrue(out.contains("Attempts recorded in " + topics.attempts().name() + ": 3"), out);
        assertEquals(3, out.lines().filter(l -> l.matches("  [123] +\\S+ \\S+ +\\d+ ms  500 .*")).count(), out);
        assertFalse(out.contains("msg_other"), out);
        assertFalse(out.contains("whsec_") || out.contains("s3cr3t"), "never a secret: " + out);

        String routerId = idsIn(cli("dlq", "list", "--stage", "router").out()).get(0);
        Cli router = cli("dlq", "show", routerId);
        assertEquals(0, router.exitCode(), router.err());
        assertTrue(router.out().contains("reason        invalid_event"), router.out());
        assertTrue(router.out().contains("Event record (" + BROKEN_EVENT.length() + " bytes, as it was read):\n  "
                + BROKEN_EVENT), router.out());

        Cli missing = cli("dlq", "show", "msg_nothere");
        assertEquals(1, missing.exitCode());
        assertEquals("hookline: no dead letter msg_nothere in " + topics.deadLetter().name(), missing.err().strip());
    }

    @Test
    void replayIsPreviewedThenSendsEachLetterOnceAndLettersWaitForTheirSubscription() throws Exception {
        publish(Fixtures.subscription("sub_1").build());
        publish(Fixtures.subscription("sub_2").enabled(false).build());
        DeadLetter first = exhausted("evt_1", "sub_1", now.minusSeconds(5));
        DeadLetter second = unsent("evt_2", "sub_1", "acme", DeadLetterReason.BLOCKED_ADDRESS, now.minusSeconds(4));
        DeadLetter disabled = unsent("evt_3", "sub_2", "acme", DeadLetterReason.ENDPOINT_DISABLED, now.minusSeconds(3));
        DeadLetter deleted = exhausted("evt_4", "sub_gone", now.minusSeconds(2));
        DeadLetter router = invalidEvent("acme", BROKEN_EVENT, now.minusSeconds(1));
        for (DeadLetter letter : List.of(first, second, disabled, deleted, router)) {
            write(letter);
        }
        write(DeadLetter.eventTooLarge("acme".getBytes(StandardCharsets.UTF_8),
                new DeadLetter.Source(topics.events().name(), 1, 9), "too large", now));

        Cli dry = cli("dlq", "replay", "--dry-run");
        assertEquals(0, dry.exitCode(), dry.err());
        assertTrue(dry.out().startsWith("Dry run of replay all: would replay 3 of 6 matching dead letter(s)"),
                dry.out());
        assertTrue(dry.out().contains("  2 to " + topics.deliveries().name()), dry.out());
        assertTrue(dry.out().contains("  1 to " + topics.events().name()), dry.out());
        assertTrue(dry.out().contains("Would skip 3:"), dry.out());
        assertTrue(dry.out().contains("  1 because its subscription is deleted: sub_gone"), dry.out());
        assertTrue(dry.out().contains("  1 because its subscription is disabled (enable it, or pass "
                + "--include-disabled): sub_2"), dry.out());
        assertTrue(dry.out().contains("  1 because the letter holds no event bytes"), dry.out());
        assertEquals(List.of(), deliveries(0), "a dry run sends nothing");
        assertEquals(Map.of(), replayOffsets("all"), "and keeps no place");

        Cli unasked = cli("dlq", "replay");
        assertEquals(1, unasked.exitCode());
        assertTrue(unasked.err().startsWith("hookline: dlq replay sends records and asks first, but there is no "
                + "terminal to ask on: pass --yes"), unasked.err());

        Cli replay = cli("dlq", "replay", "--yes");
        assertEquals(0, replay.exitCode(), replay.err());
        assertTrue(replay.out().startsWith("Replay all: replayed 3 of 6 matching dead letter(s)"), replay.out());
        assertTrue(replay.out().contains("Letters of disabled or invalid subscriptions are kept for this replay"),
                replay.out());
        List<Delivery> sent = deliveries(2);
        assertEquals(Set.of(first.delivery().deliveryId(), second.delivery().deliveryId()),
                sent.stream().map(Delivery::deliveryId).collect(Collectors.toSet()));
        assertEquals(2, sent.size());
        for (Delivery delivery : sent) {
            assertEquals(1, delivery.attempt());
            assertNull(delivery.firstAttemptAt());
            assertNull(delivery.notBefore());
        }
        assertEquals(first.delivery().body(), sent.stream().filter(d -> d.eventId().equals("evt_1")).findFirst()
                .orElseThrow().body());
        List<ConsumerRecord<String, byte[]>> events = events(1);
        assertEquals(1, events.size());
        assertEquals("acme", events.get(0).key());
        assertArrayEquals(BROKEN_EVENT.getBytes(StandardCharsets.UTF_8), events.get(0).value());

        Cli again = cli("dlq", "replay", "--yes");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().startsWith("Replay all (going on from where its last run stopped): replayed 0 of 1 "
                + "matching dead letter(s) (1 read)"), "only the waiting letter is looked at again: " + again.out());
        assertTrue(again.out().contains("  1 because its subscription is disabled"), again.out());

        publish(Fixtures.subscription("sub_2").build());
        Cli enabled = cli("dlq", "replay", "--yes");
        assertEquals(0, enabled.exitCode(), enabled.err());
        assertTrue(enabled.out().startsWith("Replay all (going on from where its last run stopped): replayed 1 of 1"),
                enabled.out());
        List<Delivery> all = deliveries(3);
        assertEquals(3, all.size(), "each letter once");
        assertTrue(all.stream().anyMatch(d -> d.deliveryId().equals(disabled.delivery().deliveryId())));
        assertEquals(1, events(1).size());

        Cli done = cli("dlq", "replay", "--yes");
        assertEquals("", done.out());
        assertTrue(done.err().startsWith("nothing to replay: replay all has handled every dead letter"), done.err());
        assertEquals(3, deliveries(3).size());
    }

    @Test
    void aReplayStoppedAtItsLimitGoesOnWhereItStopped() throws Exception {
        publish(Fixtures.subscription("sub_1").build());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            DeadLetter letter = exhausted("evt_" + i, "sub_1", now.plusMillis(i));
            ids.add(letter.delivery().deliveryId());
            write(letter);
        }
        write(unsent("evt_x", "sub_1", "acme", DeadLetterReason.GONE, now));

        Cli part = cli("dlq", "replay", "--yes", "--reason", "exhausted", "--limit", "2");
        assertEquals(0, part.exitCode(), part.err());
        assertTrue(part.out().contains("Stopped at --limit; run the same replay again to go on."), part.out());
        assertEquals(2, deliveries(2).size());
        String name = part.out().substring("Replay ".length(), part.out().indexOf(':'));
        assertTrue(name.startsWith("reason-exhausted-"), name);
        assertFalse(replayOffsets(name).isEmpty(), "its place is committed");

        assertEquals(0, cli("dlq", "replay", "--yes", "--reason", "exhausted", "--limit", "3").exitCode());
        assertEquals(5, deliveries(5).size());
        Cli rest = cli("dlq", "replay", "--yes", "--reason", "exhausted", "--rate", "50");
        assertTrue(rest.out().startsWith("Replay " + name + " (going on from where its last run stopped): replayed 1 "),
                rest.out());

        List<Delivery> sent = deliveries(6);
        assertEquals(ids.stream().sorted().toList(), sent.stream().map(Delivery::deliveryId).sorted().toList(),
                "every exhausted one once, the gone one not at all");
    }

    @Test
    void exhaustedDeliveriesAreDeadLetteredThenReplayedToTheRecoveredEndpointWithTheirIds() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            WebhookSecret secret = WebhookSecret.generate();
            Endpoint endpoint = receiver.endpoint(TestTopics.unique("dlq"), List.of(secret));
            endpoint.reply(Reply.status(503).body("maintenance"));
            publish(Fixtures.subscription("sub_e2e").url(endpoint.url()).secrets(secret).build());
            try (Dispatcher dispatcher = startDispatcher()) {
                List<Delivery> deliveries = List.of(Fixtures.delivery("evt_1", "sub_e2e").build(),
                        Fixtures.delivery("evt_2", "sub_e2e").build());
                deliveries.forEach(d -> send(topics.deliveries().name(), d.subscriptionId(), Json.write(d)));
                await("both exhausted").atMost(WAIT).until(() -> idsIn(cli("dlq", "list", "--reason", "exhausted")
                        .out()).size() == 2);
                Cli list = cli("dlq", "list", "--subscription", "sub_e2e");
                assertEquals(2, list.out().lines().filter(l -> l.contains(" exhausted ") && l.contains(" 3 ")
                        && l.contains(" 503 ")).count(), list.out());
                assertEquals(6, endpoint.requests().size());

                endpoint.reply(Reply.status(200));
                Cli replay = cli("dlq", "replay", "--yes", "--subscription", "sub_e2e");
                assertEquals(0, replay.exitCode(), replay.err());
                List<ReceivedRequest> requests = endpoint.awaitRequests(8, WAIT);
                List<ReceivedRequest> replayed = requests.subList(6, 8);
                assertEquals(deliveries.stream().map(Delivery::deliveryId).collect(Collectors.toSet()),
                        replayed.stream().map(r -> r.header("webhook-id")).collect(Collectors.toSet()));
                assertTrue(replayed.stream().allMatch(ReceivedRequest::signatureValid));

                assertEquals(0, cli("dlq", "replay", "--yes", "--subscription", "sub_e2e").exitCode());
                assertEquals(4, deliveries(4).size(), "the two the test wrote, the two replayed, none more");
                assertEquals(8, endpoint.requests().size());
            }
        }
    }

    private Dispatcher startDispatcher() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(DispatcherConfig.BOOTSTRAP_SERVERS, bootstrap);
        settings.put(DispatcherConfig.TOPIC_PREFIX, topics.prefix());
        settings.put(DispatcherConfig.GROUP_ID, TestTopics.unique("dlq-dispatcher"));
        settings.put(DispatcherConfig.COMMIT_INTERVAL, "100ms");
        settings.put(DispatcherConfig.SHUTDOWN_TIMEOUT, "2s");
        settings.put(HooklineConfig.RETRY_SCHEDULE, "1s,2s");
        settings.put(DispatcherConfig.HTTP_ALLOW_LOOPBACK, "true");
        settings.put(DispatcherConfig.HTTP_ALLOW_PLAIN, "true");
        Dispatcher dispatcher = new Dispatcher(new DispatcherConfig(settings), new MetricRegistry());
        dispatcher.start();
        await("dispatcher running").atMost(WAIT).until(dispatcher::isRunning);
        return dispatcher;
    }

    private void assertListed(Map<String, String> ids, String expected, String... filters) {
        List<String> args = new ArrayList<>(List.of("dlq", "list"));
        args.addAll(List.of(filters));
        Cli list = cli(args.toArray(String[]::new));
        assertEquals(0, list.exitCode(), list.err());
        List<String> want = expected.chars().mapToObj(c -> ids.get(String.valueOf((char) c))).toList();
        assertEquals(want, idsIn(list.out()), String.join(" ", filters) + "\n" + list.out());
        assertTrue(list.out().strip().endsWith(want.size() + " dead letter(s)"), list.out());
    }

    /** The ID column of a table, in order: the last word of every row between the header and the count. */
    private static List<String> idsIn(String table) {
        return table.lines().skip(1).filter(l -> l.matches("\\d{4}-\\d\\d-\\d\\d .*"))
                .map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList();
    }

    /** Each letter's id as list shows it: the delivery id, or partition:offset as found in the topic. */
    private Map<String, String> idsByName(Map<String, DeadLetter> letters) {
        Map<String, String> ids = new HashMap<>();
        List<ConsumerRecord<String, byte[]>> records = TestTopics.consume(bootstrap, topics.deadLetter().name(),
                new StringDeserializer(), new ByteArrayDeserializer(), letters.size(), WAIT);
        letters.forEach((name, letter) -> {
            if (letter.delivery() != null) {
                ids.put(name, letter.delivery().deliveryId());
            } else {
                ConsumerRecord<String, byte[]> record = records.stream()
                        .filter(r -> Json.read(r.value(), DeadLetter.class).deadAt().equals(letter.deadAt()))
                        .findFirst().orElseThrow();
                ids.put(name, record.partition() + ":" + record.offset());
            }
        });
        return ids;
    }

    private Map<?, ?> replayOffsets(String name) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.listConsumerGroupOffsets("hookline-replay-" + topics.prefix() + "-" + name)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        }
    }

    private List<Delivery> deliveries(int atLeast) {
        return TestTopics.consume(bootstrap, topics.deliveries().name(), new StringDeserializer(),
                JsonSerde.of(Delivery.class), atLeast, WAIT).stream().map(ConsumerRecord::value).toList();
    }

    private List<ConsumerRecord<String, byte[]>> events(int atLeast) {
        return TestTopics.consume(bootstrap, topics.events().name(), new StringDeserializer(),
                new ByteArrayDeserializer(), atLeast, WAIT);
    }

    private void publish(Subscription subscription) {
        send(topics.subscriptions().name(), subscription.id(), Json.write(subscription));
    }

    private void write(DeadLetter letter) {
        String key = letter.delivery() != null ? letter.delivery().subscriptionId()
                : new String(letter.rawKey(), StandardCharsets.UTF_8);
        send(topics.deadLetter().name(), key, Json.write(letter));
    }

    /**
     * Writes one record and waits for its ack, so no two batches are ever in flight: right after
     * topic creation, several in flight can loop on OUT_OF_ORDER_SEQUENCE_NUMBER after a
     * NOT_LEADER_OR_FOLLOWER.
     */
    private static void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("cannot write to " + topic + ": " + e, e);
        }
    }

    private static DeadLetter exhausted(String eventId, String subscription, Instant deadAt) {
        Delivery delivery = Fixtures.delivery(eventId, subscription).attempt(3).firstAttemptAt(deadAt.minusSeconds(3))
                .notBefore(deadAt.minusSeconds(1)).build();
        return DeadLetter.afterAttempt(delivery, DeadLetterReason.EXHAUSTED, 500, "HTTP 500", deadAt, "database down",
                new DeadLetter.Source("w.retry.2s", 0, 1), deadAt);
    }

    private static DeadLetter unsent(String eventId, String subscription, String tenant, DeadLetterReason reason,
                                     Instant deadAt) {
        return DeadLetter.unsent(Fixtures.delivery(eventId, subscription).tenant(tenant).build(), reason,
                "subscription " + subscription + ": " + reason, new DeadLetter.Source("w.deliveries", 0, 1), deadAt);
    }

    private DeadLetter invalidEvent(String key, String value, Instant deadAt) {
        return DeadLetter.invalidEvent(key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8),
                new DeadLetter.Source(topics.events().name(), 0, 1), "not a valid Event: unexpected end", deadAt);
    }

    private Cli cli(String... args) {
        return Cli.against(bootstrap, topics.prefix(), args);
    }
}
