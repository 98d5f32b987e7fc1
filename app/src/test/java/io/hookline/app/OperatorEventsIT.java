package io.hookline.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.hookline.common.config.HooklineConfig;
import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Topics;
import io.hookline.dispatcher.DispatcherConfig;
import io.hookline.router.RouterConfig;
import io.hookline.testkit.Endpoint;
import io.hookline.testkit.ReceivedRequest;
import io.hookline.testkit.Reply;
import io.hookline.testkit.TestKafka;
import io.hookline.testkit.TestTopics;
import io.hookline.testkit.WebhookReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operators told, on a real broker, by router and dispatcher together: an endpoint failing
 * without a success for {@code endpoint.disable.after} (3 s here) gets its subscription
 * disabled with the reason, and an operator subscription on a real receiver gets
 * {@code endpoint.disabled} and {@code delivery.dead_lettered}, signed; an operator endpoint
 * that fails itself is neither disabled nor told about.
 */
class OperatorEventsIT {
    /** The part of an operator event these tests read. */
    record OperatorEvent(String id, String type, Data data) {
    }

    record Data(String subscriptionId, String tenant, String reason) {
    }

    /** The part of {@code subscriptions get}'s output these tests read. */
    record SubscriptionView(boolean enabled, String disabledReason) {
    }

    private final String bootstrap = TestKafka.shared().bootstrapServers();
    private final String prefix = TestTopics.unique("ops");
    private final MetricRegistry metrics = new MetricRegistry();
    @AutoClose
    private final WebhookReceiver receiver = WebhookReceiver.start();
    private RouterAndDispatcher stages;

    @TempDir
    Path stateDir;

    @BeforeEach
    void start() {
        TestTopics.createAll(bootstrap, new Topics(prefix), 2, List.of(Duration.ofSeconds(1)));
        Map<String, Object> values = new HashMap<>();
        values.put(HooklineConfig.BOOTSTRAP_SERVERS, bootstrap);
        values.put(HooklineConfig.TOPIC_PREFIX, prefix);
        values.put(HooklineConfig.RETRY_SCHEDULE, "1s,1s,1s,1s,1s,1s,1s,1s");
        values.put(HooklineConfig.RETRY_JITTER, "0");
        values.put(RouterConfig.APPLICATION_ID, prefix + "-router");
        values.put(RouterConfig.STATE_DIR, stateDir.toString());
        values.put(DispatcherConfig.GROUP_ID, prefix + "-dispatcher");
        values.put(DispatcherConfig.HTTP_ALLOW_LOOPBACK, "true");
        values.put(DispatcherConfig.HTTP_ALLOW_PLAIN, "true");
        values.put(DispatcherConfig.ENDPOINT_DISABLE_AFTER, "3s");
        values.put(DispatcherConfig.OPS_NOTIFY_INTERVAL, "1s");
        // every failure a request, so that the run is seen failing second by second
        values.put(DispatcherConfig.CIRCUIT_FAILURES, "1000");
        stages = RouterAndDispatcher.start(values, metrics);
    }

    @AfterEach
    void stop() {
        if (stages != null) {
            stages.close();
        }
    }

    @Test
    void aPermanentlyFailingEndpointIsDisabledAndOperatorsAreToldSignedButNeverAboutTheirOwn() throws Exception {
        WebhookSecret opsSecret = WebhookSecret.generate();
        Endpoint failing = receiver.endpoint(TestTopics.unique("failing"), List.of());
        failing.reply(Reply.status(500));
        Endpoint opsFailing = receiver.endpoint(TestTopics.unique("ops-failing"), List.of());
        opsFailing.reply(Reply.status(503));
        Endpoint ops = receiver.endpoint(TestTopics.unique("ops"), List.of(opsSecret));
        put("sub-failing", "acme", failing.url(), "order.*");
        put("sub-ops", "hookline-ops", ops.url(), "**", "--secret", opsSecret.encoded());
        put("sub-ops-broken", "hookline-ops", opsFailing.url(), "**");
        await("the router routes to all three").atMost(Duration.ofSeconds(60))
                .until(() -> stages.router().routedSubscriptionIds("acme").size() == 1
                        && stages.router().routedSubscriptionIds("hookline-ops").size() == 2);

        try (KafkaProducer<String, String> producer = plainProducer()) {
            producer.send(new ProducerRecord<>(prefix + ".events", "acme",
                    "{\"id\":\"evt_1\",\"type\":\"order.created\",\"data\":{\"orderId\":1}}")).get();
        }

        await("sub-failing disabled").atMost(Duration.ofSeconds(60)).until(() -> !subscription("sub-failing")
                .enabled());
        SubscriptionView disabled = subscription("sub-failing");
        Matcher reason = Pattern.compile("endpoint failing without a success since (\\S+); disabled automatically "
                + "at (\\S+)").matcher(disabled.disabledReason());
        assertTrue(reason.matches(), disabled.toString());
        Duration failedFor = Duration.between(Instant.parse(reason.group(1)), Instant.parse(reason.group(2)));
        assertTrue(failedFor.compareTo(Duration.ofSeconds(3)) >= 0, "disabled after failing for " + failedFor);
        int failedAttempts = failing.requestCount();
        assertTrue(failedAttempts >= 2, "failed at least twice, a second or more apart: " + failedAttempts);

        OperatorEvent disabledEvent = awaitOperatorEvent(ops, "endpoint.disabled");
        assertEquals(new Data("sub-failing", "acme", disabled.disabledReason()), disabledEvent.data());
        OperatorEvent deadLettered = awaitOperatorEvent(ops, "delivery.dead_lettered");
        assertEquals(new Data("sub-failing", "acme", "endpoint_disabled"), deadLettered.data(),
                "the retry after the disable is dead-lettered as endpoint_disabled");
        assertEquals(failedAttempts, failing.requestCount(), "nothing sent to it once disabled");

        // The operator's own failing endpoint got both events too, failed them to exhaustion: dead
        // letters of the ops tenant, about which nobody is told, and never disabled.
        await("the ops tenant's own dead letters").atMost(Duration.ofSeconds(60))
                .until(() -> cli("dlq", "list", "--subscription", "sub-ops-broken", "--json").out().lines().count() >= 2);
        await("no notice about the operator's own endpoint").during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10)).until(() -> aboutOpsBroken(ops) == 0);
        assertTrue(subscription("sub-ops-broken").enabled(), "an operator endpoint is never disabled");
        for (ReceivedRequest request : ops.requests()) {
            assertTrue(request.signatureValid(), request.verificationError());
        }
    }

    private static long aboutOpsBroken(Endpoint ops) {
        return ops.requests().stream().map(OperatorEventsIT::event)
                .filter(event -> event.data() != null && "sub-ops-broken".equals(event.data().subscriptionId()))
                .count();
    }

    private static OperatorEvent awaitOperatorEvent(Endpoint ops, String type) {
        await(type + " at the operator receiver").atMost(Duration.ofSeconds(60))
                .until(() -> ops.requests().stream().anyMatch(request -> event(request).type().equals(type)));
        ReceivedRequest request = ops.requests().stream().filter(r -> event(r).type().equals(type))
                .findFirst().orElseThrow();
        assertTrue(request.signatureValid(), request.verificationError());
        OperatorEvent event = event(request);
        assertFalse(event.id().isEmpty());
        return event;
    }

    private static OperatorEvent event(ReceivedRequest request) {
        return Json.read(request.body(), OperatorEvent.class);
    }

    private SubscriptionView subscription(String id) {
        Cli got = cli("subscriptions", "get", id);
        assertEquals(0, got.exitCode(), got.err());
        return Json.read(got.out(), SubscriptionView.class);
    }

    private void put(String id, String tenant, String url, String eventType, String... more) {
        String[] base = {"subscriptions", "put", "--allow-loopback", "--allow-plain-http", "--id", id, "--tenant",
            tenant, "--url", url, "--event-type", eventType};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        Cli result = cli(args);
        assertEquals(0, result.exitCode(), result.err());
    }

    private Cli cli(String... args) {
        return Cli.against(bootstrap, prefix, args);
    }

    private KafkaProducer<String, String> plainProducer() {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrap);
        properties.put("acks", "all");
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }
}
