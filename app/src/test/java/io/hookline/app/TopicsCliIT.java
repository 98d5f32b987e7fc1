package io.hookline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.testkit.TestKafka;
import io.hookline.testkit.TestTopics;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** {@code hookline topics create} on a real broker: settings, idempotence, and the co-partitioning check. */
class TopicsCliIT {
    private final String bootstrap = TestKafka.shared().bootstrapServers();

    @Test
    void createsEveryTopicWithItsSettings() throws Exception {
        String prefix = TestTopics.unique("topics");
        Cli created = Cli.run("topics", "create", "--partitions", "4", "--bootstrap-server", bootstrap,
                "--topic-prefix", prefix);
        assertEquals(0, created.exitCode(), created.err());
        assertEquals(5, created.out().lines().filter(l -> l.contains("created")).count(), created.out());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            var subscriptions = new ConfigResource(ConfigResource.Type.TOPIC, prefix + ".subscriptions");
            var deadLetter = new ConfigResource(ConfigResource.Type.TOPIC, prefix + ".dead-letter");
            var configs = admin.describeConfigs(Set.of(subscriptions, deadLetter)).all().get();
            assertEquals("compact", configs.get(subscriptions).get("cleanup.policy").value());
            assertEquals(Long.toString(30L * 24 * 3600 * 1000), configs.get(deadLetter).get("retention.ms").value());
            assertEquals(4, admin.describeTopics(Set.of(prefix + ".events")).allTopicNames().get()
                    .get(prefix + ".events").partitions().size());
        }
    }

    @Test
    void leavesExistingTopicsAsTheyAre() {
        String prefix = TestTopics.unique("existing");
        TestTopics.create(bootstrap, 2, prefix + ".events");
        Cli created = Cli.run("topics", "create", "--partitions", "4", "--bootstrap-server", bootstrap,
                "--topic-prefix", prefix);
        assertEquals(0, created.exitCode(), created.err());
        assertTrue(created.out().lines().anyMatch(l -> l.startsWith(prefix + ".events ") && l.contains(" 2 partitions")
                && l.endsWith("exists")), created.out());
        assertTrue(created.out().lines().anyMatch(l -> l.startsWith(prefix + ".deliveries ")
                && l.contains(" 4 partitions") && l.endsWith("created")), created.out());
    }
}
