package io.hookline.app.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.net.HostResolver;
import io.hookline.common.net.UrlGuard;
import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.wire.Attempt;
import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.DeadLetterReason;
import io.hookline.common.wire.Topics;
import io.hookline.testkit.TestTopics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code standalone --demo} as a user runs it, with the default retry schedule: embedded Kafka,
 * router, dispatcher, ops endpoints and the demo; deliveries arrive verified; the flaky endpoint's
 * delivery is retried after the schedule's first delay and delivered; the gone endpoint's is
 * dead-lettered and the demo shows the letter; a restart on the same data directory still has
 * the subscriptions, their secrets encrypted to the key pair made at the first start.
 */
class StandaloneIT {
    /** The default schedule's first delay, 5 s, less its 20 % jitter. */
    private static final Duration SHORTEST_FIRST_RETRY = Duration.ofSeconds(4);
    private static final Pattern RETRIED_LINE = Pattern.compile(
            "✓ demo-flaky +order\\.paid #\\d+ +(msg_\\w+) +attempt 2 +signature verified, delivered (\\d+\\.\\d) s "
                    + "after attempt 1");
    private static final Pattern DEAD_LETTER_LINE = Pattern.compile(
            "☠ demo-gone +order\\.cancelled #\\d+ +(msg_\\w+) +dead letter \\(gone\\): 1 attempt, last status 410");

    @Test
    void demoDeliversRetriesDeadLettersAndRestartKeepsSubscriptions(@TempDir Path data) throws Exception {
        int kafkaPort = freePort();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        Standalone.Settings settings = new Standalone.Settings(data, "127.0.0.1", kafkaPort, 0, Map.of());
        try (Standalone standalone = Standalone.start(settings, out);
             Demo demo = Demo.start(standalone, "127.0.0.1", 200, out)) {
            assertTrue(standalone.awaitReady(Duration.ofSeconds(90), () -> false), "router and dispatcher running");
            assertEquals(200, status(standalone.opsPort(), "/readyz"));
            await("three verified demo deliveries").atMost(Duration.ofSeconds(90)).until(() -> demo.totals().delivered() >= 3);
            // the receiver answers before the dispatcher counts the delivery: wait for the count
            String metrics = await("three deliveries counted").atMost(Duration.ofSeconds(10))
                    .until(() -> httpBody(standalone.opsPort(), "/metrics"),
                            page -> counter(page, "hookline_dispatcher_delivered_total") >= 3);
            assertTrue(counter(metrics, "hookline_router_deliveries_written_total") >= 3, metrics);
            assertTrue((Long) ManagementFactory.getPlatformMBeanServer().getAttribute(
                    new ObjectName("hookline:name=dispatcher.delivered,type=counters"), "Count") >= 3, "JMX");

            await("a flaky delivery retried and delivered, a dead letter shown and operators told of it")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> demo.totals().deliveredAfterRetry() >= 1 && demo.totals().deadLetters() >= 1
                            && demo.totals().operatorEvents() >= 1);
            assertEquals(0, demo.totals().rejected());
            String printed = output.toString(StandardCharsets.UTF_8);
            assertRetriedOnSchedule(printed, standalone.bootstrapServers(), standalone.config().topics());
            assertDeadLetteredAsGone(printed, standalone.bootstrapServers(), standalone.config().topics());
        }
        String printed = output.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("Endpoints  https and plain http, public addresses and 127.0.0.0/8, ::1/128 "),
                "standalone says it allows loopback and plain http: " + printed);
        assertTrue(printed.contains("✓ demo-orders  order.created #1 "), "the first event delivered: " + printed);
        assertTrue(printed.matches("(?s).*⚑ demo-ops +delivery\\.dead_lettered +msg_\\w+ +signature verified: "
                + "demo-gone gone \\(last status 410\\), 1 since the last\n.*"), "operators told: " + printed);
        assertFalse(printed.contains(WebhookSecret.PREFIX), "no secret printed: " + printed);
        Path keyFile = data.resolve("keys").resolve("private-keys.json");
        assertTrue(printed.contains("Secrets    generated a key pair in " + keyFile), printed);

        output.reset();
        try (Standalone again = Standalone.start(settings, out);
             SubscriptionAdmin admin = new SubscriptionAdmin(again.config().kafkaClients(),
                     again.config().topics(), new UrlGuard(again.config().egressPolicy(), HostResolver.SYSTEM))) {
            String restarted = output.toString(StandardCharsets.UTF_8);
            assertTrue(restarted.contains("Secrets    private keys in " + keyFile), restarted);
            assertFalse(restarted.contains("published to"), "the keys topic has them already: " + restarted);
            for (String id : List.of(Demo.SUBSCRIPTION_ID, Demo.FLAKY_SUBSCRIPTION_ID, Demo.GONE_SUBSCRIPTION_ID)) {
                assertTrue(admin.get(id).orElseThrow().valid(), id + " survived a restart");
                assertFalse(admin.get(id).orElseThrow().subscription().hasPlainValues(), id + " stored encrypted");
            }
        }
    }

    /**
     * The receiver saw the same webhook-id twice, the second no sooner than the schedule allows;
     * the dispatcher recorded both attempts, 503 then 204, as far apart.
     */
    private static void assertRetriedOnSchedule(String printed, String bootstrap, Topics topics) {
        Matcher retried = RETRIED_LINE.matcher(printed);
        assertTrue(retried.find(), "a retried delivery shown: " + printed);
        String id = retried.group(1);
        assertTrue(Double.parseDouble(retried.group(2)) >= SHORTEST_FIRST_RETRY.toMillis() / 1000.0, retried.group());
        assertTrue(printed.matches("(?s).*✗ demo-flaky +order\\.paid #\\d+ +" + id
                + " +attempt 1 +signature verified, answered 503 .*"), "its first attempt shown failing: " + printed);

        // the receiver answers before the dispatcher records the attempt: wait for the record
        List<Attempt> attempts = await("both attempts of " + id + " recorded").atMost(Duration.ofSeconds(30))
                .until(() -> TestTopics.consume(bootstrap, topics.attempts().name(), new StringDeserializer(),
                                topics.attempts().valueSerde().deserializer(), 1, Duration.ofSeconds(30)).stream()
                        .map(ConsumerRecord::value)
                        .filter(attempt -> attempt.deliveryId().equals(id))
                        .sorted(Comparator.comparingInt(Attempt::attempt))
                        .toList(), found -> found.size() >= 2);
        assertEquals(List.of(1, 2), attempts.stream().map(Attempt::attempt).toList(), attempts.toString());
        assertEquals(Demo.FLAKY_SUBSCRIPTION_ID, attempts.get(0).subscriptionId());
        assertEquals(503, attempts.get(0).status());
        assertEquals("retry", attempts.get(0).outcome());
        assertEquals(204, attempts.get(1).status());
        assertEquals("delivered", attempts.get(1).outcome());
        Duration gap = Duration.between(attempts.get(0).at(), attempts.get(1).at());
        assertTrue(gap.compareTo(SHORTEST_FIRST_RETRY) >= 0, "attempt 2 came " + gap + " after attempt 1");
    }

    /** The dead letter the demo showed for the gone endpoint is in the dead-letter topic, as gone after a 410. */
    private static void assertDeadLetteredAsGone(String printed, String bootstrap, Topics topics) {
        Matcher shown = DEAD_LETTER_LINE.matcher(printed);
        assertTrue(shown.find(), "a dead letter shown: " + printed);
        String id = shown.group(1);
        assertTrue(printed.matches("(?s).*✗ demo-gone +order\\.cancelled #\\d+ +" + id
                + " +attempt 1 +signature verified, answered 410 Gone.*"), "the 410 shown: " + printed);

        DeadLetter gone = TestTopics.consume(bootstrap, topics.deadLetter().name(), new StringDeserializer(),
                        topics.deadLetter().valueSerde().deserializer(), 1, Duration.ofSeconds(30)).stream()
                .map(ConsumerRecord::value)
                .filter(letter -> letter.delivery() != null && letter.delivery().deliveryId().equals(id))
                .findFirst().orElseThrow(() -> new AssertionError("no dead letter of " + id));
        assertEquals(Demo.GONE_SUBSCRIPTION_ID, gone.delivery().subscriptionId());
        assertEquals(DeadLetterReason.GONE, gone.reason());
        assertEquals(DeadLetter.Origin.DISPATCHER, gone.stage());
        assertEquals(410, gone.lastStatus());
        assertEquals(1, gone.attempts());
    }

    /** The value of a counter on a /metrics page, which must show it. */
    private static double counter(String page, String name) {
        Matcher line = Pattern.compile("^" + name + " (\\S+)$", Pattern.MULTILINE).matcher(page);
        assertTrue(line.find(), name + " is not on /metrics");
        return Double.parseDouble(line.group(1));
    }

    private static int status(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String httpBody(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
