package io.hookline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.router.RouterConfig;
import io.hookline.router.RouterPartitions;
import io.hookline.testkit.TestKafka;
import io.hookline.testkit.TestTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hookline topics check} on a real broker: missing topics, and partitions added to the events topic. */
class TopicsCheckIT {
    private final String bootstrap = TestKafka.shared().bootstrapServers();

    @Test
    void reportsMissingTopics() {
        String prefix = TestTopics.unique("check-missing");
        TestTopics.create(bootstrap, 2, prefix + ".events");

        Cli check = Cli.run("topics", "check", "--bootstrap-server", bootstrap, "--topic-prefix", prefix);

        assertEquals(1, check.exitCode(), check.out() + check.err());
        assertTrue(check.out().contains(prefix + ".subscriptions") && check.out().contains("missing"), check.out());
    }

    @Test
    void reportsPartitionsAddedToTheEventsTopicAfterTheRouterRan(@TempDir Path dir) throws Exception {
        String prefix = TestTopics.unique("check-partitions");
        String applicationId = TestTopics.unique("check-router");
        Path config = Files.writeString(dir.resolve("hookline.properties"),
                RouterConfig.APPLICATION_ID + "=" + applicationId + "\n");
        String[] check = {"topics", "check", "--bootstrap-server", bootstrap, "--topic-prefix", prefix,
            "--config", config.toString()};
        assertEquals(0, Cli.run("topics", "create", "--partitions", "2", "--bootstrap-server", bootstrap,
                "--topic-prefix", prefix).exitCode());
        // what Kafka Streams creates when the router first runs: its repartition topic of the events
        String repartition = new RouterPartitions(applicationId, prefix + ".events").coPartitionedTopics().get(0);
        TestTopics.create(bootstrap, 2, repartition);
        Cli ok = Cli.run(check);
        assertEquals(0, ok.exitCode(), ok.out() + ok.err());
        assertTrue(ok.out().contains("topics ok"), ok.out());

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createPartitions(Map.of(prefix + ".events", NewPartitions.increaseTo(3))).all()
                    .get(30, TimeUnit.SECONDS);
        }
        Cli mismatch = Cli.run(check);

        assertEquals(1, mismatch.exitCode(), mismatch.out() + mismatch.err());
        assertTrue(mismatch.out().contains("partition count mismatch: " + prefix + ".events has 3 partitions but "
                + "the router's state (" + repartition + ") was built for 2"), mismatch.out());
    }
}
