package io.hookline.common.wire;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {

    @Test
    void defaultNamesAreThoseOfTheDesign() {
        Topics topics = Topics.defaults();

        assertEquals("webhooks", topics.prefix());
        assertEquals("webhooks.events", topics.events().name());
        assertEquals("webhooks.subscriptions", topics.subscriptions().name());
        assertEquals("webhooks.deliveries", topics.deliveries().name());
        assertEquals("webhooks.attempts", topics.attempts().name());
        assertEquals("webhooks.dead-letter", topics.deadLetter().name());
        assertEquals("webhooks.retry.5s", topics.retry(Duration.ofSeconds(5)).name());
    }

    @Test
    void aPrefixReplacesWebhooks() {
        Topics topics = new Topics("acme-prod.hooks");

        assertEquals(List.of("acme-prod.hooks.events", "acme-prod.hooks.subscriptions", "acme-prod.hooks.deliveries",
                        "acme-prod.hooks.attempts", "acme-prod.hooks.dead-letter", "acme-prod.hooks.retry.1m"),
                List.of(topics.events().name(), topics.subscriptions().name(), topics.deliveries().name(),
                        topics.attempts().name(), topics.deadLetter().name(),
                        topics.retry(Duration.ofMinutes(1)).name()));
    }

    @ParameterizedTest
    @CsvSource({
            "PT5S,      webhooks.retry.5s",
            "PT60S,     webhooks.retry.1m",
            "PT90S,     webhooks.retry.90s",
            "PT120S,    webhooks.retry.2m",
            "PT5M,      webhooks.retry.5m",
            "PT30M,     webhooks.retry.30m",
            "PT2H,      webhooks.retry.2h",
            "PT6H,      webhooks.retry.6h",
            "PT24H,     webhooks.retry.1d",
            "PT36H,     webhooks.retry.36h",
            "PT48H,     webhooks.retry.2d",
            "PT1.5S,    webhooks.retry.1500ms",
            "PT0.001S,  webhooks.retry.1ms",
    })
    void retryTopicsAreNamedByTheirShortestExactDelay(Duration delay, String name) {
        assertEquals(name, Topics.defaults().retry(delay).name());
    }

    @Test
    void retryDelaysMustBePositive() {
        assertEquals("a retry delay must be positive, got PT0S", assertThrows(IllegalArgumentException.class,
                () -> Topics.delayName(Duration.ZERO)).getMessage());
        assertEquals("a retry delay must be positive, got PT-5S", assertThrows(IllegalArgumentException.class,
                () -> Topics.delayName(Duration.ofSeconds(-5))).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "web hooks", "webhooks/prod", "webhooks!", "wébhooks", "webhooks\n"})
    void rejectsABadPrefix(String prefix) {
        assertEquals("topic prefix must be 1-100 characters of A-Z a-z 0-9 . _ -",
                assertThrows(InvalidRecordException.class, () -> new Topics(prefix)).getMessage());
    }

    @Test
    void rejectsAMissingOrOverlongPrefix() {
        assertEquals("topic prefix must be 1-100 characters of A-Z a-z 0-9 . _ -",
                assertThrows(InvalidRecordException.class, () -> new Topics(null)).getMessage());
        assertEquals("topic prefix must be 1-100 characters of A-Z a-z 0-9 . _ -",
                assertThrows(InvalidRecordException.class, () -> new Topics("p".repeat(101))).getMessage());
        assertEquals("p".repeat(100) + ".events", new Topics("p".repeat(100)).events().name());
    }

    @Test
    void topicsCarryTheSerdesOfTheirRecords() {
        Topics topics = Topics.defaults();
        Event event = new Event("evt_1", "a", Instant.parse("2026-11-27T10:15:30Z"), "acme", "{}");
        Delivery delivery = Delivery.first(event, "sub_1");

        assertArrayEquals("acme".getBytes(UTF_8), topics.events().keySerde().serializer().serialize("t", "acme"));
        assertEquals(event, roundTrip(topics.events(), event));
        assertEquals(delivery, roundTrip(topics.deliveries(), delivery));
        assertEquals(delivery, roundTrip(topics.retry(Duration.ofSeconds(5)), delivery));
        assertNull(topics.subscriptions().valueSerde().deserializer().deserialize("t", null));
    }

    private static <V> V roundTrip(Topics.Topic<String, V> topic, V value) {
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        return topic.valueSerde().deserializer().deserialize(topic.name(), bytes);
    }
}
