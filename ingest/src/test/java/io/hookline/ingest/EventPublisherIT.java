package io.hookline.ingest;

import static io.hookline.testkit.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hookline.common.config.HooklineConfig;
import io.hookline.common.wire.Event;
import io.hookline.common.wire.Json;
import io.hookline.testkit.TestKafka;
import io.hookline.testkit.TestTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

class EventPublisherIT {
    private final String bootstrap = TestKafka.shared().bootstrapServers();

    @Test
    void publishesKeyedByTenantWithTheEventAsJson() throws Exception {
        String prefix = TestTopics.unique("ingest");
        HooklineConfig config = new HooklineConfig(Map.of(HooklineConfig.BOOTSTRAP_SERVERS, bootstrap,
                HooklineConfig.TOPIC_PREFIX, prefix));
        TestTopics.createAll(bootstrap, config.topics(), 3);
        Event withTenant = event("evt_a").tenant("acme").data("{\"orderId\":42,\"items\":[1,2]}").build();
        Event withoutTenant = event(null).type("invoice.paid").timestamp(null).tenant(null).data("\"plain\"").build();

        try (EventPublisher publisher = EventPublisher.create(config)) {
            RecordMetadata first = publisher.publish(withTenant).get();
            publisher.publish(withoutTenant).get();
            assertEquals(prefix + ".events", first.topic());
        }

        List<ConsumerRecord<String, byte[]>> records = TestTopics.consume(bootstrap, prefix + ".events",
                new StringDeserializer(), new ByteArrayDeserializer(), 2, Duration.ofSeconds(30));
        assertEquals(2, records.size());
        Map<String, Event> byKey = Map.of(records.get(0).key(), Json.read(records.get(0).value(), Event.class),
                records.get(1).key(), Json.read(records.get(1).value(), Event.class));
        assertEquals(withTenant, byKey.get("acme"));
        assertEquals(withoutTenant, byKey.get(Event.DEFAULT_TENANT), "no tenant is keyed as 'default'");
    }
}
