package io.hookline.dispatcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.codahale.metrics.MetricRegistry;
import io.hookline.common.HooklineException;
import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Subscription;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SubscriptionCacheTest {
    private static final String TOPIC = "webhooks.subscriptions";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final MetricRegistry registry = new MetricRegistry();
    private final SubscriptionCache cache = new SubscriptionCache(consumer, TOPIC, new DispatcherMetrics(registry));
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(SubscriptionCache.class);
    private long offset;

    @AfterEach
    void closeCache() {
        logger.detachAppender(logs);
        cache.close();
    }

    @Test
    void becomesReadyOnlyOnceEveryPartitionIsReadToItsEndAtStart() throws Exception {
        topicWithPartitions(Map.of(P0, 2L, P1, 1L));
        consumer.schedulePollTask(() -> {
            consumer.addRecord(record(P0, 0, "sub_1", json(subscription("sub_1", true))));
            consumer.addRecord(record(P0, 1, "sub_2", json(subscription("sub_2", true))));
        });
        consumer.schedulePollTask(() -> consumer.addRecord(record(P1, 0, "sub_3", json(subscription("sub_3", false)))));
        cache.start();

        assertTrue(cache.awaitReady(Duration.ofSeconds(5)));
        assertTrue(cache.isReady());
        assertEquals(subscription("sub_1", true), active("sub_1"));
        assertEquals(subscription("sub_3", false), active("sub_3"), "disabled ones are kept: their deliveries "
                + "are dead-lettered as endpoint_disabled, not as deleted");
        assertEquals(3, cache.size());
    }

    @Test
    void aRefreshCompletesOnceWhatWasPublishedBeforeItIsRead() throws Exception {
        topicWithPartitions(Map.of(P0, 0L));
        cache.start();
        assertTrue(cache.awaitReady(Duration.ofSeconds(5)));

        // published, but not yet polled by the cache
        consumer.updateEndOffsets(Map.of(P0, 1L));
        CompletableFuture<Void> refreshed = cache.refresh();
        consumer.schedulePollTask(() -> consumer.addRecord(record(P0, 0, "sub_new", json(subscription("sub_new", true)))));

        refreshed.get(5, TimeUnit.SECONDS);
        assertEquals(subscription("sub_new", true), active("sub_new"));
    }

    @Test
    void aRefreshOfAStoppedCacheCompletesAtOnce() throws Exception {
        cache.start();
        assertThrows(HooklineException.class, () -> cache.awaitReady(Duration.ofSeconds(5)));
        cache.close();

        cache.refresh().get(5, TimeUnit.SECONDS);
    }

    @Test
    void isReadyAtOnceOnAnEmptyTopic() throws Exception {
        topicWithPartitions(Map.of(P0, 0L));
        cache.start();

        assertTrue(cache.awaitReady(Duration.ofSeconds(5)));
        assertInstanceOf(SubscriptionCache.Missing.class, cache.lookup("sub_1"));
    }

    @Test
    void failsClearlyWhenTheTopicIsMissing() {
        cache.start();

        HooklineException e = assertThrows(HooklineException.class, () -> cache.awaitReady(Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("topic " + TOPIC + " does not exist"), e.getMessage());
        assertFalse(cache.isReady());
    }

    @Test
    void keepsTheLatestValueAndForgetsOnATombstone() {
        cache.apply(record(P0, "sub_1", json(subscription("sub_1", true))));
        cache.apply(record(P0, "sub_1", json(subscription("sub_1", false))));
        assertEquals(subscription("sub_1", false), active("sub_1"));

        cache.apply(record(P0, "sub_1", null));
        assertInstanceOf(SubscriptionCache.Missing.class, cache.lookup("sub_1"));
        assertEquals(0, cache.size());
    }

    @Test
    void anInvalidRecordReplacesTheOldValueAndIsCountedAndLoggedWithoutSecrets() {
        logger.addAppender(logs);
        logs.start();
        cache.apply(record(P0, "sub_1", json(subscription("sub_1", true))));

        String badUrl = "{\"id\":\"sub_1\",\"tenant\":\"acme\",\"url\":\"ftp://hooks.example.com/in\","
                + "\"eventTypes\":[\"order.*\"],\"secrets\":[\"" + SECRET + "\"],"
                + "\"headers\":{\"Authorization\":\"Bearer s3cr3t\"}}";
        cache.apply(record(P0, "sub_1", badUrl.getBytes(StandardCharsets.UTF_8)));

        SubscriptionCache.Invalid invalid = assertInstanceOf(SubscriptionCache.Invalid.class, cache.lookup("sub_1"));
        assertEquals("url must be http:// or https://", invalid.reason());
        assertEquals(1, registry.counter(DispatcherMetrics.INVALID_SUBSCRIPTIONS).getCount());
        assertEquals(1, logs.list.size());
        String line = logs.list.get(0).getFormattedMessage();
        assertTrue(line.contains("sub_1") && line.contains("url must be http:// or https://"), line);
        assertFalse(line.contains(SECRET.substring(6)) || line.contains("s3cr3t"), line);
    }

    @Test
    void aRecordWhoseKeyIsNotItsIdIsInvalid() {
        cache.apply(record(P0, "sub_9", json(subscription("sub_1", true))));

        assertInstanceOf(SubscriptionCache.Invalid.class, cache.lookup("sub_9"));
        assertInstanceOf(SubscriptionCache.Missing.class, cache.lookup("sub_1"));
    }

    @Test
    void skipsAndCountsARecordWithoutKey() {
        cache.apply(record(P0, null, json(subscription("sub_1", true))));

        assertInstanceOf(SubscriptionCache.Missing.class, cache.lookup("sub_1"));
        assertEquals(1, registry.counter(DispatcherMetrics.INVALID_SUBSCRIPTIONS).getCount());
    }

    private Subscription active(String id) {
        return assertInstanceOf(SubscriptionCache.Active.class, cache.lookup(id)).subscription();
    }

    private void topicWithPartitions(Map<TopicPartition, Long> ends) {
        consumer.updatePartitions(TOPIC, ends.keySet().stream()
                .map(p -> new PartitionInfo(TOPIC, p.partition(), null, null, null)).toList());
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.updateEndOffsets(ends);
    }

    private ConsumerRecord<String, byte[]> record(TopicPartition partition, String key, byte[] value) {
        return record(partition, offset++, key, value);
    }

    private static ConsumerRecord<String, byte[]> record(TopicPartition partition, long offset, String key,
                                                         byte[] value) {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, key, value);
    }

    private static byte[] json(Subscription subscription) {
        return Json.write(subscription);
    }

    private static Subscription subscription(String id, boolean enabled) {
        return new Subscription(id, "acme", URI.create("https://hooks.example.com/" + id), List.of("order.*"),
                List.of(WebhookSecret.parse(SECRET)), Map.of("Authorization", "Bearer s3cr3t"), enabled, null,
                null, Subscription.VERSION);
    }
}
