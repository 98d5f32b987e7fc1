package io.hookline.deadletter.internal;

import io.hookline.common.HooklineException;
import io.hookline.deadletter.Progress;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads partitions from the beginning to the end offsets they had when reading started, so a
 * read ends even while letters keep arriving. Assigns partitions itself (no group, nothing
 * committed). With {@code read_committed} the end is the last stable offset: aborted records
 * and transaction markers count towards the progress total but are never handed out.
 */
public final class TopicReader {
    private static final Duration POLL = Duration.ofMillis(200);

    private final org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer;
    private final Duration stallTimeout;
    private final LongSupplier nanoTime;

    /** @param stallTimeout how long reading may go without moving before it gives up with one line */
    public TopicReader(org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer, Duration stallTimeout,
                       LongSupplier nanoTime) {
        this.consumer = consumer;
        this.stallTimeout = stallTimeout;
        this.nanoTime = nanoTime;
    }

    /**
     * Hands every record of {@code partitions} to {@code handler}, in offset order per partition.
     *
     * @param what for the progress line and messages: "reading webhooks.dead-letter"
     * @return how many records were handed out
     */
    public long read(List<TopicPartition> partitions, Consumer<ConsumerRecord<String, byte[]>> handler,
                     Progress progress, String what) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> start = new HashMap<>();
        Set<TopicPartition> open = new HashSet<>();
        long total = 0;
        for (TopicPartition partition : partitions) {
            long position = consumer.position(partition);
            start.put(partition, position);
            long endOffset = end.getOrDefault(partition, 0L);
            if (position < endOffset) {
                open.add(partition);
                total += endOffset - position;
            }
        }
        progress.started(what, total);
        long handed = 0;
        long lastDone = -1;
        long lastMove = nanoTime.getAsLong();
        try {
            while (!open.isEmpty()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                for (TopicPartition partition : records.partitions()) {
                    long endOffset = end.get(partition);
                    for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                        if (record.offset() >= endOffset) {
                            break;
                        }
                        handler.accept(record);
                        handed++;
                    }
                }
                long done = 0;
                for (TopicPartition partition : partitions) {
                    long endOffset = end.getOrDefault(partition, 0L);
                    long position = open.contains(partition) ? consumer.position(partition) : endOffset;
                    if (position >= endOffset) {
                        open.remove(partition);
                    }
                    done += Math.max(0, Math.min(position, endOffset) - start.get(partition));
                }
                if (done != lastDone) {
                    lastDone = done;
                    lastMove = nanoTime.getAsLong();
                    progress.advanced(done);
                } else if (nanoTime.getAsLong() - lastMove > stallTimeout.toNanos()) {
                    throw new HooklineException(what + ": nothing read for " + stallTimeout.toSeconds()
                            + " s; is Kafka still reachable?");
                }
            }
        } finally {
            progress.finished();
        }
        return handed;
    }
}
