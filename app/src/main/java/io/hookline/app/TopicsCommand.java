package io.hookline.app;

import io.hookline.app.internal.TopicCreator;
import io.hookline.common.config.HooklineConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hookline topics …}: Hookline's topics. */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "Manage Hookline's Kafka topics.",
        subcommands = TopicsCommand.Create.class)
final class TopicsCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create every Hookline topic with the right settings (events, subscriptions "
                    + "(compacted), deliveries, attempts, dead-letter, and one retry tier <prefix>.retry.<delay> "
                    + "per distinct delay of retry.schedule). Existing topics are left as they are; retry tiers "
                    + "no longer in the schedule are listed, not deleted: the dispatcher still drains them.",
                "",
                "Do not add partitions to the subscriptions topic later: a compacted topic keeps old and new "
                        + "versions of a key apart once the key moves to another partition."})
    static final class Create implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Option(names = "--partitions", paramLabel = "N",
                description = "Partitions per topic (default: topic.partitions, 6).")
        Integer partitions;

        @Option(names = "--replication-factor", paramLabel = "N",
                description = "Replication factor (default: topic.replication.factor; -1 = the broker's default).")
        Short replicationFactor;

        @Override
        public Integer call() {
            Map<String, Object> flags = new HashMap<>();
            if (partitions != null) {
                flags.put(HooklineConfig.TOPIC_PARTITIONS, partitions);
            }
            if (replicationFactor != null) {
                flags.put(HooklineConfig.TOPIC_REPLICATION_FACTOR, replicationFactor);
            }
            HooklineConfig config = new HooklineConfig(kafka.values(HooklineConfig.baseDefinition(), flags));
            KafkaOptions.requireReachable(config);
            try (Admin admin = Admin.create(KafkaOptions.commandClients(config).admin("hookline-cli"))) {
                TopicCreator creator = new TopicCreator(admin);
                List<TopicCreator.Result> results = creator.createAll(config.topics(), config.topicPartitions(),
                        config.topicReplicationFactor(), config.retrySchedule().distinctDelays());
                for (TopicCreator.Result r : results) {
                    kafka.out().printf("%-40s %3d partitions  %s%n", r.topic(), r.partitions(),
                            r.created() ? "created" : "exists");
                }
                Set<String> wanted = results.stream().map(TopicCreator.Result::topic).collect(Collectors.toSet());
                creator.existingRetryTopics(config.topics()).keySet().stream()
                        .filter(topic -> !wanted.contains(topic))
                        .forEach(topic -> kafka.out().printf("%-40s not in retry.schedule: left for the "
                                + "dispatcher to drain%n", topic));
            }
            return 0;
        }
    }
}
