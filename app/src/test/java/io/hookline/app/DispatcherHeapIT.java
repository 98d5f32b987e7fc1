package io.hookline.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.config.HooklineConfig;
import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.DeliveryIds;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Subscription;
import io.hookline.common.wire.Topics;
import io.hookline.dispatcher.DispatcherConfig;
import io.hookline.testkit.ChildJvm;
import io.hookline.testkit.Endpoint;
import io.hookline.testkit.Reply;
import io.hookline.testkit.TestKafka;
import io.hookline.testkit.TestTopics;
import io.hookline.testkit.WebhookReceiver;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 6's memory bound, measured: {@code hookline dispatcher} in a child JVM at
 * {@code -Xmx512m} with 10,000 deliveries of about 1 KiB in flight at once, every one of them
 * waiting on an endpoint that does not answer. Once all 10,000 requests have arrived, a full
 * GC is forced with {@code jcmd GC.run} and the heap used after it read with
 * {@code jcmd GC.heap_info}; the figure is logged, and the dispatcher must still be alive and
 * under its 512 MiB. A measurement, not a timing: nothing here races a clock.
 */
class DispatcherHeapIT {
    private static final Logger log = LoggerFactory.getLogger(DispatcherHeapIT.class);
    private static final int DELIVERIES = 10_000;
    private static final int ENDPOINTS = 10;
    private static final long MAX_HEAP = 512L * 1024 * 1024;
    /** About 1 KiB of event, as the bench and issue 7 use. */
    private static final String BODY = "{\"id\":\"%s\",\"type\":\"order.created\",\"data\":{\"n\":%d,\"pad\":\"%s\"}}";
    private static final Pattern G1_USED = Pattern.compile("garbage-first heap\\s+total\\s+\\d+K, used (\\d+)K");

    private final String bootstrap = TestKafka.shared().bootstrapServers();
    private final Topics topics = new Topics(TestTopics.unique("heap"));
    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private final List<Endpoint> endpoints = new ArrayList<>();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closeAfter) {
            closeable.close();
        }
    }

    @Test
    void tenThousandDeliveriesInFlightFitIn512MiB() throws Exception {
        TestTopics.createAll(bootstrap, topics, 4, List.of(Duration.ofSeconds(1)));
        List<ProducerRecord<String, byte[]>> subscriptions = new ArrayList<>();
        for (int i = 0; i < ENDPOINTS; i++) {
            subscriptions.add(stalledSubscription("sub_" + i));
        }
        produce(subscriptions);
        String pad = "x".repeat(900);
        produce(IntStream.range(0, DELIVERIES).mapToObj(n -> {
            String subscriptionId = "sub_" + n % ENDPOINTS;
            String eventId = "evt_" + n;
            Delivery delivery = new Delivery(DeliveryIds.deliveryId(eventId, subscriptionId), eventId,
                    "order.created", "acme", subscriptionId, String.format(BODY, eventId, n, pad), 1, null, null);
            return new ProducerRecord<>(topics.deliveries().name(), subscriptionId, Json.write(delivery));
        }).toList());

        // -Dhookline.heap.xmx=1g runs the dispatcher with more heap, to see what 10,000 take when 512 MiB is not enough
        String xmx = System.getProperty("hookline.heap.xmx", "512m");
        ChildJvm.Launcher launcher = new ChildJvm.Launcher(List.of("-Xmx" + xmx), dir, dir.resolve("dispatcher.log"));
        List<String> arguments = List.of("dispatcher", "--bootstrap-server", bootstrap, "--topic-prefix",
                topics.prefix(), "--config", writeConfig().toString(), "--ops-port", "0");
        ChildJvm dispatcher = launcher.start("the dispatcher", Hookline.class.getName(), arguments);
        closeAfter.add(dispatcher);
        // On a box loaded far beyond its two cores the dispatcher's 8 s check that Kafka answers
        // can fail; that says nothing about memory, so it is started again (twice at most).
        for (int start = 2; start <= 3 && !awaitFirstRequest(dispatcher); start++) {
            log.warn("The dispatcher exited before sending anything ({}); starting it again", dispatcher.logExcerpt());
            dispatcher = launcher.start("the dispatcher, start " + start, Hookline.class.getName(), arguments);
            closeAfter.add(dispatcher);
        }
        ChildJvm running = dispatcher;
        await("10,000 requests waiting at the stalled endpoints").atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(250))
                .failFast("the dispatcher exited", () -> !running.isAlive())
                .until(this::requestCount, count -> count >= DELIVERIES);

        jcmd(running.pid(), "GC.run");
        String heapInfo = jcmd(running.pid(), "GC.heap_info");
        String histogram = jcmd(running.pid(), "GC.class_histogram").lines().limit(25)
                .collect(Collectors.joining(System.lineSeparator()));
        Matcher used = G1_USED.matcher(heapInfo);
        assertTrue(used.find(), heapInfo);
        long usedBytes = Long.parseLong(used.group(1)) * 1024;
        log.info("{} deliveries in flight, {} requests held by the endpoints: {} MiB of heap used after a full GC "
                        + "(-Xmx{}, G1); jcmd GC.heap_info:{}{}{}{}", DELIVERIES, requestCount(),
                usedBytes / (1024 * 1024), xmx, System.lineSeparator(), heapInfo, System.lineSeparator(), histogram);
        assertTrue(running.isAlive(), "the dispatcher is still running");
        assertTrue(usedBytes < MAX_HEAP, usedBytes + " bytes used");
    }

    /** Whether the dispatcher sent its first request; false if it exited first. */
    private boolean awaitFirstRequest(ChildJvm dispatcher) {
        await("the dispatcher's first request").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                .until(() -> requestCount() > 0 || !dispatcher.isAlive());
        return requestCount() > 0;
    }

    private ProducerRecord<String, byte[]> stalledSubscription(String subscriptionId) {
        WebhookReceiver receiver = WebhookReceiver.start();
        closeAfter.add(receiver);
        WebhookSecret secret = WebhookSecret.generate();
        Endpoint endpoint = receiver.endpoint(TestTopics.unique(subscriptionId), List.of(secret));
        endpoint.reply(Reply.stall(Duration.ofMinutes(10)));
        endpoints.add(endpoint);
        Subscription subscription = new Subscription(subscriptionId, "acme", URI.create(endpoint.url()),
                List.of("order.*"), List.of(secret), Map.of(), true, null, null, Subscription.VERSION);
        return new ProducerRecord<>(topics.subscriptions().name(), subscriptionId, Json.write(subscription));
    }

    private Path writeConfig() throws IOException {
        Path config = dir.resolve("dispatcher.properties");
        Files.writeString(config, String.join(System.lineSeparator(),
                DispatcherConfig.GROUP_ID + "=" + TestTopics.unique("heap-dispatcher"),
                HooklineConfig.RETRY_SCHEDULE + "=1s",
                HooklineConfig.HTTP_ALLOW_LOOPBACK + "=true",
                HooklineConfig.HTTP_ALLOW_PLAIN + "=true",
                // all 10,000 in flight at once: none diverted, none timed out while measured
                DispatcherConfig.MAX_IN_FLIGHT + "=" + DELIVERIES,
                DispatcherConfig.MAX_IN_FLIGHT_PER_ENDPOINT + "=" + DELIVERIES / ENDPOINTS,
                DispatcherConfig.HTTP_MAX_CONNECTIONS + "=" + DELIVERIES,
                DispatcherConfig.HTTP_REQUEST_TIMEOUT + "=10m",
                // 10,000 connections opened at once overflow the receivers' accept queues; the
                // kernel retries the SYNs for a minute or so, and neither a timeout nor an open
                // circuit must shed a delivery before it is in flight
                DispatcherConfig.HTTP_CONNECT_TIMEOUT + "=5m",
                DispatcherConfig.CIRCUIT_FAILURES + "=100000",
                ""), StandardCharsets.UTF_8);
        return config;
    }

    private void produce(List<ProducerRecord<String, byte[]>> records) {
        TestTopics.produceAll(bootstrap, new StringSerializer(), new ByteArraySerializer(), records);
    }

    private int requestCount() {
        return endpoints.stream().mapToInt(Endpoint::requestCount).sum();
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, output);
        return output;
    }
}
