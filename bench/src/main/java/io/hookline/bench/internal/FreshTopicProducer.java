package io.hookline.bench.internal;

import io.hookline.common.HooklineException;
import io.hookline.common.kafka.KafkaClients;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A producer for topics the harness has just created, whose every send is checked.
 *
 * <p>One request in flight per connection: on a just-created topic the first produce can meet
 * NOT_LEADER_OR_FOLLOWER, and with several batches in flight the idempotent producer was seen
 * retrying OUT_OF_ORDER_SEQUENCE_NUMBER (the broker logs "Error processing append operation")
 * until its delivery timeout, 120 s later, then dropping the batch. Unchecked, that once lost
 * three of a bench's subscriptions, and the Hookline waiting for them never started.
 */
final class FreshTopicProducer implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final String what;
    private final List<Future<RecordMetadata>> sent = new ArrayList<>();

    /** @param what what it writes, for the error: "the bench's subscriptions" */
    FreshTopicProducer(KafkaClients clients, String clientId, String what) {
        this.producer = new KafkaProducer<>(settings(clients, clientId));
        this.what = what;
    }

    /** The settings of such a producer, for one that is used otherwise (e.g. paced, with a callback). */
    static Map<String, Object> settings(KafkaClients clients, String clientId) {
        Map<String, Object> settings = clients.producer(clientId);
        settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        return settings;
    }

    void send(String topic, String key, byte[] value) {
        sent.add(producer.send(new ProducerRecord<>(topic, key, value)));
    }

    /**
     * Waits until Kafka has everything sent so far.
     *
     * @throws HooklineException naming the first record Kafka refused, and why
     */
    void flush() {
        producer.flush();
        try {
            for (Future<RecordMetadata> future : sent) {
                future.get();
            }
        } catch (ExecutionException e) {
            throw new HooklineException("cannot write " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HooklineException("interrupted while writing " + what, e);
        } finally {
            sent.clear();
        }
    }

    /** The producer itself, for what needs more than {@link #send} (its sends are not checked). */
    KafkaProducer<String, byte[]> producer() {
        return producer;
    }

    @Override
    public void close() {
        producer.close();
    }
}
