package io.hookline.dispatcher.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.DeadLetterReason;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Topics;
import io.hookline.testkit.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutcomeWriterTest {
    private static final Instant AT = Instant.parse("2026-11-27T10:15:30Z");

    private final MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
            new ByteArraySerializer());
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final OutcomeWriter writer = new OutcomeWriter(producer, Topics.defaults(), executor,
            letter -> { });

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void writesADeadLetterTooLargeToWriteAgainWithoutTheDeliveryBody() throws Exception {
        DeadLetter letter = letter("{\"data\":\"" + "Zoë".repeat(2000) + "\"}");

        CompletableFuture<Void> written = writer.deadLetter("sub_1", letter);
        assertTrue(producer.errorNext(new RecordTooLargeException("The message is 8030 bytes when serialized "
                + "which is larger than 8000, the value of max.request.size")));
        await("the dead letter written again, without the body").atMost(Duration.ofSeconds(5))
                .until(() -> producer.history().size() == 2);
        assertFalse(written.isDone(), "done only once the second write is acknowledged");

        ProducerRecord<String, byte[]> again = producer.history().get(1);
        assertEquals("webhooks.dead-letter", again.topic());
        assertEquals("sub_1", again.key());
        DeadLetter smaller = Json.read(again.value(), DeadLetter.class);
        Delivery delivery = letter.delivery();
        assertEquals(new Delivery(delivery.deliveryId(), delivery.eventId(), delivery.eventType(), delivery.tenant(),
                delivery.subscriptionId(), "", delivery.attempt(), delivery.firstAttemptAt(), delivery.notBefore()),
                smaller.delivery(), "every id kept, only the body dropped");
        assertEquals("HTTP 410 Gone: the endpoint asked to stop; the delivery's body (8011 bytes) was dropped, as "
                + "the dead letter was too large to write; event evt_1 is in the events topic while its retention "
                + "lasts", smaller.lastError());
        assertEquals(new DeadLetter(letter.stage(), letter.reason(), smaller.delivery(), null, null,
                letter.sourceTopic(), letter.sourcePartition(), letter.sourceOffset(), letter.lastStatus(),
                smaller.lastError(), letter.attempts(), letter.firstAttemptAt(), letter.lastAttemptAt(),
                letter.lastResponseBody(), letter.deadAt()), smaller, "everything else as it was");

        assertTrue(producer.completeNext());
        written.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aDeadLetterStillTooLargeWithoutItsBodyFails() {
        CompletableFuture<Void> written = writer.deadLetter("sub_1", letter("{\"n\":1}"));
        assertTrue(producer.errorNext(new RecordTooLargeException("too large")));
        await("the dead letter written again, without the body").atMost(Duration.ofSeconds(5))
                .until(() -> producer.history().size() == 2);
        assertTrue(producer.errorNext(new RecordTooLargeException("still too large")));

        ExecutionException e = assertThrows(ExecutionException.class, () -> written.get(5, TimeUnit.SECONDS));
        assertEquals("still too large", assertInstanceOf(RecordTooLargeException.class, e.getCause()).getMessage());
        assertEquals(2, producer.history().size());
    }

    @Test
    void otherWriteErrorsFailTheDeadLetterWithoutWritingItAgain() {
        CompletableFuture<Void> written = writer.deadLetter("sub_1", letter("{\"n\":1}"));
        assertTrue(producer.errorNext(new TopicAuthorizationException("not allowed")));

        ExecutionException e = assertThrows(ExecutionException.class, () -> written.get(5, TimeUnit.SECONDS));
        assertInstanceOf(TopicAuthorizationException.class, e.getCause());
        assertEquals(1, producer.history().size());
    }

    private static DeadLetter letter(String body) {
        return new DeadLetter(DeadLetter.Origin.DISPATCHER, DeadLetterReason.GONE,
                Fixtures.delivery("evt_1", "sub_1").body(body).build(), null, null,
                "webhooks.deliveries", 3, 42L, 410, "HTTP 410 Gone: the endpoint asked to stop", 1, AT, AT,
                "gone for good", AT.plusSeconds(1));
    }
}
