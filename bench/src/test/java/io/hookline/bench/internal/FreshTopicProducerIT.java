package io.hookline.bench.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.HooklineException;
import io.hookline.common.kafka.KafkaClients;
import io.hookline.testkit.TestKafka;
import io.hookline.testkit.TestTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class FreshTopicProducerIT {
    private final String bootstrap = TestKafka.shared().bootstrapServers();
    private final KafkaClients clients = new KafkaClients(Map.of("bootstrap.servers", bootstrap));

    @Test
    void writesToATopicJustCreated() {
        String topic = "fresh-" + System.nanoTime();
        TestTopics.create(bootstrap, 6, topic);
        List<String> seen = new CopyOnWriteArrayList<>();

        try (TopicTail tail = new TopicTail(clients, topic, r -> seen.add(r.key()));
             FreshTopicProducer producer = new FreshTopicProducer(clients, "fresh-test", "test records")) {
            for (int i = 0; i < 100; i++) {
                producer.send(topic, "k" + i, ("v" + i).getBytes(StandardCharsets.UTF_8));
            }
            producer.flush();
            Await.until(() -> seen.size() >= 100, Duration.ofSeconds(30), "the records to be read back");
        }

        assertEquals(100, seen.stream().distinct().count());
    }

    @Test
    void aRecordKafkaRefusesFailsTheFlushAndSaysWhy() {
        String topic = "fresh-" + System.nanoTime();
        TestTopics.create(bootstrap, 1, topic);
        try (FreshTopicProducer producer = new FreshTopicProducer(clients, "fresh-test", "test records")) {
            producer.send(topic, "small", new byte[10]);
            producer.send(topic, "too-large", new byte[2 * 1024 * 1024]); // over the producer's max.request.size

            HooklineException e = assertThrows(HooklineException.class, producer::flush);

            assertTrue(e.getMessage().startsWith("cannot write test records: "), e.getMessage());
            assertTrue(e.getMessage().contains("too large") || e.getMessage().contains("larger"), e.getMessage());
        }
    }
}
