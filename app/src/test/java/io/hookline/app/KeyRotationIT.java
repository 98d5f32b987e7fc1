package io.hookline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.hookline.common.config.HooklineConfig;
import io.hookline.common.secrets.Envelope;
import io.hookline.common.secrets.PrivateKeys;
import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.signing.WebhookVerifier;
import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.DeadLetterReason;
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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encrypted secrets across a key rotation on a real broker: records sealed to the old key and
 * to the new one, and a plain-text record from before encryption, all delivered signed by a
 * dispatcher holding both keys; a record sealed to a key it lacks dead-lettered as an invalid
 * subscription without stopping it; {@code subscriptions re-encrypt} moving every record to
 * the newest key.
 */
class KeyRotationIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String bootstrap = TestKafka.shared().bootstrapServers();
    private final String prefix = TestTopics.unique("keys");
    private final WebhookReceiver receiver = WebhookReceiver.start();
    private Dispatcher dispatcher;
    private int sent;

    @TempDir
    Path dir;
    private Path keyFile;

    @BeforeEach
    void createTopicsAndFirstKey() {
        Cli created = cli("topics", "create", "--partitions", "2");
        assertEquals(0, created.exitCode(), created.err());
        assertTrue(created.out().contains(prefix + ".keys"), created.out());
        keyFile = dir.resolve("dispatcher-keys.json");
        Cli rotated = cli("keys", "rotate", "--private-keys-file", keyFile.toString());
        assertEquals(0, rotated.exitCode(), rotated.err());
        assertTrue(rotated.out().startsWith("created " + keyFile + " with key "), rotated.out());
        assertTrue(rotated.out().contains("published public key "), rotated.out());
    }

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.close();
        }
        receiver.close();
    }

    @Test
    void oldAndNewKeysAndPlainRecordsAllDeliverThenReEncryptMovesThemToTheNewestKey() {
        int first = PrivateKeys.read(keyFile).primaryKeyId();
        WebhookSecret secretA = WebhookSecret.generate();
        WebhookSecret secretB = WebhookSecret.generate();
        WebhookSecret secretC = WebhookSecret.generate();
        Endpoint a = receiver.endpoint("a", List.of(secretA));
        Endpoint b = receiver.endpoint("b", List.of(secretB));
        Endpoint c = receiver.endpoint("c", List.of(secretC));

        Cli putA = put("sub-a", a, secretA, "Authorization: Bearer token-a");
        assertTrue(putA.out().contains("secrets and header values encrypted to key " + Envelope.keyIdText(first)),
                putA.out());
        // a record from before encryption, in plain text
        Subscription plainC = new Subscription("sub-c", "acme", URI.create(c.url()), List.of("order.*"),
                List.of(secretC), Map.of("Authorization", "Bearer token-c"), true, null, null, Subscription.VERSION);
        TestTopics.produce(bootstrap, prefix + ".subscriptions", new StringSerializer(), new ByteArraySerializer(),
                "sub-c", Json.write(plainC));

        Cli rotated = cli("keys", "rotate", "--private-keys-file", keyFile.toString());
        assertEquals(0, rotated.exitCode(), rotated.err());
        int second = PrivateKeys.read(keyFile).primaryKeyId();
        assertTrue(rotated.out().startsWith("added key " + Envelope.keyIdText(second) + " to " + keyFile
                + "; it now holds keys " + Envelope.keyIdText(first) + ", " + Envelope.keyIdText(second)),
                rotated.out());
        Cli putB = put("sub-b", b, secretB, "Authorization: Bearer token-b");
        assertTrue(putB.out().contains("encrypted to key " + Envelope.keyIdText(second)), putB.out());
        assertEquals(Set.of(first), published("sub-a").sealedKeyIds());
        assertEquals(Set.of(second), published("sub-b").sealedKeyIds());

        // sealed to a key pair no dispatcher has
        Subscription foreign = new Subscription("sub-x", "acme", URI.create(a.url()), List.of("order.*"),
                List.of(WebhookSecret.generate()), Map.of(), true, null, null, Subscription.VERSION)
                .seal(PrivateKeys.generate().publicKeys());
        int foreignKey = foreign.sealedKeyIds().first();
        TestTopics.produce(bootstrap, prefix + ".subscriptions", new StringSerializer(), new ByteArraySerializer(),
                "sub-x", Json.write(foreign));

        startDispatcher();
        assertValid(deliver("sub-a", a), secretA, "Bearer token-a");
        assertValid(deliver("sub-b", b), secretB, "Bearer token-b");
        assertValid(deliver("sub-c", c), secretC, "Bearer token-c");

        Delivery toForeign = delivery("sub-x");
        TestTopics.produce(bootstrap, prefix + ".deliveries", new StringSerializer(), new ByteArraySerializer(),
                "sub-x", Json.write(toForeign));
        DeadLetter dead = Json.read(TestTopics.consume(bootstrap, prefix + ".dead-letter", new StringDeserializer(),
                new ByteArrayDeserializer(), 1, WAIT).get(0).value(), DeadLetter.class);
        assertEquals(DeadLetterReason.INVALID_SUBSCRIPTION, dead.reason());
        assertEquals(toForeign.deliveryId(), dead.delivery().deliveryId());
        assertTrue(dead.lastError().contains("secrets[0] cannot be opened: it is encrypted to key "
                + Envelope.keyIdText(foreignKey) + ", which is not among the private keys here"), dead.lastError());
        assertTrue(dispatcher.failure().isEmpty(), "an unopenable record stops nothing");
        assertValid(deliver("sub-a", a), secretA, "Bearer token-a");

        Cli withoutKeys = cli("subscriptions", "re-encrypt");
        assertEquals(0, withoutKeys.exitCode(), withoutKeys.err());
        assertEquals(List.of(
                "sub-a: left as is: sealed to key(s) " + Envelope.keyIdText(first)
                        + "; give --private-keys-file to move it",
                "sub-b: already encrypted to the newest key",
                "sub-c: encrypted (it was in plain text)",
                "sub-x: left as is: sealed to key(s) " + Envelope.keyIdText(foreignKey)
                        + "; give --private-keys-file to move it",
                "1 of 4 subscription(s) published again"), withoutKeys.out().lines().toList());
        assertEquals(Set.of(second), published("sub-c").sealedKeyIds());
        assertFalse(published("sub-c").hasPlainValues());

        Cli withKeys = cli("subscriptions", "re-encrypt", "--private-keys-file", keyFile.toString());
        assertEquals(0, withKeys.exitCode(), withKeys.err());
        List<String> lines = withKeys.out().lines().toList();
        assertEquals("sub-a: encrypted again to the newest key, from key(s) " + Envelope.keyIdText(first), lines.get(0));
        assertEquals("sub-b: already encrypted to the newest key", lines.get(1));
        assertEquals("sub-c: already encrypted to the newest key", lines.get(2));
        assertTrue(lines.get(3).startsWith("sub-x: skipped: secrets[0] cannot be opened: it is encrypted to key "
                + Envelope.keyIdText(foreignKey)), lines.get(3));
        assertEquals("1 of 4 subscription(s) published again", lines.get(4));
        for (String id : List.of("sub-a", "sub-b", "sub-c")) {
            assertEquals(Set.of(second), published(id).sealedKeyIds(), id + " on the newest key only");
        }

        // the dispatcher reads the re-encrypted records as they come
        assertValid(deliver("sub-a", a), secretA, "Bearer token-a");
        assertValid(deliver("sub-c", c), secretC, "Bearer token-c");
        for (Cli result : List.of(putA, putB, rotated, withoutKeys, withKeys)) {
            for (WebhookSecret secret : List.of(secretA, secretB, secretC)) {
                assertFalse(result.out().contains(secret.encoded()) || result.err().contains(secret.encoded()));
            }
        }
    }

    private static void assertValid(ReceivedRequest request, WebhookSecret secret, String authorization) {
        new WebhookVerifier(List.of(secret)).verify(request.headers(), request.body());
        assertEquals(authorization, request.header("authorization"), "the header value, decrypted");
    }

    /** Sends one delivery to {@code subscriptionId} and returns the request it became. */
    private ReceivedRequest deliver(String subscriptionId, Endpoint endpoint) {
        int before = endpoint.requestCount();
        Delivery delivery = delivery(subscriptionId);
        TestTopics.produce(bootstrap, prefix + ".deliveries", new StringSerializer(), new ByteArraySerializer(),
                subscriptionId, Json.write(delivery));
        ReceivedRequest request = endpoint.awaitRequests(before + 1, WAIT).get(before);
        assertEquals(delivery.deliveryId(), request.header("webhook-id"));
        return request;
    }

    private Delivery delivery(String subscriptionId) {
        String eventId = "evt_" + (++sent);
        return new Delivery(DeliveryIds.deliveryId(eventId, subscriptionId), eventId, "order.created", "acme",
                subscriptionId, "{\"id\":\"" + eventId + "\",\"type\":\"order.created\",\"data\":{}}", 1, null, null);
    }

    private void startDispatcher() {
        dispatcher = new Dispatcher(new DispatcherConfig(Map.of(HooklineConfig.BOOTSTRAP_SERVERS, bootstrap,
                HooklineConfig.TOPIC_PREFIX, prefix,
                DispatcherConfig.GROUP_ID, prefix + "-dispatcher",
                DispatcherConfig.SECRETS_PRIVATE_KEYS_FILE, keyFile.toString(),
                // the receiver listens on loopback, over plain http: allowed on purpose, as standalone does
                HooklineConfig.HTTP_ALLOW_LOOPBACK, "true",
                HooklineConfig.HTTP_ALLOW_PLAIN, "true")), new MetricRegistry());
        dispatcher.start();
    }

    private Cli put(String id, Endpoint endpoint, WebhookSecret secret, String header) {
        Cli put = cli("subscriptions", "put", "--allow-loopback", "--allow-plain-http", "--id", id, "--tenant", "acme",
                "--url", endpoint.url(), "--event-type", "order.*", "--secret", secret.encoded(), "--header", header);
        assertEquals(0, put.exitCode(), put.err());
        return put;
    }

    /** The last record of {@code id} on the subscriptions topic, as the router and the admin read it (sealed). */
    private Subscription published(String id) {
        List<ConsumerRecord<String, byte[]>> records = TestTopics.consume(bootstrap, prefix + ".subscriptions",
                new StringDeserializer(), new ByteArrayDeserializer(), 1, WAIT);
        byte[] last = records.stream().filter(r -> r.key().equals(id)).reduce((x, y) -> y).orElseThrow().value();
        assertFalse(new String(last, StandardCharsets.UTF_8).contains("whsec_"), "no secret in the clear");
        return Json.read(last, Subscription.class);
    }

    private Cli cli(String... args) {
        return Cli.against(bootstrap, prefix, args);
    }
}
