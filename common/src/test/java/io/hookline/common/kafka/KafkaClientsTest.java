package io.hookline.common.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.HooklineException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {
    /** An operator who tried to loosen every setting correctness needs, and tuned two that are theirs. */
    private static final KafkaClients CLIENTS = new KafkaClients(Map.of(
            "bootstrap.servers", "kafka:9092",
            "acks", "1",
            "enable.idempotence", "false",
            "enable.auto.commit", "true",
            "isolation.level", "read_uncommitted",
            "processing.guarantee", "at_least_once",
            "linger.ms", "20",
            "group.id", "theirs",
            "max.poll.records", "50"));

    @Test
    void producersAlwaysWaitForAllReplicasAndAreIdempotent() {
        Map<String, Object> producer = CLIENTS.producer("p");

        assertEquals("all", producer.get("acks"));
        assertEquals(true, producer.get("enable.idempotence"));
        assertEquals("20", producer.get("linger.ms"));
        assertEquals("kafka:9092", producer.get("bootstrap.servers"));
        assertEquals("p", producer.get("client.id"));
    }

    @Test
    void producersBatchAFewMillisecondsByDefault() {
        assertEquals(5, new KafkaClients(Map.of("bootstrap.servers", "k:9092")).producer("p").get("linger.ms"));
    }

    @Test
    void everyClientLetsTheSystemSizeItsSocketBuffersUnlessTheOperatorSetsThem() {
        KafkaClients defaults = new KafkaClients(Map.of("bootstrap.servers", "k:9092"));
        for (Map<String, Object> client : List.of(defaults.producer("p"), defaults.consumer("c", "g"),
                defaults.admin("a"), defaults.streams(Map.of("application.id", "r")))) {
            assertEquals(-1, client.get("receive.buffer.bytes"));
            assertEquals(-1, client.get("send.buffer.bytes"));
        }

        KafkaClients tuned = new KafkaClients(Map.of("bootstrap.servers", "k:9092", "receive.buffer.bytes", "65536"));
        assertEquals("65536", tuned.consumer("c", "g").get("receive.buffer.bytes"));
        assertEquals("65536", tuned.streams(Map.of()).get("receive.buffer.bytes"));
        assertEquals(-1, tuned.producer("p").get("send.buffer.bytes"));
    }

    @Test
    void consumersNeverAutoCommitAndReadOnlyCommittedRecords() {
        Map<String, Object> consumer = CLIENTS.consumer("c", "hookline-dispatcher");

        assertEquals(false, consumer.get("enable.auto.commit"));
        assertEquals("read_committed", consumer.get("isolation.level"));
        assertEquals(false, consumer.get("allow.auto.create.topics"));
        assertEquals("hookline-dispatcher", consumer.get("group.id"));
        assertEquals("50", consumer.get("max.poll.records"));
    }

    @Test
    void aConsumerWithoutGroupDropsTheOperatorsGroup() {
        Map<String, Object> consumer = CLIENTS.consumer("c", null);

        assertFalse(consumer.containsKey("group.id"));
        assertEquals(false, consumer.get("enable.auto.commit"));
    }

    @Test
    void streamsAlwaysRunExactlyOnce() {
        Map<String, Object> streams = CLIENTS.streams(Map.of("replication.factor", 3, "linger.ms", "1"));

        assertEquals(KafkaClients.EXACTLY_ONCE_V2, streams.get(KafkaClients.PROCESSING_GUARANTEE));
        assertEquals(3, streams.get("replication.factor"));
        assertEquals("20", streams.get("linger.ms"), "the operator's setting beats the stage's default");
    }

    @Test
    void aFailedFutureBecomesOneLineNamingTheCall() {
        HooklineException e = org.junit.jupiter.api.Assertions.assertThrows(HooklineException.class,
                () -> KafkaFutures.await(CompletableFuture.failedFuture(
                        new TopicAuthorizationException("Not authorized to access topics: [webhooks.events]")),
                        Duration.ofSeconds(1), "write to webhooks.events"));

        assertEquals("cannot write to webhooks.events: Not authorized to access topics: [webhooks.events]",
                e.getMessage());
        assertTrue(e.getCause() instanceof TopicAuthorizationException);
    }

    @Test
    void aFutureThatNeverCompletesTimesOutWithTheWait() {
        HooklineException e = org.junit.jupiter.api.Assertions.assertThrows(HooklineException.class,
                () -> KafkaFutures.await(new CompletableFuture<>(), Duration.ofMillis(50), "reach Kafka"));

        assertEquals("cannot reach Kafka: Kafka did not answer within 50 ms", e.getMessage());
    }
}
