package io.hookline.app.internal;

import io.hookline.common.HooklineException;
import io.hookline.common.wire.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates Hookline's topics with DESIGN.md's settings ({@link Topics#settings}), one retry
 * tier per distinct delay of the schedule included, leaving those that exist as they are. The router joins events only with its own repartition
 * topics, which Kafka Streams sizes to match, so partition counts may differ between topics;
 * never add partitions to the compacted subscriptions topic, though: old and new versions of
 * a subscription would then live on different partitions and both survive compaction.
 */
public final class TopicCreator {

    private static final Duration METADATA_WAIT = Duration.ofSeconds(30);
    private static final long METADATA_RETRY_BACKOFF_MS = 100;

    private final Admin admin;

    public TopicCreator(Admin admin) {
        this.admin = admin;
    }

    /** What happened to each topic. */
    public record Result(String topic, int partitions, boolean created) {
    }

    /**
     * Every topic of {@code topics}, with its settings, in a stable order.
     *
     * @param retryDelays the delays of {@code retry.schedule}: one retry tier per distinct delay
     */
    public static List<NewTopic> definitions(Topics topics, int partitions, short replicationFactor,
                                             Collection<Duration> retryDelays) {
        Optional<Short> rf = replicationFactor > 0 ? Optional.of(replicationFactor) : Optional.empty();
        List<NewTopic> all = new ArrayList<>();
        topics.settings(retryDelays).forEach((name, configs) ->
                all.add(new NewTopic(name, Optional.of(partitions), rf).configs(configs)));
        return all;
    }

    /**
     * Creates what is missing, leaves what exists, and reports each topic's partition count.
     *
     * @param retryDelays the delays of {@code retry.schedule}: one retry tier per distinct delay
     */
    public List<Result> createAll(Topics topics, int partitions, short replicationFactor,
                                  Collection<Duration> retryDelays) {
        List<NewTopic> wanted = definitions(topics, partitions, replicationFactor, retryDelays);
        Map<String, Boolean> created = new LinkedHashMap<>();
        var results = admin.createTopics(wanted).values();
        for (NewTopic topic : wanted) {
            try {
                results.get(topic.name()).get();
                created.put(topic.name(), true);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    created.put(topic.name(), false);
                } else {
                    throw new HooklineException("cannot create topic " + topic.name() + ": "
                            + e.getCause().getMessage(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HooklineException("interrupted while creating topics", e);
            }
        }
        Map<String, TopicDescription> described = describe(created.keySet());
        List<Result> out = new ArrayList<>();
        created.forEach((name, wasCreated) ->
                out.add(new Result(name, described.get(name).partitions().size(), wasCreated)));
        return out;
    }

    /**
     * The retry tiers of {@code topics}' prefix that exist, with their delays, shortest first:
     * those of the schedule and those a former schedule created.
     */
    public Map<String, Duration> existingRetryTopics(Topics topics) {
        try {
            return topics.retryTopics(admin.listTopics().names().get());
        } catch (ExecutionException e) {
            throw new HooklineException("cannot list topics: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HooklineException("interrupted while listing topics", e);
        }
    }

    /**
     * Describes the topics, waiting while a just-created one is not yet known to the broker
     * answering (metadata spreads asynchronously, even on one node).
     */
    private Map<String, TopicDescription> describe(java.util.Collection<String> names) {
        long deadline = System.nanoTime() + METADATA_WAIT.toNanos();
        while (true) {
            try {
                return admin.describeTopics(names).allTopicNames().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw new HooklineException("cannot describe topics: " + e.getCause().getMessage(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HooklineException("interrupted while describing topics", e);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(METADATA_RETRY_BACKOFF_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HooklineException("interrupted while describing topics", e);
            }
        }
    }
}
