package io.hookline.bench.internal;

import io.hookline.common.HooklineException;
import io.hookline.common.kafka.KafkaClients;
import io.hookline.common.lifecycle.ConsumerLoop;
import io.hookline.common.lifecycle.LoopRunner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
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
    /** How long the broker may hold a fetch of a tail that reads from now on: it times what it sees. */
    private static final int PROMPT_FETCH_MAX_WAIT_MS = 5;

    private final LoopRunner runner;

    public TopicTail(KafkaClients clients, String topic, Consumer<ConsumerRecord<String, byte[]>> handler) {
        this(clients, topic, false, handler);
    }

    /**
     * A tail of what is written to {@code topic} from now on (once this returns), fetched as
     * promptly as a reader can: for timing when records become visible to read-committed readers.
     */
    public static TopicTail fromNowOn(KafkaClients clients, String topic,
                                      Consumer<ConsumerRecord<String, byte[]>> handler) {
        return new TopicTail(clients, topic, true, handler);
    }

    private TopicTail(KafkaClients clients, String topic, boolean fromNowOn,
                      Consumer<ConsumerRecord<String, byte[]>> handler) {
        Map<String, Object> settings = clients.consumer("bench-tail-" + topic, null);
        if (fromNowOn) {
            settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, PROMPT_FETCH_MAX_WAIT_MS);
        }
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings);
        CountDownLatch positioned = new CountDownLatch(1);
        this.runner = new LoopRunner("bench-tail-" + topic, new ConsumerLoop<>(consumer) {
            @Override
            public void open() {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                if (fromNowOn) {
                    consumer.seekToEnd(partitions);
                    partitions.forEach(consumer::position); // the end now, not at the first poll
                } else {
                    consumer.seekToBeginning(partitions);
                }
                positioned.countDown();
            }

            @Override
            public void runOnce() {
                consumer.poll(POLL).forEach(handler);
            }
        });
        runner.start();
        if (fromNowOn) {
            awaitPositioned(positioned);
        }
    }

    private void awaitPositioned(CountDownLatch positioned) {
        try {
            while (!positioned.await(100, TimeUnit.MILLISECONDS)) {
                if (runner.failure().isPresent()) {
                    runner.close(Duration.ofSeconds(10));
                    throw new HooklineException("cannot tail the topic: " + runner.failure().get().getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HooklineException("interrupted while positioning a tail", e);
        }
    }

    @Override
    public void close() {
        runner.close(Duration.ofSeconds(10));
    }
}
