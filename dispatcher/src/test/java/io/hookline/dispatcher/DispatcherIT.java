package io.hookline.dispatcher;

import static io.hookline.testkit.Fixtures.subscription;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.hookline.common.config.HooklineConfig;
import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.signing.WebhookVerifier;
import io.hookline.common.wire.Attempt;
import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.DeadLetterReason;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.DeliveryIds;
import io.hookline.common.wire.Event;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.JsonSerde;
import io.hookline.common.wire.Subscription;
import io.hookline.common.wire.Topics;
import io.hookline.dispatcher.internal.DispatcherMetrics;
import io.hookline.dispatcher.internal.Version;
import io.hookline.testkit.Endpoint;
import io.hookline.testkit.Fixtures;
import io.hookline.testkit.IssuedCertificate;
import io.hookline.testkit.ReceivedRequest;
import io.hookline.testkit.ReceiverTls;
import io.hookline.testkit.Reply;
import io.hookline.testkit.TestCertificateAuthority;
import io.hookline.testkit.TestKafka;
import io.hookline.testkit.TestTopics;
import io.hookline.testkit.TunnelProxy;
import io.hookline.testkit.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dispatcher against a real broker and a real HTTP receiver on loopback. */
class DispatcherIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The retry schedule of these tests: attempt 2 a second after the first, attempt 3 two seconds later. */
    private static final List<Duration> SCHEDULE = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2));
    private static final String BODY = "{\"id\":\"%s\",\"type\":\"order.created\",\"data\":{\"n\":%d,\"name\":\"Zoë\"}}";

    private static String bootstrap;
    private static WebhookReceiver receiver;
    private static KafkaProducer<String, byte[]> producer;

    private final List<Dispatcher> dispatchers = new ArrayList<>();
    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private Topics topics;
    private String group;

    @BeforeAll
    static void startBrokerAndReceiver() {
        bootstrap = TestKafka.shared().bootstrapServers();
        receiver = WebhookReceiver.start();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stopReceiver() {
        producer.close();
        receiver.close();
    }

    @BeforeEach
    void createTopics() {
        topics = new Topics(TestTopics.unique("dispatcher-it"));
        group = TestTopics.unique("dispatcher-it-group");
        TestTopics.createAll(bootstrap, topics, 2, SCHEDULE);
    }

    @AfterEach
    void closeDispatchers() throws Exception {
        dispatchers.forEach(Dispatcher::close);
        for (AutoCloseable closeable : closeAfter) {
            closeable.close();
        }
    }

    @Test
    void deliversEachDeliveryToItsSubscriptionsEndpointSignedWithEverySecret() throws Exception {
        WebhookSecret oldSecret = WebhookSecret.generate();
        WebhookSecret newSecret = WebhookSecret.generate();
        WebhookSecret otherSecret = WebhookSecret.generate();
        Endpoint orders = receiver.endpoint(TestTopics.unique("orders"), List.of(oldSecret));
        Endpoint billing = receiver.endpoint(TestTopics.unique("billing"), List.of(otherSecret));
        publish(subscription("sub_orders").url(orders.url()).secrets(oldSecret, newSecret)
                .header("Authorization", "Bearer orders-token").header("X-Team", "orders").build());
        publish(subscription("sub_billing").url(billing.url()).secrets(otherSecret).header("X-Team", "billing")
                .build());
        start();

        List<Delivery> toOrders = List.of(deliver("sub_orders", 1), deliver("sub_orders", 2), deliver("sub_orders", 3));
        List<Delivery> toBilling = List.of(deliver("sub_billing", 4), deliver("sub_billing", 5));

        List<ReceivedRequest> atOrders = orders.awaitRequests(3, WAIT);
        List<ReceivedRequest> atBilling = billing.awaitRequests(2, WAIT);
        assertEquals(5, attempts(5).size());
        assertEquals(3, orders.requests().size());
        assertEquals(2, billing.requests().size());

        assertSameDeliveries(toOrders, atOrders);
        assertSameDeliveries(toBilling, atBilling);
        for (ReceivedRequest request : atOrders) {
            assertTrue(request.signatureValid(), request.verificationError());
            assertEquals(2, request.header("webhook-signature").split(" ").length);
            // each secret alone verifies it: receivers can rotate at their own pace
            assertDoesNotThrow(() -> new WebhookVerifier(List.of(newSecret)).verify(request.headers(), request.body()));
            assertEquals("Bearer orders-token", request.header("authorization"));
            assertEquals("orders", request.header("x-team"));
            assertEquals("application/json", request.header("content-type"));
            assertEquals("Hookline/" + Version.version(), request.header("user-agent"));
        }
        for (ReceivedRequest request : atBilling) {
            assertTrue(request.signatureValid(), request.verificationError());
            assertEquals("billing", request.header("x-team"));
            assertNull(request.header("authorization"));
        }
        assertEquals(List.of(), receiver.unrouted());
    }

    @Test
    void retriesOnTheScheduleThenDeadLettersAsExhausted() throws Exception {
        Endpoint failing = receiver.endpoint(TestTopics.unique("failing"), List.of());
        failing.reply(Reply.status(500).body("database down"));
        publish(subscription("sub_failing").url(failing.url()).build());
        MetricRegistry metrics = new MetricRegistry();
        start(metrics);

        Delivery delivery = deliver("sub_failing", 1);

        List<ReceivedRequest> requests = failing.awaitRequests(3, WAIT);
        assertGapsAtLeast(requests, Duration.ofMillis(800), Duration.ofMillis(1600));
        assertEquals(Set.of(delivery.deliveryId()), requests.stream().map(r -> r.header("webhook-id"))
                .collect(Collectors.toSet()), "every attempt has the delivery's webhook-id");
        List<Attempt> attempts = attempts(3);
        assertEquals(List.of(1, 2, 3), attempts.stream().map(Attempt::attempt).sorted().toList());
        assertEquals(List.of("failed", "retry", "retry"), attempts.stream().map(Attempt::outcome).sorted().toList());
        for (Attempt attempt : attempts) {
            assertEquals(500, attempt.status());
            assertEquals("HTTP 500", attempt.error());
        }
        DeadLetter letter = deadLetters(1).get(0);
        assertEquals(DeadLetterReason.EXHAUSTED, letter.reason());
        assertEquals(3, letter.attempts());
        assertEquals(500, letter.lastStatus());
        assertEquals("HTTP 500", letter.lastError());
        assertEquals("database down", letter.lastResponseBody());
        assertEquals(delivery.deliveryId(), letter.delivery().deliveryId());
        assertTrue(letter.firstAttemptAt().isBefore(letter.lastAttemptAt()));
        assertTrue(Duration.between(letter.firstAttemptAt(), letter.lastAttemptAt()).toMillis() >= 2400,
                "1 s and 2 s, less 20 % jitter each");
        await("every offset committed: the delivery and its two retries").atMost(WAIT)
                .until(this::committedTotal, total -> total == 3);
        assertEquals(3, failing.requests().size(), "nothing after exhaustion");
        assertEquals(2, metrics.counter(DispatcherMetrics.RETRIES_SCHEDULED).getCount());
        assertEquals(1, metrics.counter(DispatcherMetrics.DEAD_LETTERED_PREFIX + "exhausted").getCount());
        assertEquals(2, metrics.timer(DispatcherMetrics.RETRY_LATENESS).getCount());
    }

    @Test
    void deliversOnTheThirdAttemptWithTheSameWebhookId() throws Exception {
        Endpoint flaky = receiver.endpoint(TestTopics.unique("flaky"), List.of());
        flaky.reply(Reply.sequence(Reply.status(500), Reply.status(502), Reply.status(200)));
        WebhookSecret secret = WebhookSecret.generate();
        publish(subscription("sub_flaky").url(flaky.url()).secrets(secret).build());
        start();

        Delivery delivery = deliver("sub_flaky", 1);

        List<ReceivedRequest> requests = flaky.awaitRequests(3, WAIT);
        assertGapsAtLeast(requests, Duration.ofMillis(800), Duration.ofMillis(1600));
        for (ReceivedRequest request : requests) {
            assertEquals(delivery.deliveryId(), request.header("webhook-id"));
            assertArrayEquals(delivery.body().getBytes(StandardCharsets.UTF_8), request.body());
            assertDoesNotThrow(() -> new WebhookVerifier(List.of(secret)).verify(request.headers(), request.body()),
                    "each attempt is signed anew");
        }
        List<Attempt> attempts = attempts(3);
        assertEquals(List.of("delivered", "retry", "retry"), attempts.stream().map(Attempt::outcome).sorted().toList());
        await("offsets committed").atMost(WAIT).until(this::committedTotal, total -> total == 3);
        assertEquals(3, flaky.requests().size());
        assertEquals(0, TestTopics.consume(bootstrap, topics.deadLetter().name(), new StringDeserializer(),
                JsonSerde.of(DeadLetter.class), 0, Duration.ofSeconds(1)).size());
    }

    @Test
    void honoursRetryAfterOn429() throws Exception {
        Endpoint busy = receiver.endpoint(TestTopics.unique("busy"), List.of());
        busy.reply(Reply.sequence(Reply.status(429).header("Retry-After", "3"), Reply.status(200)));
        publish(subscription("sub_busy").url(busy.url()).build());
        start();

        deliver("sub_busy", 1);

        List<ReceivedRequest> requests = busy.awaitRequests(2, WAIT);
        Duration gap = Duration.between(requests.get(0).receivedAt(), requests.get(1).receivedAt());
        assertTrue(gap.toMillis() >= 2900, "the endpoint asked for 3 s, the schedule says 1 s: " + gap);
        assertEquals(429, attempts(2).stream().filter(a -> a.attempt() == 1).findFirst().orElseThrow().status());
    }

    @Test
    void aPendingRetryFollowsItsSubscriptionDisabledDeletedOrRepointed() throws Exception {
        Endpoint first = receiver.endpoint(TestTopics.unique("repoint-old"), List.of());
        first.reply(Reply.status(503));
        Endpoint moved = receiver.endpoint(TestTopics.unique("repoint-new"), List.of());
        Endpoint failing = receiver.endpoint(TestTopics.unique("pending"), List.of());
        failing.reply(Reply.sequence(Reply.status(500), Reply.status(500), Reply.status(200)));
        WebhookSecret secret = WebhookSecret.generate();
        publish(subscription("sub_disabled").url(failing.url()).secrets(secret).build());
        publish(subscription("sub_deleted").url(failing.url()).secrets(secret).build());
        publish(subscription("sub_moved").url(first.url()).secrets(secret).build());
        MetricRegistry metrics = new MetricRegistry();
        start(metrics);

        Delivery disabled = deliver("sub_disabled", 1);
        deliver("sub_deleted", 2);
        Delivery repointed = deliver("sub_moved", 3);
        failing.awaitRequests(2, WAIT);
        first.awaitRequests(1, WAIT);
        publish(subscription("sub_disabled").url(failing.url()).secrets(secret).enabled(false).build());
        produce(topics.subscriptions().name(), "sub_deleted", null);
        publish(subscription("sub_moved").url(moved.url()).secrets(secret).build());

        DeadLetter letter = deadLetters(1).get(0);
        assertEquals(DeadLetterReason.ENDPOINT_DISABLED, letter.reason());
        assertEquals(disabled.deliveryId(), letter.delivery().deliveryId());
        assertEquals(2, letter.delivery().attempt(), "the pending attempt");
        assertEquals(1, letter.attempts(), "one attempt was made");
        ReceivedRequest atNewUrl = moved.awaitRequests(1, WAIT).get(0);
        assertEquals(repointed.deliveryId(), atNewUrl.header("webhook-id"));
        await("the deleted subscription's retry dropped").atMost(WAIT)
                .until(() -> metrics.counter(DispatcherMetrics.DROPPED).getCount() == 1);
        assertEquals(2, failing.requests().size(), "no retry reached the disabled or deleted subscription");
        assertEquals(1, first.requests().size());
        await("every offset committed").atMost(WAIT).until(this::committedTotal, total -> total == 6);
    }

    @Test
    void drainsARetryTierNoLongerInTheSchedule() throws Exception {
        Endpoint endpoint = receiver.endpoint(TestTopics.unique("drained"), List.of());
        publish(subscription("sub_drained").url(endpoint.url()).build());
        String oldTier = topics.retry(Duration.ofMinutes(10)).name();
        TestTopics.create(bootstrap, 1, oldTier);
        Delivery waiting = Fixtures.delivery("evt_old", "sub_drained").attempt(2)
                .firstAttemptAt(Instant.now().minusSeconds(600)).notBefore(Instant.now().minusSeconds(1)).build();
        produce(oldTier, "sub_drained", Json.write(waiting));
        start();

        ReceivedRequest request = endpoint.awaitRequests(1, WAIT).get(0);
        assertEquals(waiting.deliveryId(), request.header("webhook-id"));
        assertEquals(2, attempts(1).get(0).attempt());
    }

    @Test
    void aFailingEndpointsCircuitOpensAndItsDeliveriesFailFastOnTheirSchedule() throws Exception {
        // its own server: a circuit is per scheme, host and port
        WebhookReceiver own = WebhookReceiver.start();
        closeAfter.add(own);
        Endpoint down = own.endpoint(TestTopics.unique("down"), List.of());
        down.reply(Reply.status(500));
        publish(subscription("sub_down").url(down.url()).build());
        MetricRegistry metrics = new MetricRegistry();
        start(metrics, Map.of(DispatcherConfig.CIRCUIT_FAILURES, "3", DispatcherConfig.CIRCUIT_COOLDOWN, "1m",
                DispatcherConfig.MAX_IN_FLIGHT_PER_ENDPOINT, "1"));

        for (int n = 1; n <= 6; n++) {
            deliver("sub_down", n);
        }

        List<DeadLetter> letters = deadLetters(6);
        assertEquals(6, letters.size());
        for (DeadLetter letter : letters) {
            assertEquals(DeadLetterReason.EXHAUSTED, letter.reason());
            assertEquals(3, letter.attempts(), "the schedule is kept: fail-fast attempts count");
        }
        List<Attempt> attempts = attempts(18);
        assertEquals(18, attempts.size());
        assertEquals(3, down.requests().size(), "3 failures in a row open the circuit: no request after them");
        assertEquals(15, attempts.stream().filter(a -> a.status() == null && a.error().contains("circuit is open"))
                .count());
        assertEquals(1, metrics.counter(DispatcherMetrics.CIRCUITS_OPENED).getCount());
        assertEquals(15, metrics.counter(DispatcherMetrics.CIRCUIT_REJECTED).getCount());
    }

    @Test
    void tellsOperatorsOfDeadLettersUnderTheOpsTenantButNeverOfItsOwn() throws Exception {
        Endpoint gone = receiver.endpoint(TestTopics.unique("ops-gone"), List.of());
        gone.reply(Reply.status(410));
        publish(subscription("sub_customer").tenant("acme").url(gone.url()).build());
        publish(subscription("sub_operator").tenant("hookline-ops").url(gone.url()).build());
        start(new MetricRegistry(), Map.of(DispatcherConfig.OPS_NOTIFY_INTERVAL, "1m"));

        Delivery customers = deliver("sub_customer", 1);
        deliver("sub_customer", 2);
        Delivery operators = new Delivery(DeliveryIds.deliveryId("evt_ops", "sub_operator"), "evt_ops",
                "delivery.dead_lettered", "hookline-ops", "sub_operator", "{}", 1, null, null);
        produce(topics.deliveries().name(), "sub_operator", Json.write(operators));
        deadLetters(3);

        List<ConsumerRecord<String, Event>> told = TestTopics.consume(bootstrap, topics.events().name(),
                new StringDeserializer(), JsonSerde.of(Event.class), 1, WAIT);
        assertEquals(1, told.size(), "one notice for the first letter; the second waits for the interval, and "
                + "the operator's own subscription is never told about");
        assertEquals("hookline-ops", told.get(0).key());
        Event notice = told.get(0).value();
        assertEquals("delivery.dead_lettered", notice.type());
        assertEquals("hookline-ops", notice.tenant());
        Map<?, ?> data = Json.read(notice.data(), Map.class);
        assertEquals("sub_customer", data.get("subscriptionId"));
        assertEquals("acme", data.get("tenant"));
        assertEquals("gone", data.get("reason"));
        assertEquals(410, data.get("lastStatus"));
        assertEquals(1, data.get("count"));
        assertTrue(Set.of(customers.deliveryId(), delivery("sub_customer", 2).deliveryId())
                .contains(data.get("deliveryId")));
    }

    @Test
    void aStalledEndpointDoesNotHoldUpTheOthers() throws Exception {
        Endpoint stalled = receiver.endpoint(TestTopics.unique("stalled"), List.of());
        stalled.reply(Reply.stall(Duration.ofSeconds(30)));
        // another server: an endpoint is a scheme, host and port, which is what connections are pooled by
        WebhookReceiver other = WebhookReceiver.start();
        closeAfter.add(other);
        Endpoint healthy = other.endpoint(TestTopics.unique("healthy"), List.of());
        publish(subscription("sub_stalled").url(stalled.url()).build());
        publish(subscription("sub_healthy").url(healthy.url()).build());
        MetricRegistry metrics = new MetricRegistry();
        start(metrics, Map.of(DispatcherConfig.MAX_IN_FLIGHT_PER_ENDPOINT, "10",
                DispatcherConfig.HTTP_REQUEST_TIMEOUT, "30s"));

        // all on one partition, the stalled endpoint's first: the head of the line
        for (int n = 1; n <= 2000; n++) {
            producer.send(new ProducerRecord<>(topics.deliveries().name(), 0, "sub_stalled",
                    Json.write(delivery("sub_stalled", n))));
        }
        List<Delivery> healthyOnes = new ArrayList<>();
        for (int n = 2001; n <= 2100; n++) {
            Delivery delivery = delivery("sub_healthy", n);
            healthyOnes.add(delivery);
            producer.send(new ProducerRecord<>(topics.deliveries().name(), 0, "sub_healthy", Json.write(delivery)));
        }
        producer.flush();

        List<ReceivedRequest> arrived = healthy.awaitRequests(100, WAIT);
        assertSameDeliveries(healthyOnes, arrived);
        assertTrue(stalled.requests().size() <= 10, "at most the per-endpoint bound at the stalled endpoint, saw "
                + stalled.requests().size());
        assertTrue(metrics.counter(DispatcherMetrics.DIVERTED).getCount() >= 2000 - 10 - 10,
                "but for as many again waiting for a place, the rest went to the first tier without an attempt");
    }

    @Test
    void requestsCancelledByShutdownAreNotRecordedAndAreSentAgainAfterARestart() throws Exception {
        Endpoint slow = receiver.endpoint(TestTopics.unique("shutdown"), List.of());
        slow.reply(Reply.sequence(Reply.stall(Duration.ofSeconds(30)), Reply.status(200)));
        publish(subscription("sub_shutdown").url(slow.url()).build());
        Map<String, String> settings = Map.of(DispatcherConfig.SHUTDOWN_TIMEOUT, "500ms",
                DispatcherConfig.HTTP_REQUEST_TIMEOUT, "30s");
        Dispatcher first = start(new MetricRegistry(), settings);
        Delivery delivery = deliver("sub_shutdown", 1);
        slow.awaitRequests(1, WAIT);

        first.close();

        assertEquals(0, committedTotal(), "the cancelled delivery is not final");
        start(new MetricRegistry(), settings);
        List<ReceivedRequest> requests = slow.awaitRequests(2, WAIT);
        assertEquals(delivery.deliveryId(), requests.get(1).header("webhook-id"));
        List<Attempt> attempts = attempts(1);
        assertEquals(1, attempts.size(), "the cancelled request left no attempt");
        assertEquals("delivered", attempts.get(0).outcome());
    }

    @Test
    void neverFollowsARedirect() throws Exception {
        Endpoint target = receiver.endpoint(TestTopics.unique("redirect-target"), List.of());
        Endpoint redirecting = receiver.endpoint(TestTopics.unique("redirecting"), List.of());
        redirecting.reply(Reply.redirect(target.url()));
        publish(subscription("sub_redirecting").url(redirecting.url()).build());
        start();

        deliver("sub_redirecting", 1);

        Attempt attempt = attempts(1).get(0);
        assertEquals(302, attempt.status());
        assertEquals("retry", attempt.outcome());
        assertEquals(1, redirecting.requests().size());
        assertEquals(0, target.requests().size());
    }

    @Test
    void deadLettersDeliveriesOfDisabledDeletedInvalidAndAnotherTenantsSubscriptions() throws Exception {
        Endpoint endpoint = receiver.endpoint(TestTopics.unique("unwanted"), List.of());
        publish(subscription("sub_disabled").url(endpoint.url()).enabled(false).build());
        // acme's sub_taken was deleted, then globex created a subscription with the same id
        publish(subscription("sub_taken").tenant("globex").url(endpoint.url()).build());
        publish(subscription("sub_deleted").url(endpoint.url()).build());
        produce(topics.subscriptions().name(), "sub_deleted", null);
        produce(topics.subscriptions().name(), "sub_invalid", ("{\"id\":\"sub_invalid\",\"tenant\":\"acme\","
                + "\"url\":\"" + endpoint.url() + "\",\"eventTypes\":[\"order.*\"],\"secrets\":[]}")
                .getBytes(StandardCharsets.UTF_8));
        start();

        Delivery disabled = deliver("sub_disabled", 1);
        Delivery deleted = deliver("sub_deleted", 2);
        Delivery invalid = deliver("sub_invalid", 3);
        Delivery taken = deliver("sub_taken", 4);

        Map<String, DeadLetter> letters = new HashMap<>();
        for (ConsumerRecord<String, DeadLetter> record : TestTopics.consume(bootstrap, topics.deadLetter().name(),
                new StringDeserializer(), JsonSerde.of(DeadLetter.class), 4, WAIT)) {
            assertEquals(record.key(), record.value().delivery().subscriptionId(), "keyed by subscription id");
            letters.put(record.key(), record.value());
        }
        assertEquals(4, letters.size());
        assertDeadLetter(letters.get("sub_disabled"), DeadLetterReason.ENDPOINT_DISABLED, disabled);
        assertDeadLetter(letters.get("sub_deleted"), DeadLetterReason.SUBSCRIPTION_DELETED, deleted);
        assertDeadLetter(letters.get("sub_invalid"), DeadLetterReason.INVALID_SUBSCRIPTION, invalid);
        assertDeadLetter(letters.get("sub_taken"), DeadLetterReason.TENANT_MISMATCH, taken);
        assertEquals("subscription sub_invalid is invalid: secrets must list at least one secret",
                letters.get("sub_invalid").lastError());
        await("offsets of the dead-lettered deliveries committed").atMost(WAIT)
                .until(this::committedTotal, total -> total == 4);
        assertEquals(0, endpoint.requests().size(), "nothing sent, to globex's URL least of all");
    }

    @Test
    void deadLettersADeliveryWhoseEndpointIsGoneAfterRecordingTheAttempt() throws Exception {
        Endpoint gone = receiver.endpoint(TestTopics.unique("gone"), List.of());
        gone.reply(Reply.status(410).body("g".repeat(3000)));
        publish(subscription("sub_gone").url(gone.url()).build());
        MetricRegistry metrics = new MetricRegistry();
        start(metrics);

        Delivery delivery = deliver("sub_gone", 1);

        Attempt attempt = attempts(1).get(0);
        assertEquals("failed", attempt.outcome());
        assertEquals(410, attempt.status());
        List<ConsumerRecord<String, DeadLetter>> records = TestTopics.consume(bootstrap, topics.deadLetter().name(),
                new StringDeserializer(), JsonSerde.of(DeadLetter.class), 1, WAIT);
        assertEquals(1, records.size());
        assertEquals("sub_gone", records.get(0).key());
        DeadLetter letter = records.get(0).value();
        assertEquals(DeadLetter.Origin.DISPATCHER, letter.stage());
        assertEquals(DeadLetterReason.GONE, letter.reason());
        assertEquals(delivery, letter.delivery());
        assertEquals(410, letter.lastStatus());
        assertEquals(attempt.error(), letter.lastError());
        assertEquals(1, letter.attempts());
        assertEquals(attempt.at(), letter.firstAttemptAt());
        assertEquals(attempt.at(), letter.lastAttemptAt());
        assertEquals("g".repeat(DeadLetter.MAX_RESPONSE_BODY), letter.lastResponseBody());
        assertEquals(topics.deliveries().name(), letter.sourceTopic());
        await("the offset committed once both are written").atMost(WAIT)
                .until(this::committedTotal, total -> total == 1);
        assertEquals(1, gone.requests().size(), "never tried again");
        assertEquals(1, metrics.counter(DispatcherMetrics.FAILED).getCount());
        assertEquals(1, metrics.counter(DispatcherMetrics.DEAD_LETTERED).getCount());
    }

    @Test
    void deadLettersADeliveryToABlockedAddressWithoutSendingIt() throws Exception {
        Endpoint canary = receiver.endpoint(TestTopics.unique("canary"), List.of());
        publish(subscription("sub_internal").url(canary.url()).build());
        MetricRegistry metrics = new MetricRegistry();
        start(metrics, Map.of(DispatcherConfig.HTTP_ALLOW_LOOPBACK, "false"));

        Delivery delivery = deliver("sub_internal", 1);

        Attempt attempt = attempts(1).get(0);
        assertEquals("failed", attempt.outcome());
        assertNull(attempt.status());
        assertTrue(attempt.error().startsWith("blocked by the SSRF guard, rule loopback: no allowed address for "
                + "127.0.0.1: 127.0.0.1 is loopback"), attempt.error());
        List<ConsumerRecord<String, DeadLetter>> records = TestTopics.consume(bootstrap, topics.deadLetter().name(),
                new StringDeserializer(), JsonSerde.of(DeadLetter.class), 1, WAIT);
        assertEquals(1, records.size());
        DeadLetter letter = records.get(0).value();
        assertEquals(DeadLetterReason.BLOCKED_ADDRESS, letter.reason());
        assertEquals(delivery, letter.delivery());
        assertEquals(attempt.error(), letter.lastError());
        assertNull(letter.lastStatus());
        assertEquals(1, letter.attempts());
        await("the offset committed once both are written").atMost(WAIT)
                .until(this::committedTotal, total -> total == 1);
        assertEquals(0, canary.requests().size(), "nothing reached the address the guard refused");
        assertEquals(1, metrics.counter(DispatcherMetrics.DEAD_LETTERED).getCount());
    }

    @Test
    void deliversOverMutualTlsThroughTheEgressProxyAsConfigured(@TempDir Path dir) throws Exception {
        TestCertificateAuthority pki = TestCertificateAuthority.create("Hookline IT private CA");
        IssuedCertificate client = pki.issueClient("hookline-dispatcher");
        WebhookReceiver tls = WebhookReceiver.start(ReceiverTls.serving(pki.issueServer("127.0.0.1"))
                .requiringClientCertificatesFrom(pki));
        closeAfter.add(tls);
        TunnelProxy proxy = TunnelProxy.start();
        closeAfter.add(proxy);
        WebhookSecret secret = WebhookSecret.generate();
        Endpoint endpoint = tls.endpoint(TestTopics.unique("mutual"), List.of(secret));
        publish(subscription("sub_mutual").url(endpoint.url()).secrets(secret).build());
        start(new MetricRegistry(), Map.of(
                DispatcherConfig.HTTP_TLS_CA_FILE, IssuedCertificate.writePem(dir.resolve("ca.pem"),
                        List.of(pki.certificate())).toString(),
                DispatcherConfig.HTTP_TLS_CLIENT_CERT_FILE, client.writeChainPem(dir.resolve("client.crt")).toString(),
                DispatcherConfig.HTTP_TLS_CLIENT_KEY_FILE, client.writeKeyPem(dir.resolve("client.key")).toString(),
                DispatcherConfig.HTTP_PROXY, proxy.address(),
                // a TLS handshake takes a second or more on a busy machine of two cores
                DispatcherConfig.HTTP_CONNECT_TIMEOUT, "10s", DispatcherConfig.HTTP_REQUEST_TIMEOUT, "10s"));

        Delivery delivery = deliver("sub_mutual", 1);

        List<ReceivedRequest> received = endpoint.awaitRequests(1, WAIT);
        assertSameDeliveries(List.of(delivery), received);
        assertTrue(received.get(0).signatureValid(), received.get(0).verificationError());
        assertEquals(List.of("127.0.0.1:" + tls.port()), proxy.connects());
        Attempt attempt = attempts(1).get(0);
        assertEquals("delivered", attempt.outcome());
        assertEquals(204, attempt.status());
    }

    @Test
    void readsSubscriptionsOnPartitionsAddedWhileRunning() throws Exception {
        Endpoint endpoint = receiver.endpoint(TestTopics.unique("new-partition"), List.of());
        Dispatcher dispatcher = start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createPartitions(Map.of(topics.subscriptions().name(), NewPartitions.increaseTo(3))).all()
                    .get(10, TimeUnit.SECONDS);
        }

        Subscription created = subscription("sub_new").url(endpoint.url()).build();
        producer.send(new ProducerRecord<>(topics.subscriptions().name(), 2, created.id(), Json.write(created)))
                .get(10, TimeUnit.SECONDS);
        Delivery delivery = deliver("sub_new", 1);

        assertSameDeliveries(List.of(delivery), endpoint.awaitRequests(1, WAIT));
        assertEquals("delivered", attempts(1).get(0).outcome());
        assertEquals(List.of(), TestTopics.consume(bootstrap, topics.deadLetter().name(), new StringDeserializer(),
                JsonSerde.of(DeadLetter.class), 0, WAIT));
        assertTrue(dispatcher.isRunning());
    }

    @Test
    void writesADeadLetterTooLargeForTheProducerAgainWithoutTheBody() throws Exception {
        Dispatcher dispatcher = start(new MetricRegistry(), Map.of("kafka.max.request.size", "20000"));

        String eventId = "evt_big";
        Delivery big = Fixtures.delivery(eventId, "sub_never")
                .body("{\"id\":\"" + eventId + "\",\"data\":{\"pad\":\"" + "p".repeat(20_000) + "\"}}").build();
        produce(topics.deliveries().name(), big.subscriptionId(), Json.write(big));

        List<ConsumerRecord<String, DeadLetter>> records = TestTopics.consume(bootstrap, topics.deadLetter().name(),
                new StringDeserializer(), JsonSerde.of(DeadLetter.class), 1, WAIT);
        assertEquals(1, records.size());
        DeadLetter letter = records.get(0).value();
        assertEquals(DeadLetterReason.SUBSCRIPTION_DELETED, letter.reason());
        assertEquals("", letter.delivery().body());
        assertEquals(big.deliveryId(), letter.delivery().deliveryId());
        assertEquals(big.eventId(), letter.delivery().eventId());
        assertTrue(letter.lastError().startsWith("subscription sub_never does not exist (deleted or never "
                + "published); the delivery's body (20034 bytes) was dropped"), letter.lastError());
        await("the offset committed").atMost(WAIT).until(this::committedTotal, total -> total == 1);
        assertTrue(dispatcher.isRunning(), "still running: " + dispatcher.failure());
    }

    @Test
    void followsSubscriptionChangesPublishedWhileRunning() throws Exception {
        Endpoint endpoint = receiver.endpoint(TestTopics.unique("live"), List.of());
        start();

        // as the router would: the subscription first, its delivery right after
        WebhookSecret secret = WebhookSecret.generate();
        publish(subscription("sub_live").url(endpoint.url()).secrets(secret).build());
        Delivery first = deliver("sub_live", 1);
        assertSameDeliveries(List.of(first), endpoint.awaitRequests(1, WAIT));

        publish(subscription("sub_live").url(endpoint.url()).secrets(secret).enabled(false).build());
        Delivery second = deliver("sub_live", 2);
        List<ConsumerRecord<String, DeadLetter>> letters = TestTopics.consume(bootstrap, topics.deadLetter().name(),
                new StringDeserializer(), JsonSerde.of(DeadLetter.class), 1, WAIT);
        assertEquals(1, letters.size());
        assertDeadLetter(letters.get(0).value(), DeadLetterReason.ENDPOINT_DISABLED, second);
        assertEquals(1, endpoint.requests().size());
    }

    @Test
    void pausesConsumingWhileTooManyDeliveriesAreInFlight() throws Exception {
        Endpoint slow = receiver.endpoint(TestTopics.unique("slow"), List.of());
        slow.reply(Reply.stall(Duration.ofMillis(400)));
        publish(subscription("sub_slow").url(slow.url()).build());
        start(new MetricRegistry(), Map.of(DispatcherConfig.MAX_IN_FLIGHT, "2", "kafka.max.poll.records", "1"));

        for (int n = 1; n <= 6; n++) {
            deliver("sub_slow", n);
        }

        List<ReceivedRequest> requests = slow.awaitRequests(6, WAIT);
        for (int i = 2; i < requests.size(); i++) {
            Duration gap = Duration.between(requests.get(i - 2).receivedAt(), requests.get(i).receivedAt());
            assertTrue(gap.toMillis() >= 350, "request " + i + " came " + gap.toMillis() + " ms after request "
                    + (i - 2) + ": more than 2 were in flight");
        }
        assertEquals(6, attempts(6).size());
    }

    @Test
    void sendsNothingTwiceAfterARestartWithTheSameGroup() throws Exception {
        Endpoint endpoint = receiver.endpoint(TestTopics.unique("restart"), List.of());
        publish(subscription("sub_a").url(endpoint.url()).build());
        publish(subscription("sub_b").url(endpoint.url()).build());
        Dispatcher first = start();
        List<Delivery> before = new ArrayList<>();
        for (int n = 1; n <= 6; n++) {
            before.add(deliver(n % 2 == 0 ? "sub_a" : "sub_b", n));
        }
        endpoint.awaitRequests(6, WAIT);
        first.close();
        assertEquals(6, committedTotal(), "close() commits every finished delivery");

        start();
        List<Delivery> after = List.of(deliver("sub_a", 7), deliver("sub_b", 8));
        List<ReceivedRequest> requests = endpoint.awaitRequests(8, WAIT);
        attempts(8);
        await("the new deliveries committed").atMost(WAIT).until(this::committedTotal, total -> total == 8);

        assertEquals(8, endpoint.requests().size());
        List<Delivery> all = new ArrayList<>(before);
        all.addAll(after);
        assertSameDeliveries(all, requests);
        assertEquals(8, attempts(8).size(), "one attempt each, none repeated");
    }

    private Dispatcher start() throws Exception {
        return start(new MetricRegistry());
    }

    private Dispatcher start(MetricRegistry metrics) throws Exception {
        return start(metrics, Map.of());
    }

    private Dispatcher start(MetricRegistry metrics, Map<String, String> overrides) throws Exception {
        Map<String, Object> settings = new HashMap<>();
        settings.put(DispatcherConfig.BOOTSTRAP_SERVERS, bootstrap);
        settings.put(DispatcherConfig.TOPIC_PREFIX, topics.prefix());
        settings.put(DispatcherConfig.GROUP_ID, group);
        settings.put(DispatcherConfig.COMMIT_INTERVAL, "100ms");
        settings.put(DispatcherConfig.SHUTDOWN_TIMEOUT, "5s");
        settings.put(DispatcherConfig.HTTP_CONNECT_TIMEOUT, "1s");
        settings.put(DispatcherConfig.HTTP_REQUEST_TIMEOUT, "2s");
        settings.put(HooklineConfig.RETRY_SCHEDULE, "1s,2s");
        // The receiver listens on loopback, which the SSRF guard refuses unless allowed.
        settings.put(DispatcherConfig.HTTP_ALLOW_LOOPBACK, "true");
        settings.put(DispatcherConfig.HTTP_ALLOW_PLAIN, "true");
        settings.putAll(overrides);
        Dispatcher dispatcher = new Dispatcher(new DispatcherConfig(settings), metrics);
        dispatchers.add(dispatcher);
        dispatcher.start();
        await("dispatcher running").atMost(WAIT).until(dispatcher::isRunning);
        return dispatcher;
    }

    private void publish(Subscription subscription) throws Exception {
        produce(topics.subscriptions().name(), subscription.id(), Json.write(subscription));
    }

    private Delivery deliver(String subscriptionId, int n) throws Exception {
        Delivery delivery = delivery(subscriptionId, n);
        produce(topics.deliveries().name(), subscriptionId, Json.write(delivery));
        return delivery;
    }

    /** Delivery {@code n} of the test, to {@code subscriptionId}: {@code evt_<n>}, its body naming {@code n}. */
    private static Delivery delivery(String subscriptionId, int n) {
        String eventId = "evt_" + n;
        return Fixtures.delivery(eventId, subscriptionId).body(String.format(BODY, eventId, n)).build();
    }

    private List<DeadLetter> deadLetters(int atLeast) {
        return TestTopics.consume(bootstrap, topics.deadLetter().name(), new StringDeserializer(),
                JsonSerde.of(DeadLetter.class), atLeast, WAIT).stream().map(ConsumerRecord::value).toList();
    }

    /** Each request came at least the given gap after the one before it. */
    private static void assertGapsAtLeast(List<ReceivedRequest> requests, Duration... gaps) {
        for (int i = 0; i < gaps.length; i++) {
            Duration gap = Duration.between(requests.get(i).receivedAt(), requests.get(i + 1).receivedAt());
            assertTrue(gap.compareTo(gaps[i]) >= 0, "attempt " + (i + 2) + " came " + gap.toMillis()
                    + " ms after attempt " + (i + 1) + ", before its schedule allows");
        }
    }

    private static void produce(String topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
    }

    private List<Attempt> attempts(int atLeast) {
        return TestTopics.consume(bootstrap, topics.attempts().name(), new StringDeserializer(),
                JsonSerde.of(Attempt.class), atLeast, WAIT).stream().map(ConsumerRecord::value).toList();
    }

    private long committedTotal() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        }
    }

    private static void assertSameDeliveries(List<Delivery> sent, List<ReceivedRequest> received) {
        Map<String, Delivery> byId = sent.stream().collect(Collectors.toMap(Delivery::deliveryId, d -> d));
        assertEquals(byId.keySet(), received.stream().map(r -> r.header("webhook-id")).collect(Collectors.toSet()));
        assertEquals(sent.size(), received.size(), "each delivery exactly once");
        for (ReceivedRequest request : received) {
            Delivery delivery = byId.get(request.header("webhook-id"));
            assertEquals("POST", request.method());
            assertArrayEquals(delivery.body().getBytes(StandardCharsets.UTF_8), request.body());
            long timestamp = Long.parseLong(request.header("webhook-timestamp"));
            assertTrue(Math.abs(Instant.now().getEpochSecond() - timestamp) < 60, "timestamp of this attempt");
        }
    }

    private static void assertDeadLetter(DeadLetter letter, DeadLetterReason reason, Delivery delivery) {
        assertEquals(DeadLetter.Origin.DISPATCHER, letter.stage());
        assertEquals(reason, letter.reason());
        assertEquals(delivery, letter.delivery());
        assertEquals(0, letter.attempts());
        assertTrue(letter.lastError().startsWith("subscription " + delivery.subscriptionId()), letter.lastError());
    }
}
