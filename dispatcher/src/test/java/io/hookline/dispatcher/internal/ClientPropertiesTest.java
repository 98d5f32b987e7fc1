package io.hookline.dispatcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.hookline.dispatcher.DispatcherConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientPropertiesTest {
    private final DispatcherConfig config = new DispatcherConfig(Map.of(
            DispatcherConfig.BOOTSTRAP_SERVERS, "kafka:9092",
            DispatcherConfig.GROUP_ID, "dispatchers",
            "kafka.max.poll.records", "50",
            "kafka.linger.ms", "20",
            "kafka.auto.offset.reset", "latest",
            "kafka.group.id", "not-this-one",
            "kafka.enable.auto.commit", "true",
            "kafka.isolation.level", "read_uncommitted",
            "kafka.acks", "1",
            "kafka.security.protocol", "SSL"));

    @Test
    void passesOperatorSettingsThroughButKeepsWhatCorrectnessNeeds() {
        Map<String, Object> consumer = ClientProperties.deliveryConsumer(config);

        assertEquals("kafka:9092", consumer.get("bootstrap.servers"));
        assertEquals("50", consumer.get("max.poll.records"));
        assertEquals("latest", consumer.get("auto.offset.reset"), "a default, so the operator may change it");
        assertEquals("dispatchers", consumer.get("group.id"));
        assertEquals(false, consumer.get("enable.auto.commit"));
        assertEquals("read_committed", consumer.get("isolation.level"));
    }

    @Test
    void readsSubscriptionsWithoutAGroup() {
        Map<String, Object> consumer = ClientProperties.subscriptionConsumer(config);

        assertFalse(consumer.containsKey("group.id"));
        assertEquals(false, consumer.get("enable.auto.commit"));
        assertEquals("read_committed", consumer.get("isolation.level"));
    }

    @Test
    void writesOutcomesDurably() {
        Map<String, Object> producer = ClientProperties.producer(config);

        assertEquals("all", producer.get("acks"));
        assertEquals(true, producer.get("enable.idempotence"));
        assertEquals("20", producer.get("linger.ms"));
    }

    @Test
    void looksUpPartitionsOnTheSameClusterWithTheSameSecurity() {
        Map<String, Object> admin = ClientProperties.admin(config);

        assertEquals("kafka:9092", admin.get("bootstrap.servers"));
        assertEquals("SSL", admin.get("security.protocol"));
    }
}
