package io.hookline.app.internal;

import io.hookline.common.HooklineException;
import io.hookline.common.LogSafe;
import io.hookline.common.kafka.KafkaClients;
import io.hookline.common.lifecycle.ConsumerLoop;
import io.hookline.common.lifecycle.LoopRunner;
import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.InvalidRecordException;
import io.hookline.common.wire.Json;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The demo's window on the dead-letter topic: prints each dead letter of the demo's tenant
 * written after it started (reason, subscription, delivery id, attempts, last status), so that
 * what the screen calls dead-lettered is what the dispatcher wrote there, not what the demo
 * expects. Reads every partition without a consumer group, {@code read_committed}, from the
 * end offsets at its start (letters of earlier runs are not the story of this one); runs on a
 * thread of its own.
 */
final class DeadLetterWatcher implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final LoopRunner runner;
    private final AtomicLong seen = new AtomicLong();

    private DeadLetterWatcher(Consumer<String, byte[]> consumer, String tenant, DemoConsole console) {
        this.runner = new LoopRunner("demo-dead-letters", new ConsumerLoop<>(consumer) {
            @Override
            public void runOnce() {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    show(record, tenant, console);
                }
            }
        });
    }

    /**
     * Starts watching {@code topic}. Its end offsets are taken before this returns, so every
     * letter written afterwards is shown.
     */
    static DeadLetterWatcher start(KafkaClients clients, String topic, String tenant, DemoConsole console) {
        Consumer<String, byte[]> consumer = new KafkaConsumer<>(clients.consumer("hookline-demo-dead-letters", null));
        try {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, CLUSTER_TIMEOUT);
            if (partitions == null || partitions.isEmpty()) {
                throw new HooklineException("the dead-letter topic " + topic + " does not exist");
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(assigned);
            consumer.seekToEnd(assigned);
            // seekToEnd is lazy: resolve the positions now, not at the first poll, which may
            // come after the first dead letter was written.
            assigned.forEach(partition -> consumer.position(partition, CLUSTER_TIMEOUT));
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
        DeadLetterWatcher watcher = new DeadLetterWatcher(consumer, tenant, console);
        watcher.runner.start();
        return watcher;
    }

    private void show(ConsumerRecord<String, byte[]> record, String tenant, DemoConsole console) {
        if (record.value() == null) {
            return; // a tombstone: nobody writes one there, and it holds no letter
        }
        DeadLetter letter;
        try {
            letter = Json.read(record.value(), DeadLetter.class);
        } catch (InvalidRecordException e) {
            console.line("☠ a dead letter that does not read, at partition " + record.partition() + " offset "
                    + record.offset() + ": " + LogSafe.reason(e.getMessage()));
            return;
        }
        // The router's letters (events it could not read) and other tenants' are not the demo's.
        if (letter.delivery() != null && tenant.equals(letter.delivery().tenant())) {
            seen.incrementAndGet();
            console.line(DemoLines.deadLetter(letter));
        }
    }

    /** Dead letters of the tenant shown so far. */
    long seen() {
        return seen.get();
    }

    @Override
    public void close() {
        runner.close(STOP_TIMEOUT);
    }
}
