package io.hookline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.testkit.TestKafka;
import io.hookline.testkit.TestTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hookline topics create} on a real broker: settings, retry tiers of the schedule, idempotence. */
class TopicsCliIT {
    private final String bootstrap = TestKafka.shared().bootstrapServers();

    @Test
    void createsEveryTopicWithItsSettings() throws Exception {
        String prefix = TestTopics.unique("topics");
        Cli created = Cli.run("topics", "create", "--partitions", "4", "--bootstrap-server", bootstrap,
                "--topic-prefix", prefix);
        assertEquals(0, created.exitCode(), created.err());
        // 7 topics (keys and endpoint health included) and the 8 tiers of the default schedule 5s,1m,5m,30m,2h,6h,12h,24h,24h.
        assertEquals(15, created.out().lines().filter(l -> l.contains("created")).count(), created.out());
        assertTrue(created.out().contains(prefix + ".retry.1d "), created.out());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            var subscriptions = new ConfigResource(ConfigResource.Type.TOPIC, prefix + ".subscriptions");
            var deadLetter = new ConfigResource(ConfigResource.Type.TOPIC, prefix + ".dead-letter");
            var longestTier = new ConfigResource(ConfigResource.Type.TOPIC, prefix + ".retry.1d");
            var configs = admin.describeConfigs(Set.of(subscriptions, deadLetter, longestTier)).all().get();
            assertEquals("compact", configs.get(subscriptions).get("cleanup.policy").value());
            assertEquals(Long.toString(30L * 24 * 3600 * 1000), configs.get(deadLetter).get("retention.ms").value());
            assertEquals(Long.toString(8L * 24 * 3600 * 1000), configs.get(longestTier).get("retention.ms").value());
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

    @Test
    void createsOneRetryTierPerDistinctDelayOfTheSchedule(@TempDir Path dir) throws Exception {
        String prefix = TestTopics.unique("tiers");
        Path config = Files.writeString(dir.resolve("hookline.properties"), "retry.schedule=1s,2s,2000ms\n");

        Cli created = Cli.against(bootstrap, prefix, "topics", "create", "--partitions", "2",
                "--config", config.toString());

        assertEquals(0, created.exitCode(), created.err());
        assertEquals(9, created.out().lines().filter(l -> l.endsWith("created")).count(), created.out());
        assertTrue(created.out().lines().anyMatch(l -> l.startsWith(prefix + ".retry.1s ")
                && l.contains(" 2 partitions") && l.endsWith("created")), created.out());
        assertTrue(created.out().lines().anyMatch(l -> l.startsWith(prefix + ".retry.2s ")
                && l.endsWith("created")), created.out());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Set<String> names = admin.listTopics().names().get();
            assertEquals(List.of(prefix + ".retry.1s", prefix + ".retry.2s"),
                    names.stream().filter(n -> n.startsWith(prefix + ".retry.")).sorted().toList());
            var tier = new ConfigResource(ConfigResource.Type.TOPIC, prefix + ".retry.2s");
            var settings = admin.describeConfigs(Set.of(tier)).all().get().get(tier);
            assertEquals("delete", settings.get("cleanup.policy").value());
            assertEquals(Long.toString(Duration.ofDays(7).plusSeconds(2).toMillis()),
                    settings.get("retention.ms").value());
        }
    }

    @Test
    void listsRetryTiersNoLongerInTheScheduleAndKeepsThem(@TempDir Path dir) throws Exception {
        String prefix = TestTopics.unique("retired");
        Path before = Files.writeString(dir.resolve("before.properties"), "retry.schedule=1s,2s\n");
        Path after = Files.writeString(dir.resolve("after.properties"), "retry.schedule=2s,5s\n");
        assertEquals(0, Cli.against(bootstrap, prefix, "topics", "create", "--config", before.toString()).exitCode());

        Cli changed = Cli.against(bootstrap, prefix, "topics", "create", "--config", after.toString());

        assertEquals(0, changed.exitCode(), changed.err());
        assertTrue(changed.out().lines().anyMatch(l -> l.startsWith(prefix + ".retry.2s ") && l.endsWith("exists")),
                changed.out());
        assertTrue(changed.out().lines().anyMatch(l -> l.startsWith(prefix + ".retry.5s ") && l.endsWith("created")),
                changed.out());
        assertTrue(changed.out().lines().anyMatch(l -> l.startsWith(prefix + ".retry.1s ")
                && l.endsWith("not in retry.schedule: left for the dispatcher to drain")), changed.out());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            assertTrue(admin.listTopics().names().get().contains(prefix + ".retry.1s"), "a retired tier is kept");
        }
    }
}
