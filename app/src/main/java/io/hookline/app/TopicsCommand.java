package io.hookline.app;

import io.hookline.app.internal.TopicCreator;
import io.hookline.common.config.HooklineConfig;
import io.hookline.common.kafka.TopicDescriber;
import io.hookline.common.wire.Topics;
import io.hookline.router.RouterConfig;
import io.hookline.router.RouterPartitions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hookline topics …}: Hookline's topics. */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "Manage Hookline's Kafka topics.",
        subcommands = {TopicsCommand.Create.class, TopicsCommand.Check.class})
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

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Check Hookline's topics: each exists, and the events topic still has the partition "
                    + "count the router's state was built for (partitions added to it are refused: the router "
                    + "keeps each tenant's routes and routed ids on the partition the tenant had). Exit code 1 "
                    + "when something is wrong."})
    static final class Check implements Callable<Integer> {
        private static final Duration TIMEOUT = Duration.ofSeconds(30);

        @Mixin
        KafkaOptions kafka;

        @Override
        public Integer call() {
            RouterConfig config = new RouterConfig(kafka.values(RouterConfig.definition(), Map.of()));
            KafkaOptions.requireReachable(config);
            Topics topics = config.topics();
            int problems = 0;
            try (Admin admin = Admin.create(KafkaOptions.commandClients(config).admin("hookline-cli"))) {
                TopicDescriber describer = TopicDescriber.of(admin);
                List<String> wanted = TopicCreator.definitions(topics, 1, (short) 1,
                        config.retrySchedule().distinctDelays()).stream().map(NewTopic::name).toList();
                for (String topic : wanted) {
                    Optional<Integer> partitions = describer.partitions(topic, TIMEOUT).map(List::size);
                    if (partitions.isPresent()) {
                        kafka.out().printf("%-40s %3d partitions  ok%n", topic, partitions.get());
                    } else {
                        kafka.out().printf("%-40s missing: `hookline topics create` creates it%n", topic);
                        problems++;
                    }
                }
                Optional<Integer> events = describer.partitions(topics.events().name(), TIMEOUT).map(List::size);
                if (events.isPresent()) {
                    Optional<String> mismatch = new RouterPartitions(config.applicationId(), topics.events().name())
                            .mismatch(describer, events.get(), TIMEOUT);
                    if (mismatch.isPresent()) {
                        kafka.out().println("partition count mismatch: " + mismatch.get());
                        problems++;
                    }
                }
            }
            kafka.out().println(problems == 0 ? "topics ok" : problems + " problem(s)");
            return problems == 0 ? 0 : 1;
        }
    }
}
