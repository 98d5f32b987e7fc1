package io.hookline.common.wire;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    @CsvSource({"PT5S", "PT1M", "PT90S", "PT2H", "PT24H", "PT36H", "PT1.5S", "PT0.001S", "PT999999999S"})
    void aRetryTopicNameReadsBackAsItsDelay(Duration delay) {
        Topics topics = new Topics("acme.hooks");

        assertEquals(Optional.of(delay), topics.parseRetryTopic(topics.retry(delay).name()));
    }

    @ParameterizedTest
    @CsvSource({"webhooks.retry.60s, PT1M", "webhooks.retry.24h, PT24H", "webhooks.retry.05s, PT5S",
            "webhooks.retry.1000ms, PT1S"})
    void aRetryTopicNamedByHandReadsBackToo(String topic, Duration delay) {
        assertEquals(Optional.of(delay), Topics.defaults().parseRetryTopic(topic));
    }

    @ParameterizedTest
    @ValueSource(strings = {"webhooks.retry.", "webhooks.retry.0s", "webhooks.retry.5", "webhooks.retry.s",
            "webhooks.retry.5x", "webhooks.retry.-5s", "webhooks.retry.5s.old", "webhooks.retry.1234567890s",
            "webhooks.retry.5S", "webhooks.deliveries", "webhooks.events", "acme.retry.5s", "webhooksX.retry.5s",
            "webhooks.retryX5s", "xwebhooks.retry.5s", "webhooks.retry.retry.5s"})
    void otherTopicsAreNoRetryTier(String topic) {
        assertEquals(Optional.empty(), Topics.defaults().parseRetryTopic(topic));
        assertEquals(Optional.empty(), Topics.defaults().parseRetryTopic(null));
    }

    @Test
    void findsTheRetryTiersOfItsPrefixAmongTopicsShortestFirst() {
        Topics topics = Topics.defaults();

        assertEquals(Map.of(), topics.retryTopics(List.of()));
        assertEquals(List.of(Map.entry("webhooks.retry.1s", Duration.ofSeconds(1)),
                        Map.entry("webhooks.retry.2s", Duration.ofSeconds(2)),
                        Map.entry("webhooks.retry.1m", Duration.ofMinutes(1)),
                        Map.entry("webhooks.retry.60s", Duration.ofMinutes(1))),
                List.copyOf(topics.retryTopics(List.of("webhooks.events", "webhooks.retry.1m", "acme.retry.1s",
                        "webhooks.retry.2s", "webhooks.retry.60s", "__consumer_offsets", "webhooks.retry.1s",
                        "webhooks.dead-letter")).entrySet()));
    }

    @Test
    void settingsHoldOneRetryTopicPerDistinctDelayKeptAWeekPastItsDelay() {
        Map<String, Map<String, String>> settings = Topics.defaults().settings(List.of(Duration.ofHours(24),
                Duration.ofSeconds(5), Duration.ofDays(1), Duration.ofMinutes(1)));

        assertEquals(List.of("webhooks.events", "webhooks.subscriptions", "webhooks.keys", "webhooks.deliveries",
                "webhooks.attempts", "webhooks.dead-letter", "webhooks.endpoint-health", "webhooks.retry.5s",
                "webhooks.retry.1m", "webhooks.retry.1d"),
                List.copyOf(settings.keySet()));
        assertEquals(Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(7L * 86_400_000 + 5_000)),
                settings.get("webhooks.retry.5s"));
        assertEquals(Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(8L * 86_400_000)),
                settings.get("webhooks.retry.1d"));
        assertEquals(Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(7L * 86_400_000)),
                settings.get("webhooks.events"));
        assertEquals(Map.of("cleanup.policy", "compact"), settings.get("webhooks.keys"), "the newest keyset is kept");
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
