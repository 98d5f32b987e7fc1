package io.hookline.ingest;

import io.hookline.common.config.HooklineConfig;
import io.hookline.common.kafka.KafkaClients;
import io.hookline.common.wire.Event;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Topics;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes events to {@code <prefix>.events} the way any producer should: key = tenant,
 * value = Event JSON, {@code acks=all} with idempotence so a retried send is never written
 * twice. Events are validated before they leave, so a bad one fails here, not in the router.
 */
public final class EventPublisher implements AutoCloseable {
    private final Producer<String, byte[]> producer;
    private final String topic;

    public EventPublisher(Producer<String, byte[]> producer, Topics topics) {
        this.producer = producer;
        this.topic = topics.events().name();
    }

    /** A publisher with its own producer, configured from {@code config} (incl. {@code kafka.*}). */
    public static EventPublisher create(HooklineConfig config) {
        return create(config.kafkaClients(), config.topics());
    }

    /** A publisher with its own producer. */
    public static EventPublisher create(KafkaClients clients, Topics topics) {
        return new EventPublisher(new KafkaProducer<>(clients.producer("hookline-ingest")), topics);
    }

    /**
     * Sends one event, keyed by its tenant ({@code default} when it names none). The future
     * completes once the broker has acknowledged the write.
     */
    public CompletableFuture<RecordMetadata> publish(Event event) {
        String tenant = event.tenant() != null ? event.tenant() : Event.DEFAULT_TENANT;
        CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, tenant, Json.write(event)), (metadata, error) -> {
            if (error != null) {
                acknowledged.completeExceptionally(error);
            } else {
                acknowledged.complete(metadata);
            }
        });
        return acknowledged;
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
