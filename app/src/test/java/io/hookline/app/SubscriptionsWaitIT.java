package io.hookline.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.Topics;
import io.hookline.router.Router;
import io.hookline.router.RouterConfig;
import io.hookline.testkit.Fixtures;
import io.hookline.testkit.TestKafka;
import io.hookline.testkit.TestTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code subscriptions put --wait}: an event produced right after the put returned reaches the
 * new subscription. Puts and events interleave on a real broker, with a router that commits only
 * every 500 ms: without the wait each event would be routed before its subscription arrives.
 */
class SubscriptionsWaitIT {
    private static final int PUTS = 4;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrap = TestKafka.shared().bootstrapServers();
    private final Topics topics = new Topics(TestTopics.unique("sub-wait"));
    private final String applicationId = TestTopics.unique("sub-wait-router");
    private Router router;

    @TempDir
    Path dir;

    @AfterEach
    void closeRouter() {
        if (router != null) {
            router.close();
        }
    }

    @Test
    void anEventProducedAfterAWaitedPutReachesTheSubscription() throws Exception {
        TestTopics.createAll(bootstrap, topics, 3);
        Map<String, Object> values = new HashMap<>();
        values.put(RouterConfig.BOOTSTRAP_SERVERS, bootstrap);
        values.put(RouterConfig.TOPIC_PREFIX, topics.prefix());
        values.put(RouterConfig.APPLICATION_ID, applicationId);
        values.put(RouterConfig.STATE_DIR, dir.resolve("state").toString());
        values.put(RouterConfig.COMMIT_INTERVAL, "500ms");
        router = Router.create(new RouterConfig(values), new MetricRegistry());
        router.start();
        await().atMost(TIMEOUT).until(router::isRunning);
        Path config = dir.resolve("hookline.properties");
        Files.writeString(config, RouterConfig.APPLICATION_ID + "=" + applicationId + System.lineSeparator(),
                StandardCharsets.UTF_8);

        for (int k = 1; k <= PUTS; k++) {
            Cli put = Cli.against(bootstrap, topics.prefix(), "subscriptions", "put", "--wait", "--config",
                    config.toString(), "--id", "s-" + k, "--tenant", "acme", "--url", "https://hooks.example.com/" + k,
                    "--event-type", "order.created", "--secret", Fixtures.SECRET.encoded());
            assertEquals(0, put.exitCode(), put.err());
            assertTrue(put.out().contains("the routers route with it now"), put.out());
            TestTopics.produce(bootstrap, topics.events().name(), new StringSerializer(), new StringSerializer(),
                    "acme", "{\"id\":\"evt-" + k + "\",\"type\":\"order.created\",\"data\":{}}");
        }

        // evt-k went to s-1 … s-k: every subscription put before it, none put after
        Set<String> expected = IntStream.rangeClosed(1, PUTS).boxed().flatMap(k -> IntStream.rangeClosed(1, k)
                .mapToObj(j -> "evt-" + k + " -> s-" + j)).collect(Collectors.toCollection(TreeSet::new));
        List<ConsumerRecord<String, Delivery>> records = TestTopics.consume(bootstrap, topics.deliveries().name(),
                new StringDeserializer(), topics.deliveries().valueSerde().deserializer(), expected.size(), TIMEOUT);
        Set<String> routed = records.stream().map(r -> r.value().eventId() + " -> " + r.value().subscriptionId())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, routed);
        assertEquals(expected.size(), records.size(), "each once");
    }

    @Test
    void waitingWithoutARouterFailsAfterItsTimeoutSayingTheChangeIsPublished() throws Exception {
        TestTopics.createAll(bootstrap, topics, 1);
        Path config = dir.resolve("hookline.properties");
        Files.writeString(config, RouterConfig.APPLICATION_ID + "=" + applicationId + System.lineSeparator(),
                StandardCharsets.UTF_8);

        Cli put = Cli.against(bootstrap, topics.prefix(), "subscriptions", "put", "--wait", "--wait-timeout", "1s",
                "--config", config.toString(), "--id", "s-1", "--tenant", "acme", "--url",
                "https://hooks.example.com/1", "--event-type", "order.created", "--secret", Fixtures.SECRET.encoded());

        assertEquals(1, put.exitCode(), put.out());
        assertTrue(put.err().contains("did not take the change in within 1 s") && put.err().contains(applicationId)
                && put.err().contains("is published"), put.err());
        assertTrue(put.out().contains("put subscription s-1"), put.out());
    }
}
