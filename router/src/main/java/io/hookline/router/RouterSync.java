package io.hookline.router;

import io.hookline.common.HooklineException;
import io.hookline.common.kafka.KafkaClients;
import io.hookline.common.kafka.KafkaFutures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Waits until the routers have taken in a record of the subscriptions topic: until what they
 * route with includes it, so that an event produced afterwards reaches the subscription.
 *
 * <p>How: the routers (the consumer group named by their application id) have committed an
 * offset past the record on its subscriptions partition; under exactly-once that commit is part
 * of the transaction that wrote what the record led to into the router's repartition topics. Then,
 * {@value #HOPS} times: everything committed in those repartition topics at that moment (their
 * last stable offsets) has been processed too, i.e. the group's committed offset reached it, or
 * only transaction markers and aborted records lie between. Each round covers one more
 * repartition hop between the subscriptions topic and the join; the router's topology has one.
 * A router that commits its input offset has its state store updated in the same transaction, so
 * from then on every event it processes sees the change; events produced after this returns are
 * processed after it.
 */
public record RouterSync(KafkaClients clients, String applicationId, Clock clock) {
    /** Repartition hops between the subscriptions topic and the tenant's routes, at most. */
    static final int HOPS = 2;
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Returns once the routers have taken in the record at {@code offset} of {@code partition}
     * (of the subscriptions topic).
     *
     * @throws HooklineException if they have not within {@code timeout}: no router runs under
     *                           this application id, or it is far behind
     */
    public void await(TopicPartition partition, long offset, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        try (Admin admin = Admin.create(clients.admin(applicationId + "-sync"));
             KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(readCommitted(),
                     new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            awaitProcessed(admin, reader, Map.of(partition, offset + 1), deadline, timeout);
            for (int hop = 0; hop < HOPS; hop++) {
                Map<TopicPartition, Long> committedEnds = lastStableOffsets(admin, repartitionPartitions(admin));
                awaitProcessed(admin, reader, committedEnds, deadline, timeout);
            }
        }
    }

    /** Waits until, on every partition, the group processed everything below its target offset. */
    private void awaitProcessed(Admin admin, KafkaConsumer<byte[], byte[]> reader, Map<TopicPartition, Long> targets,
                                Instant deadline, Duration timeout) {
        Map<TopicPartition, Long> pending = new HashMap<>(targets);
        while (true) {
            Map<TopicPartition, Long> committed = committed(admin, pending.keySet());
            pending.entrySet().removeIf(target -> processed(reader, target.getKey(),
                    committed.getOrDefault(target.getKey(), -1L), target.getValue(), deadline));
            if (pending.isEmpty()) {
                return;
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new HooklineException("the routers (application id " + applicationId + ") did not take the "
                        + "change in within " + timeout.toSeconds() + " s (still behind on " + pending.keySet()
                        + "); is a router running? The change is published and applies once they catch up");
            }
            sleep();
        }
    }

    /**
     * Whether nothing the group has to process lies below {@code target}: its committed offset is
     * there, or between them (or below it, with nothing committed) are only transaction markers,
     * aborted records or records already deleted, which a read_committed reader skips (Kafka
     * Streams commits the offset after its last record, which can stay below a marker that
     * follows it; an empty partition has no committed offset at all).
     */
    private boolean processed(KafkaConsumer<byte[], byte[]> reader, TopicPartition partition, long committed,
                              long target, Instant deadline) {
        if (committed >= target) {
            return true;
        }
        reader.assign(List.of(partition));
        if (committed < 0) {
            reader.seekToBeginning(List.of(partition)); // nothing committed: whatever the log holds is pending
        } else {
            reader.seek(partition, committed);
        }
        long start = reader.position(partition);
        while (reader.position(partition) < target && clock.instant().isBefore(deadline)) {
            for (ConsumerRecord<byte[], byte[]> record : reader.poll(POLL)) {
                if (record.offset() < target) {
                    return false;
                }
            }
            if (reader.position(partition) == start && reader.endOffsets(List.of(partition))
                    .get(partition) <= start) {
                return false; // nothing to read yet: the target is not committed
            }
        }
        return reader.position(partition) >= target;
    }

    private Map<TopicPartition, Long> committed(Admin admin, Set<TopicPartition> partitions) {
        ListConsumerGroupOffsetsSpec spec = new ListConsumerGroupOffsetsSpec().topicPartitions(partitions);
        // offsets of a transaction still open are not answered: the coordinator keeps them pending
        // until the commit marker (requireStable would only turn that into a logged retriable error)
        Map<TopicPartition, OffsetAndMetadata> offsets = KafkaFutures.await(admin.listConsumerGroupOffsets(
                        Map.of(applicationId, spec)).partitionsToOffsetAndMetadata(applicationId), CALL_TIMEOUT,
                "read the routers' offsets");
        Map<TopicPartition, Long> result = new HashMap<>();
        offsets.forEach((partition, offset) -> {
            if (offset != null) {
                result.put(partition, offset.offset());
            }
        });
        return result;
    }

    /** Every partition of the router's repartition topics (named {@code <application id>-…-repartition}). */
    private List<TopicPartition> repartitionPartitions(Admin admin) {
        Set<String> topics = KafkaFutures.await(admin.listTopics().names(), CALL_TIMEOUT, "list topics").stream()
                .filter(name -> name.startsWith(applicationId + "-") && name.endsWith("-repartition"))
                .collect(Collectors.toSet());
        if (topics.isEmpty()) {
            return List.of();
        }
        Map<String, TopicDescription> descriptions = KafkaFutures.await(admin.describeTopics(topics).allTopicNames(),
                CALL_TIMEOUT, "describe the router's repartition topics");
        return descriptions.values().stream().flatMap(description -> description.partitions().stream()
                .map(p -> new TopicPartition(description.name(), p.partition()))).toList();
    }

    private static Map<TopicPartition, Long> lastStableOffsets(Admin admin, List<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        return KafkaFutures.await(admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                        .all(), CALL_TIMEOUT, "read the end of the router's repartition topics").entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** A read_committed consumer without a group, which commits nothing. */
    private Map<String, Object> readCommitted() {
        return clients.consumer(applicationId + "-sync", null);
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HooklineException("interrupted while waiting for the routers", e);
        }
    }
}
