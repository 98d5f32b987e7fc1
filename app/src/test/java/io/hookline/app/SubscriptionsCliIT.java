package io.hookline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.DeadLetterReason;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.Event;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.JsonSerde;
import io.hookline.testkit.Fixtures;
import io.hookline.testkit.TestKafka;
import io.hookline.testkit.TestTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hookline topics create} and {@code subscriptions put|list|get|delete} on a real broker. */
class SubscriptionsCliIT {
    private final String bootstrap = TestKafka.shared().bootstrapServers();
    private final String prefix = TestTopics.unique("cli");

    @BeforeEach
    void createTopics() {
        Cli created = cli("topics", "create", "--partitions", "2");
        assertEquals(0, created.exitCode(), created.err());
        assertTrue(created.out().contains(prefix + ".subscriptions") && created.out().contains("created"),
                created.out());
        Cli again = cli("topics", "create", "--partitions", "2");
        assertEquals(0, again.exitCode(), again.err());
        assertFalse(again.out().contains("created"), "second run finds them all: " + again.out());
    }

    @Test
    void putWithoutSecretGeneratesOneAndShowsItOnlyOnce() {
        Cli put = cli("subscriptions", "put", "--id", "sub-gen", "--tenant", "acme", "--url",
                "https://hooks.example.com/in", "--event-type", "order.*", "--header", "Authorization: Bearer tok");
        assertEquals(0, put.exitCode(), put.err());
        String secret = put.out().lines().filter(l -> l.startsWith("generated signing secret"))
                .map(l -> l.substring(l.indexOf("whsec_"))).findFirst().orElseThrow();
        WebhookSecret.parse(secret);

        Cli get = cli("subscriptions", "get", "sub-gen");
        assertEquals(0, get.exitCode(), get.err());
        assertTrue(get.out().contains("\"url\" : \"https://hooks.example.com/in\""), get.out());
        assertFalse(get.out().contains(secret), "get never prints the secret");
        assertFalse(get.out().contains("Bearer tok"), "get never prints header values");

        Cli list = cli("subscriptions", "list");
        assertTrue(list.out().contains("sub-gen") && list.out().contains("order.*"), list.out());
        assertFalse(list.out().contains(secret));
    }

    @Test
    void putFromFileListThenDelete(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub.json");
        Files.writeString(file, "{\"id\":\"sub-file\",\"tenant\":\"acme\",\"url\":\"https://h.example.com/x\","
                + "\"eventTypes\":[\"invoice.paid\"],\"secrets\":[\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"],"
                + "\"enabled\":false}", StandardCharsets.UTF_8);
        assertEquals(0, cli("subscriptions", "put", "--file", file.toString()).exitCode());

        Cli list = cli("subscriptions", "list", "--tenant", "acme");
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("sub-file") && l.contains(" no ")), list.out());
        assertTrue(list.out().strip().endsWith("1 subscription(s)"), list.out());

        Cli deleted = cli("subscriptions", "delete", "sub-file");
        assertEquals(0, deleted.exitCode(), deleted.err());
        Cli gone = cli("subscriptions", "get", "sub-file");
        assertEquals(1, gone.exitCode());
        assertEquals("hookline: no subscription with id sub-file", gone.err().strip());
        assertEquals(1, cli("subscriptions", "delete", "sub-file").exitCode(), "deleting twice is an error");
    }

    @Test
    void disableAndEnableTellOperatorsAndEnableSaysWhatWaits() throws Exception {
        assertEquals(0, cli("subscriptions", "put", "--id", "sub-toggle", "--tenant", "acme", "--url",
                "https://hooks.example.com/in", "--event-type", "order.*").exitCode());

        Cli disabled = cli("subscriptions", "disable", "sub-toggle", "--reason", "maintenance");
        assertEquals(0, disabled.exitCode(), disabled.err());
        assertTrue(cli("subscriptions", "list").out().lines()
                .anyMatch(l -> l.startsWith("sub-toggle") && l.contains(" no ")));
        assertEquals("sub-toggle is disabled already", cli("subscriptions", "disable", "sub-toggle").out().strip());

        // a delivery dead-lettered while it was disabled, as the dispatcher writes it
        Delivery delivery = Fixtures.delivery("evt_1", "sub-toggle").build();
        DeadLetter letter = DeadLetter.unsent(delivery, DeadLetterReason.ENDPOINT_DISABLED, "disabled",
                new DeadLetter.Source(prefix + ".deliveries", 0, 0), Instant.now());
        TestTopics.produceAll(bootstrap, new StringSerializer(), new ByteArraySerializer(),
                List.of(new ProducerRecord<>(prefix + ".dead-letter", "sub-toggle", Json.write(letter))));

        Cli enabled = cli("subscriptions", "enable", "sub-toggle");
        assertEquals(0, enabled.exitCode(), enabled.err());
        assertTrue(enabled.out().contains("1 dead letter(s) of sub-toggle wait")
                && enabled.out().contains("hookline dlq replay --subscription sub-toggle --reason endpoint_disabled"),
                enabled.out());
        assertTrue(cli("subscriptions", "list").out().lines()
                .anyMatch(l -> l.startsWith("sub-toggle") && l.contains(" yes ")));

        List<Event> told = TestTopics.consume(bootstrap, prefix + ".events", new StringDeserializer(),
                JsonSerde.of(Event.class), 2, java.time.Duration.ofSeconds(20)).stream()
                .map(ConsumerRecord::value).toList();
        assertEquals(List.of("endpoint.disabled", "endpoint.enabled"), told.stream().map(Event::type).toList());
        for (Event event : told) {
            assertEquals("hookline-ops", event.tenant());
            Map<?, ?> data = Json.read(event.data(), Map.class);
            assertEquals("sub-toggle", data.get("subscriptionId"));
            assertEquals("acme", data.get("tenant"));
        }
        assertEquals("maintenance", Json.read(told.get(0).data(), Map.class).get("reason"));
    }

    @Test
    void refusesUrlsTheDispatcherMustNotReachNamingTheRule(@TempDir Path dir) throws Exception {
        for (String url : new String[] {"https://127.0.0.1:8443/in", "https://127.1/in", "https://0177.0.0.1/in",
            "https://2130706433/in", "https://[::1]/in", "https://localhost/in"}) {
            Cli put = cli("subscriptions", "put", "--id", "sub-local", "--tenant", "acme", "--url", url,
                    "--event-type", "order.*");
            assertEquals(1, put.exitCode(), url);
            assertTrue(put.err().startsWith("hookline: invalid subscription: url refused by rule loopback: host "),
                    put.err());
            assertTrue(put.err().strip().endsWith("; --allow-loopback accepts it"), put.err());
            assertEquals(1, put.err().strip().lines().count(), put.err());
        }
        Path file = dir.resolve("metadata.json");
        Files.writeString(file, "{\"id\":\"sub-meta\",\"tenant\":\"acme\",\"url\":\"https://169.254.43518/latest\","
                + "\"eventTypes\":[\"a.b\"],\"secrets\":[\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"]}",
                StandardCharsets.UTF_8);
        Cli fromFile = cli("subscriptions", "put", "--file", file.toString());
        assertEquals(1, fromFile.exitCode());
        assertTrue(fromFile.err().startsWith("hookline: invalid subscription: url refused by rule cloud-metadata: "
                + "host 169.254.43518 is 169.254.169.254"), fromFile.err());

        Cli list = cli("subscriptions", "list");
        assertTrue(list.out().strip().endsWith("0 subscription(s)"), "nothing was published: " + list.out());
    }

    @Test
    void publishesALocalUrlWhenAllowedInItsNormalizedForm(@TempDir Path dir) throws Exception {
        Cli put = cli("subscriptions", "put", "--allow-loopback", "--allow-plain-http", "--id", "sub-local",
                "--tenant", "acme", "--url", "http://0177.1:9/hook", "--event-type", "order.*");
        assertEquals(0, put.exitCode(), put.err());
        assertTrue(put.out().startsWith("put subscription sub-local (tenant acme, [order.*] → "
                + "http://127.0.0.1:9/hook)"), put.out());
        Cli get = cli("subscriptions", "get", "sub-local");
        assertTrue(get.out().contains("\"url\" : \"http://127.0.0.1:9/hook\""), get.out());

        Path file = dir.resolve("local.json");
        Files.writeString(file, "{\"id\":\"sub-local-file\",\"tenant\":\"acme\",\"url\":\"http://127.1:9/x\","
                + "\"eventTypes\":[\"a.b\"],\"secrets\":[\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"]}",
                StandardCharsets.UTF_8);
        Cli refused = cli("subscriptions", "put", "--allow-loopback", "--file", file.toString());
        assertEquals(1, refused.exitCode());
        assertEquals("hookline: invalid subscription: url must be https://; plain http:// is refused unless "
                + "http.allow.plain=true; --allow-plain-http accepts it", refused.err().strip());
        Cli fromFile = cli("subscriptions", "put", "--allow-loopback", "--allow-plain-http", "--file",
                file.toString());
        assertEquals(0, fromFile.exitCode(), fromFile.err());
        assertTrue(cli("subscriptions", "get", "sub-local-file").out().contains("\"url\" : \"http://127.0.0.1:9/x\""));
    }

    @Test
    void invalidRecordsOnTheTopicAreListedWithTheirReason() {
        TestTopics.produce(bootstrap, prefix + ".subscriptions", new StringSerializer(), new StringSerializer(),
                "sub-bad", "{\"id\":\"sub-bad\",\"tenant\":\"acme\",\"url\":\"https://x.example.com\","
                        + "\"eventTypes\":[\"a.b\"],\"secrets\":[\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"],"
                        + "\"headers\":{\"X-A\":\"b\\r\\nX-Injected: 1\"}}");
        Cli list = cli("subscriptions", "list");
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("sub-bad") && l.contains("INVALID")
                && l.contains("line break")), list.out());
    }

    private Cli cli(String... args) {
        return Cli.against(bootstrap, prefix, args);
    }
}
