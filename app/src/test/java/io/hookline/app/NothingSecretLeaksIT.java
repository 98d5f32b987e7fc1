package io.hookline.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.codahale.metrics.MetricRegistry;
import io.hookline.common.config.HooklineConfig;
import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.signing.WebhookVerificationException;
import io.hookline.common.signing.WebhookVerifier;
import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.DeadLetterReason;
import io.hookline.common.wire.Json;
import io.hookline.dispatcher.Dispatcher;
import io.hookline.dispatcher.DispatcherConfig;
import io.hookline.router.Router;
import io.hookline.router.RouterConfig;
import io.hookline.testkit.Endpoint;
import io.hookline.testkit.ReceivedRequest;
import io.hookline.testkit.Reply;
import io.hookline.testkit.TestKafka;
import io.hookline.testkit.TestTopics;
import io.hookline.testkit.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Nothing secret leaks: a whole run with encrypted secrets (deliveries, a retry, a dead
 * letter, a secret rotation in two steps, the admin commands), then every record of every
 * topic of the broker read raw (keys, values and headers; internal topics, the router's
 * Streams topics and aborted transactions included), every log line of the run and every
 * line the CLI printed are searched for the secrets and header values used: none is found.
 * Only their encrypted form is in the subscriptions topic.
 */
class NothingSecretLeaksIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String bootstrap = TestKafka.shared().bootstrapServers();
    private final String prefix = TestTopics.unique("leaks");
    private final MetricRegistry metrics = new MetricRegistry();
    private final WebhookReceiver receiver = WebhookReceiver.start();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger hookline = (Logger) LoggerFactory.getLogger("io.hookline");
    private final Level hooklineLevel = hookline.getLevel();
    private final List<Cli> printed = new ArrayList<>();
    private Router router;
    private Dispatcher dispatcher;
    private int events;

    @TempDir
    Path dir;

    @BeforeEach
    void captureLogs() {
        logs.start();
        root.addAppender(logs);
        hookline.setLevel(Level.DEBUG); // every log line Hookline has, not only the ones shown by default
    }

    @AfterEach
    void stop() {
        closeStages();
        receiver.close();
        root.detachAppender(logs);
        hookline.setLevel(hooklineLevel);
    }

    @Test
    void noSecretOrHeaderValueInAnyTopicLogOrOutputOnlyTheirEncryptedForm() throws Exception {
        Path keyFile = dir.resolve("keys.json");
        cli("topics", "create", "--partitions", "2");
        cli("keys", "rotate", "--private-keys-file", keyFile.toString());

        WebhookSecret old = WebhookSecret.generate();
        WebhookSecret fresh = WebhookSecret.generate();
        WebhookSecret flakySecret = WebhookSecret.generate();
        WebhookSecret goneSecret = WebhookSecret.generate();
        String token = "Bearer tok_" + random();
        String apiKey = "key_" + random();
        Endpoint orders = receiver.endpoint("orders", List.of(old));
        Endpoint flaky = receiver.endpoint("flaky", List.of(flakySecret));
        flaky.reply(Reply.sequence(Reply.status(500).body("try again"), Reply.status(200)));
        Endpoint gone = receiver.endpoint("gone", List.of(goneSecret));
        gone.reply(Reply.status(410).body("gone for good"));

        put("sub-orders", orders, "order.*", old, "--header", "Authorization: " + token, "--header",
                "X-Api-Key: " + apiKey);
        put("sub-flaky", flaky, "order.created", flakySecret, "--header", "Authorization: " + token);
        put("sub-gone", gone, "order.created", goneSecret);
        startStages(keyFile);
        await("the router saw the subscriptions").atMost(WAIT)
                .until(() -> router.routedSubscriptionIds("acme"), ids -> ids.size() == 3);

        sendEvent("order.created");
        ReceivedRequest order = orders.awaitRequests(1, WAIT).get(0);
        assertTrue(order.signatureValid(), order.verificationError());
        assertEquals(token, order.header("authorization"), "the header decrypted for the endpoint");
        assertEquals(apiKey, order.header("x-api-key"));
        List<ReceivedRequest> retried = flaky.awaitRequests(2, WAIT);
        assertTrue(retried.stream().allMatch(ReceivedRequest::signatureValid), retried.toString());
        assertEquals(token, retried.get(1).header("authorization"));
        DeadLetter dead = Json.read(TestTopics.consume(bootstrap, prefix + ".dead-letter", new StringDeserializer(),
                new ByteArrayDeserializer(), 1, WAIT).get(0).value(), DeadLetter.class);
        assertEquals(DeadLetterReason.GONE, dead.reason());

        // rotation, encrypted: both secrets sign until the old is dropped
        Cli rotated = cli("subscriptions", "rotate-secret", "sub-orders", "--secret", fresh.encoded(),
                "--allow-loopback", "--allow-plain-http");
        assertFalse(rotated.err().contains("plain text"), rotated.err());
        ReceivedRequest during = deliverUntil(orders, request -> signatures(request) == 2);
        verify(during, old);
        verify(during, fresh);
        cli("subscriptions", "rotate-secret", "sub-orders", "--drop-old", "--allow-loopback", "--allow-plain-http");
        ReceivedRequest after = deliverUntil(orders, request -> signatures(request) == 1);
        verify(after, fresh);
        assertThrows(WebhookVerificationException.class, () -> verify(after, old));
        assertEquals(token, after.header("authorization"), "header values kept through the rotation");

        Cli shown = cli("subscriptions", "get", "sub-orders");
        assertTrue(shown.out().contains("\"enc:v1:"), shown.out());
        cli("subscriptions", "list");
        cli("dlq", "list");
        cli("keys", "show", "--private-keys-file", keyFile.toString());
        closeStages(); // every log line written

        Map<String, byte[]> needles = needles(List.of(old, fresh, flakySecret, goneSecret), List.of(token, apiKey));
        Map<String, Integer> scanned = new TreeMap<>();
        List<String> found = new ArrayList<>();
        scanEveryTopic((where, bytes) -> found.addAll(find(needles, where, bytes)), scanned);
        for (ILoggingEvent event : logs.list) {
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                    : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            found.addAll(find(needles, "log " + event.getLoggerName(), line.getBytes(StandardCharsets.UTF_8)));
        }
        for (Cli cli : printed) {
            found.addAll(find(needles, "CLI output", (cli.out() + cli.err()).getBytes(StandardCharsets.UTF_8)));
        }
        found.addAll(find(needles, "metric names", String.join("\n", metrics.getNames())
                .getBytes(StandardCharsets.UTF_8)));

        assertEquals(List.of(), found, "secrets found");
        // the search can fail: it looked where the secrets went, and would know them if they were there
        assertTrue(logs.list.size() > 20, "log lines captured: " + logs.list.size());
        for (String topic : List.of(".subscriptions", ".deliveries", ".attempts", ".dead-letter", ".retry.5s",
                ".keys")) {
            assertTrue(scanned.getOrDefault(prefix + topic, 0) > 0, prefix + topic + " read: " + scanned);
        }
        assertTrue(scanned.keySet().stream().anyMatch(t -> t.startsWith(prefix + "-router-")),
                "the router's Streams topics read: " + scanned.keySet());
        assertTrue(scanned.containsKey("__consumer_offsets"), scanned.keySet().toString());
        assertFalse(find(needles, "a request", (order.header("authorization") + order.header("x-api-key"))
                .getBytes(StandardCharsets.UTF_8)).isEmpty(), "the needles match what they should");
        List<String> encrypted = new ArrayList<>();
        scanTopic(prefix + ".subscriptions", (where, bytes) -> {
            if (new String(bytes, StandardCharsets.UTF_8).contains("enc:v1:")) {
                encrypted.add(where);
            }
        });
        assertTrue(encrypted.size() >= 5, "three puts and two rotations, encrypted: " + encrypted);
    }

    /**
     * What must not be found, by what it is: each secret as written ({@code whsec_…}), its
     * base64 alone and its raw key bytes; each header value.
     */
    private static Map<String, byte[]> needles(List<WebhookSecret> secrets, List<String> values) {
        Map<String, byte[]> needles = new LinkedHashMap<>();
        for (int i = 0; i < secrets.size(); i++) {
            String encoded = secrets.get(i).encoded();
            String base64 = encoded.substring(WebhookSecret.PREFIX.length());
            needles.put("secret " + i, encoded.getBytes(StandardCharsets.UTF_8));
            needles.put("secret " + i + " base64", base64.getBytes(StandardCharsets.UTF_8));
            needles.put("secret " + i + " bytes", Base64.getDecoder().decode(base64));
        }
        for (int i = 0; i < values.size(); i++) {
            needles.put("header value " + i, values.get(i).getBytes(StandardCharsets.UTF_8));
        }
        return needles;
    }

    /** Which needles are in {@code haystack}, named with where it was (never the needle itself). */
    private static List<String> find(Map<String, byte[]> needles, String where, byte[] haystack) {
        List<String> found = new ArrayList<>();
        needles.forEach((name, needle) -> {
            if (indexOf(haystack, needle) >= 0) {
                found.add(name + " in " + where);
            }
        });
        return found;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private interface Scan {
        void bytes(String where, byte[] bytes);
    }

    /** Every record of every topic on the broker, internal ones too, counted per topic. */
    private void scanEveryTopic(Scan scan, Map<String, Integer> scanned) throws Exception {
        Set<String> topics;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
        }
        for (String topic : topics) {
            scanned.put(topic, scanTopic(topic, scan));
        }
    }

    /** Reads {@code topic} raw to its end, aborted transactional records included; returns how many it read. */
    private int scanTopic(String topic, Scan scan) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        config.put(ConsumerConfig.EXCLUDE_INTERNAL_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        int count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertTrue(System.nanoTime() < deadline, "timed out reading " + topic);
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    String where = topic + "-" + record.partition() + "@" + record.offset();
                    count++;
                    if (record.key() != null) {
                        scan.bytes(where + " key", record.key());
                    }
                    if (record.value() != null) {
                        scan.bytes(where + " value", record.value());
                    }
                    for (Header header : record.headers()) {
                        scan.bytes(where + " header " + header.key(), header.value() == null ? new byte[0]
                                : header.value());
                    }
                }
            }
        }
        return count;
    }

    private ReceivedRequest deliverUntil(Endpoint endpoint, Predicate<ReceivedRequest> wanted) {
        for (int probe = 0; probe < 20; probe++) {
            int before = endpoint.requestCount();
            sendEvent("order.updated"); // only sub-orders takes it
            ReceivedRequest request = endpoint.awaitRequests(before + 1, WAIT).get(before);
            if (wanted.test(request)) {
                return request;
            }
        }
        throw new AssertionError("no delivery as wanted among 20: " + endpoint.requests());
    }

    private void sendEvent(String type) {
        String id = "evt_" + (++events);
        TestTopics.produce(bootstrap, prefix + ".events", new StringSerializer(), new StringSerializer(), "acme",
                "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"data\":{\"n\":" + events + "}}");
    }

    private static int signatures(ReceivedRequest request) {
        return request.header("webhook-signature").split(" ").length;
    }

    private static void verify(ReceivedRequest request, WebhookSecret secret) {
        new WebhookVerifier(List.of(secret)).verify(request.headers(), request.body());
    }

    private void startStages(Path keyFile) {
        Map<String, Object> values = new HashMap<>();
        values.put(HooklineConfig.BOOTSTRAP_SERVERS, bootstrap);
        values.put(HooklineConfig.TOPIC_PREFIX, prefix);
        values.put(RouterConfig.APPLICATION_ID, prefix + "-router");
        values.put(RouterConfig.STATE_DIR, dir.resolve("router").toString());
        values.put(DispatcherConfig.GROUP_ID, prefix + "-dispatcher");
        values.put(DispatcherConfig.SECRETS_PRIVATE_KEYS_FILE, keyFile.toString());
        // the receivers listen on loopback, over plain http: allowed on purpose, as standalone does
        values.put(HooklineConfig.HTTP_ALLOW_LOOPBACK, "true");
        values.put(HooklineConfig.HTTP_ALLOW_PLAIN, "true");
        router = Router.create(new RouterConfig(values), metrics);
        router.start();
        dispatcher = new Dispatcher(new DispatcherConfig(values), metrics);
        dispatcher.start();
    }

    private void closeStages() {
        if (dispatcher != null) {
            dispatcher.close();
            dispatcher = null;
        }
        if (router != null) {
            router.close();
            router = null;
        }
    }

    private void put(String id, Endpoint endpoint, String eventType, WebhookSecret secret, String... more) {
        List<String> args = new ArrayList<>(List.of("subscriptions", "put", "--allow-loopback", "--allow-plain-http",
                "--id", id, "--tenant", "acme", "--url", endpoint.url(), "--event-type", eventType, "--secret",
                secret.encoded()));
        args.addAll(List.of(more));
        Cli put = cli(args.toArray(String[]::new));
        assertTrue(put.out().contains("secrets and header values encrypted to key "), put.out());
    }

    /** Runs the CLI, requires it to succeed, and keeps what it printed for the search. */
    private Cli cli(String... args) {
        Cli result = Cli.against(bootstrap, prefix, args);
        assertEquals(0, result.exitCode(), result.err());
        printed.add(result);
        return result;
    }

    private static String random() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
