package io.hookline.bench.internal;

import io.hookline.common.kafka.KafkaClients;
import io.hookline.common.lifecycle.ConsumerLoop;
import io.hookline.common.lifecycle.LoopRunner;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a topic from its beginning, read-committed and without a consumer group, handing each
 * record to a handler on its own thread until closed: how the harness sees dead letters and,
 * for the router, the deliveries written.
 */
public final class TopicTail implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(100);

    private final LoopRunner runner;

    public TopicTail(KafkaClients clients, String topic, Consumer<ConsumerRecord<String, byte[]>> handler) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(clients.consumer("bench-tail-" + topic, null));
        this.runner = new LoopRunner("bench-tail-" + topic, new ConsumerLoop<>(consumer) {
            @Override
            public void open() {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
            }

            @Override
            public void runOnce() {
                consumer.poll(POLL).forEach(handler);
            }
        });
        runner.start();
    }

    @Override
    public void close() {
        runner.close(Duration.ofSeconds(10));
    }
}
