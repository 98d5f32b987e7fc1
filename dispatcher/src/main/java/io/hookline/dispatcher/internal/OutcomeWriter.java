package io.hookline.dispatcher.internal;

import io.hookline.common.wire.Attempt;
import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.Topics;
import io.hookline.common.wire.Topics.Topic;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes what became of deliveries: every attempt to the attempts topic (key = delivery id),
 * undeliverable ones to the dead-letter topic (key = subscription id). The futures complete
 * once the broker acknowledged the record, which is when its delivery's offset may be
 * committed.
 */
public final class OutcomeWriter implements AutoCloseable {
    private final Producer<byte[], byte[]> producer;
    private final Topic<String, Attempt> attempts;
    private final Topic<String, DeadLetter> deadLetter;

    public OutcomeWriter(Producer<byte[], byte[]> producer, Topics topics) {
        this.producer = producer;
        this.attempts = topics.attempts();
        this.deadLetter = topics.deadLetter();
    }

    public CompletableFuture<Void> attempt(Attempt attempt) {
        return send(attempts, attempt.deliveryId(), attempt);
    }

    public CompletableFuture<Void> deadLetter(String subscriptionId, DeadLetter letter) {
        return send(deadLetter, subscriptionId, letter);
    }

    /** Fetches the metadata of the output topics, so that the first sends do not wait for it. */
    public void warmUp() {
        producer.partitionsFor(attempts.name());
        producer.partitionsFor(deadLetter.name());
    }

    private <V> CompletableFuture<Void> send(Topic<String, V> topic, String key, V value) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            byte[] keyBytes = topic.keySerde().serializer().serialize(topic.name(), key);
            byte[] valueBytes = topic.valueSerde().serializer().serialize(topic.name(), value);
            producer.send(new ProducerRecord<>(topic.name(), keyBytes, valueBytes), (metadata, e) -> {
                if (e == null) {
                    acked.complete(null);
                } else {
                    acked.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    public void close(Duration timeout) {
        producer.close(timeout);
    }

    @Override
    public void close() {
        producer.close();
    }
}
