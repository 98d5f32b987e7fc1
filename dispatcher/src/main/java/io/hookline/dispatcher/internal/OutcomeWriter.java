package io.hookline.dispatcher.internal;

import io.hookline.common.wire.Attempt;
import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.Topics;
import io.hookline.common.wire.Topics.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what became of deliveries: every attempt to the attempts topic (key = delivery id),
 * the next attempt to a retry tier and undeliverable ones to the dead-letter topic (both
 * key = subscription id). The futures complete
 * once the broker acknowledged the record, which is when its delivery's offset may be
 * committed.
 *
 * <p>A dead letter too large to write (its delivery's body near the producer's
 * {@code max.request.size} or the topic's {@code max.message.bytes}) is written again without
 * that body: failing instead would stop the dispatcher on that record again after every
 * restart. The ids stay, so the event can be found and replayed from the events topic.
 */
public final class OutcomeWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutcomeWriter.class);

    private final Producer<String, byte[]> producer;
    private final Topic<String, Attempt> attempts;
    private final Topic<String, DeadLetter> deadLetter;
    private final Executor executor;
    private final Consumer<DeadLetter> onDeadLetter;

    /**
     * @param executor     where to write a dead letter again: not on the producer's I/O thread, which calls back
     * @param onDeadLetter told of each dead letter once the broker acknowledged it, on the executor
     */
    public OutcomeWriter(Producer<String, byte[]> producer, Topics topics, Executor executor,
                         Consumer<DeadLetter> onDeadLetter) {
        this.producer = producer;
        this.attempts = topics.attempts();
        this.deadLetter = topics.deadLetter();
        this.executor = executor;
        this.onDeadLetter = onDeadLetter;
    }


    public CompletableFuture<Void> attempt(Attempt attempt) {
        return send(attempts, attempt.deliveryId(), attempt, null);
    }

    /** Queues {@code next} on retry tier {@code tier}, keyed by subscription id, its {@code notBefore} in a header too. */
    public CompletableFuture<Void> retry(Topic<String, Delivery> tier, Delivery next) {
        return send(tier, next.subscriptionId(), next, next.notBefore());
    }

    /** Writes {@code letter}, or, if it is too large, the letter without its delivery's body. */
    public CompletableFuture<Void> deadLetter(String subscriptionId, DeadLetter letter) {
        CompletableFuture<Void> written = send(deadLetter, subscriptionId, letter, null).exceptionallyComposeAsync(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            Delivery delivery = letter.delivery();
            if (!(cause instanceof RecordTooLargeException) || delivery == null || delivery.body().isEmpty()) {
                return CompletableFuture.failedFuture(cause);
            }
            log.warn("The dead letter of delivery {} (event {}, subscription {}) is too large to write, writing it "
                    + "without the delivery's body: {}", delivery.deliveryId(), delivery.eventId(),
                    delivery.subscriptionId(), cause.getMessage());
            return send(deadLetter, subscriptionId, withoutBody(letter), null);
        }, executor);
        return written.thenRunAsync(() -> tell(letter), executor);
    }

    private void tell(DeadLetter letter) {
        try {
            onDeadLetter.accept(letter);
        } catch (RuntimeException e) {
            log.warn("Telling of the dead letter of delivery {} failed: {}", letter.delivery() == null ? "?"
                    : letter.delivery().deliveryId(), e.toString());
        }
    }

    /** The letter with an empty delivery body, saying why in {@code lastError}. */
    static DeadLetter withoutBody(DeadLetter letter) {
        Delivery delivery = letter.delivery();
        return letter.withoutBody("the delivery's body (" + delivery.body().getBytes(StandardCharsets.UTF_8).length
                + " bytes) was dropped, as the dead letter was too large to write; event " + delivery.eventId()
                + " is in the events topic while its retention lasts");
    }

    /** Fetches the metadata of the output topics, so that the first sends do not wait for it. */
    public void warmUp() {
        producer.partitionsFor(attempts.name());
        producer.partitionsFor(deadLetter.name());
    }

    private <V> CompletableFuture<Void> send(Topic<String, V> topic, String key, V value, Instant notBefore) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            byte[] valueBytes = topic.valueSerde().serializer().serialize(topic.name(), value);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic.name(), key, valueBytes);
            if (notBefore != null) {
                NotBeforeHeader.write(record.headers(), notBefore);
            }
            producer.send(record, (metadata, e) -> {
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
