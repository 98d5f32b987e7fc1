package io.hookline.bench.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hookline.common.kafka.KafkaClients;
import io.hookline.testkit.TestKafka;
import io.hookline.testkit.TestTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class TopicTailIT {
    private final KafkaClients clients = new KafkaClients(
            Map.of("bootstrap.servers", TestKafka.shared().bootstrapServers()));

    @Test
    void aTailFromNowOnSeesWhatIsWrittenAfterItAndNothingBefore() {
        String topic = "tail-" + System.nanoTime();
        TestTopics.create(TestKafka.shared().bootstrapServers(), 3, topic);
        List<String> seen = new CopyOnWriteArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(clients.producer("tail-test"))) {
            write(producer, topic, "before-1", "before-2", "before-3");

            try (TopicTail tail = TopicTail.fromNowOn(clients, topic,
                    record -> seen.add(new String(record.value(), StandardCharsets.UTF_8)))) {
                write(producer, topic, "after-1", "after-2");
                Await.until(() -> seen.size() >= 2, Duration.ofSeconds(30), "the tail to see what came after it");
            }
        }

        assertEquals(List.of("after-1", "after-2"), seen.stream().sorted().toList());
    }

    private static void write(KafkaProducer<String, byte[]> producer, String topic, String... values) {
        for (String value : values) {
            producer.send(new ProducerRecord<>(topic, value, value.getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
    }
}
