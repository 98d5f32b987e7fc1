package io.hookline.app;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.hookline.common.config.HooklineConfig;
import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.signing.WebhookVerificationException;
import io.hookline.common.signing.WebhookVerifier;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.DeliveryIds;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Subscription;
import io.hookline.dispatcher.Dispatcher;
import io.hookline.dispatcher.DispatcherConfig;
import io.hookline.testkit.Endpoint;
import io.hookline.testkit.ReceivedRequest;
import io.hookline.testkit.TestKafka;
import io.hookline.testkit.TestTopics;
import io.hookline.testkit.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code hookline subscriptions rotate-secret} on a real broker: what it publishes and prints,
 * and, with a dispatcher running, what receivers get: one signature per secret while both
 * sign, one after {@code --drop-old}.
 */
class RotateSecretCliIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Deliveries sent at most while waiting for the dispatcher to see a rotation. */
    private static final int MAX_PROBES = 20;

    private final String bootstrap = TestKafka.shared().bootstrapServers();
    private final String prefix = TestTopics.unique("rotate");
    private WebhookReceiver receiver;
    private Dispatcher dispatcher;
    private int delivered;

    @BeforeEach
    void createTopics() {
        Cli created = cli("topics", "create", "--partitions", "2");
        assertEquals(0, created.exitCode(), created.err());
        receiver = WebhookReceiver.start();
    }

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.close();
        }
        receiver.close();
    }

    @Test
    void addsANewSecretBesideTheOldThenDropsTheOldNeverPrintingOne() {
        WebhookSecret first = WebhookSecret.generate();
        put("sub-rot", "https://hooks.example.com/in", first);

        Cli rotated = cli("subscriptions", "rotate-secret", "sub-rot");
        assertEquals(0, rotated.exitCode(), rotated.err());
        assertTrue(rotated.out().startsWith("added a signing secret to sub-rot; it signs alongside the 1 old one(s) "
                + "until `hookline subscriptions rotate-secret sub-rot --drop-old`"), rotated.out());
        WebhookSecret second = WebhookSecret.parse(rotated.out().lines()
                .filter(l -> l.startsWith("new signing secret (shown only now; give it to the receiver): "))
                .map(l -> l.substring(l.indexOf(WebhookSecret.PREFIX))).findFirst().orElseThrow());
        assertFalse(rotated.out().contains(first.encoded()), "never the old secret");
        assertEquals(List.of(first, second), published("sub-rot").secrets(), "the newest last");

        WebhookSecret third = WebhookSecret.generate();
        Cli given = cli("subscriptions", "rotate-secret", "sub-rot", "--secret", third.encoded());
        assertEquals(0, given.exitCode(), given.err());
        assertEquals("added a signing secret to sub-rot; it signs alongside the 2 old one(s) until "
                + "`hookline subscriptions rotate-secret sub-rot --drop-old`", given.out().strip(),
                "a given secret is not printed back");
        assertEquals(List.of(first, second, third), published("sub-rot").secrets());

        Cli again = cli("subscriptions", "rotate-secret", "sub-rot", "--secret", third.encoded());
        assertEquals(1, again.exitCode());
        assertEquals("hookline: that secret is already one of sub-rot's secrets", again.err().strip());

        Cli dropped = cli("subscriptions", "rotate-secret", "sub-rot", "--drop-old");
        assertEquals(0, dropped.exitCode(), dropped.err());
        assertEquals("dropped 2 old secret(s) of sub-rot; only the newest signs now", dropped.out().strip());
        assertEquals(List.of(third), published("sub-rot").secrets());
        Cli nothingLeft = cli("subscriptions", "rotate-secret", "sub-rot", "--drop-old");
        assertEquals(0, nothingLeft.exitCode(), nothingLeft.err());
        assertEquals("sub-rot has one secret; nothing to drop", nothingLeft.out().strip());
        assertEquals(4, subscriptionRecords("sub-rot"), "put, two rotations and one drop; nothing else published");

        Cli unknown = cli("subscriptions", "rotate-secret", "sub-none");
        assertEquals(1, unknown.exitCode());
        assertEquals("hookline: no subscription with id sub-none", unknown.err().strip());
        Cli both = cli("subscriptions", "rotate-secret", "sub-rot", "--drop-old", "--secret", third.encoded());
        assertEquals(2, both.exitCode(), "one step at a time");
        for (Cli result : List.of(rotated, given, again, dropped, nothingLeft, unknown, both)) {
            for (WebhookSecret secret : List.of(first, third)) {
                assertFalse(result.out().contains(secret.encoded()) || result.err().contains(secret.encoded()),
                        "an existing or given secret is never printed");
            }
        }
    }

    @Test
    void checksTheUrlAgainAsPutDoes() {
        put("sub-local", receiver.endpoint("local", List.of()).url(), WebhookSecret.generate());

        Cli refused = cli("subscriptions", "rotate-secret", "sub-local");
        assertEquals(1, refused.exitCode());
        assertTrue(refused.err().startsWith("hookline: invalid subscription: url must be https://"), refused.err());
        assertEquals(1, published("sub-local").secrets().size(), "nothing published");

        Cli allowed = cli("subscriptions", "rotate-secret", "sub-local", "--allow-plain-http", "--allow-loopback");
        assertEquals(0, allowed.exitCode(), allowed.err());
        assertEquals(2, published("sub-local").secrets().size());
    }

    @Test
    void deliveriesCarryOneValidSignaturePerSecretUntilTheOldIsDropped() {
        WebhookSecret old = WebhookSecret.generate();
        Endpoint endpoint = receiver.endpoint("rotating", List.of(old));
        put("sub-live", endpoint.url(), old);
        startDispatcher();

        ReceivedRequest before = deliverUntil("sub-live", endpoint, request -> true);
        assertEquals(1, signatures(before), "one secret, one signature");
        assertDoesNotThrow(() -> verify(before, old));

        Cli rotated = cli("subscriptions", "rotate-secret", "sub-live", "--allow-plain-http", "--allow-loopback");
        assertEquals(0, rotated.exitCode(), rotated.err());
        WebhookSecret fresh = WebhookSecret.parse(rotated.out().substring(rotated.out().indexOf(WebhookSecret.PREFIX))
                .strip());
        // the dispatcher reads subscriptions as they change, not at the same instant
        ReceivedRequest during = deliverUntil("sub-live", endpoint, request -> signatures(request) == 2);
        assertDoesNotThrow(() -> verify(during, old), "the receiver not yet switched still verifies");
        assertDoesNotThrow(() -> verify(during, fresh), "the receiver switched verifies too");

        Cli dropped = cli("subscriptions", "rotate-secret", "sub-live", "--drop-old", "--allow-plain-http",
                "--allow-loopback");
        assertEquals(0, dropped.exitCode(), dropped.err());
        ReceivedRequest after = deliverUntil("sub-live", endpoint, request -> signatures(request) == 1);
        assertDoesNotThrow(() -> verify(after, fresh));
        assertThrows(WebhookVerificationException.class, () -> verify(after, old), "the old secret signs no more");
        assertEquals(List.of(), receiver.unrouted());
    }

    /**
     * Sends deliveries to {@code subscriptionId} one at a time until one arrives that
     * {@code wanted} accepts, and returns it.
     */
    private ReceivedRequest deliverUntil(String subscriptionId, Endpoint endpoint, Predicate<ReceivedRequest> wanted) {
        for (int probe = 0; probe < MAX_PROBES; probe++) {
            String eventId = "evt_" + (++delivered);
            Delivery delivery = new Delivery(DeliveryIds.deliveryId(eventId, subscriptionId), eventId,
                    "order.created", "acme", subscriptionId, "{\"id\":\"" + eventId + "\",\"type\":\"order.created\","
                    + "\"data\":{}}", 1, null, null);
            TestTopics.produce(bootstrap, prefix + ".deliveries", new StringSerializer(), new StringSerializer(),
                    subscriptionId, new String(Json.write(delivery), StandardCharsets.UTF_8));
            ReceivedRequest request = endpoint.awaitRequests(delivered, WAIT).get(delivered - 1);
            assertEquals(delivery.deliveryId(), request.header("webhook-id"));
            if (wanted.test(request)) {
                return request;
            }
        }
        throw new AssertionError("none of " + MAX_PROBES + " deliveries was what the test waited for: "
                + endpoint.requests());
    }

    private static int signatures(ReceivedRequest request) {
        return request.header("webhook-signature").split(" ").length;
    }

    private static void verify(ReceivedRequest request, WebhookSecret secret) {
        new WebhookVerifier(List.of(secret)).verify(request.headers(), request.body());
    }

    private void startDispatcher() {
        dispatcher = new Dispatcher(new DispatcherConfig(Map.of(HooklineConfig.BOOTSTRAP_SERVERS, bootstrap,
                HooklineConfig.TOPIC_PREFIX, prefix,
                DispatcherConfig.GROUP_ID, prefix + "-dispatcher",
                // the receiver listens on loopback, over plain http: allowed on purpose, as standalone does
                HooklineConfig.HTTP_ALLOW_LOOPBACK, "true",
                HooklineConfig.HTTP_ALLOW_PLAIN, "true")), new MetricRegistry());
        dispatcher.start();
    }

    private void put(String id, String url, WebhookSecret secret) {
        Cli put = cli("subscriptions", "put", "--allow-loopback", "--allow-plain-http", "--id", id, "--tenant", "acme",
                "--url", url, "--event-type", "order.*", "--secret", secret.encoded());
        assertEquals(0, put.exitCode(), put.err());
    }

    /** The last record of {@code id} on the subscriptions topic, read as the stages read it. */
    private Subscription published(String id) {
        List<ConsumerRecord<String, byte[]>> records = records();
        byte[] last = records.stream().filter(r -> r.key().equals(id)).reduce((a, b) -> b).orElseThrow().value();
        return Json.read(last, Subscription.class);
    }

    private long subscriptionRecords(String id) {
        return records().stream().filter(r -> r.key().equals(id)).count();
    }

    private List<ConsumerRecord<String, byte[]>> records() {
        return TestTopics.consume(bootstrap, prefix + ".subscriptions", new StringDeserializer(),
                new ByteArrayDeserializer(), 1, WAIT);
    }

    private Cli cli(String... args) {
        return Cli.against(bootstrap, prefix, args);
    }
}
