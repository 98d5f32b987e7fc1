package io.hookline.app.internal;

import io.hookline.common.HooklineException;
import io.hookline.common.kafka.KafkaClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a small compacted topic (subscriptions, keys) from its beginning to the end it had
 * when asked, every partition, without a consumer group: what admin commands see as "now".
 */
final class TopicSnapshot {
    private static final Duration POLL = Duration.ofMillis(200);

    private TopicSnapshot() {
    }

    /**
     * Hands every record of {@code topic} to {@code each}, in order per partition.
     *
     * @return false when the topic does not exist
     * @throws HooklineException when the topic is not read within {@code timeout}
     */
    static boolean read(KafkaClients clients, String topic, Duration timeout,
                     Consumer<ConsumerRecord<String, byte[]>> each) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(clients.consumer("hookline-admin", null))) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
            if (partitions == null || partitions.isEmpty()) {
                return false;
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!caughtUp(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new HooklineException("timed out reading " + topic);
                }
                consumer.poll(POLL).forEach(each);
            }
        }
        return true;
    }

    /** {@link #read}, for a topic that must exist: Hookline's own. */
    static void readExisting(KafkaClients clients, String topic, Duration timeout,
                             Consumer<ConsumerRecord<String, byte[]>> each) {
        if (!read(clients, topic, timeout, each)) {
            throw new HooklineException("topic " + topic + " does not exist; run `hookline topics create` first");
        }
    }

    /** Whether {@code topic} exists; asked without creating it, whatever the broker's auto-creation. */
    static boolean exists(KafkaClients clients, String topic, Duration timeout) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(clients.consumer("hookline-admin", null))) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
            return partitions != null && !partitions.isEmpty();
        }
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
