package io.hookline.dispatcher.internal;

import static io.hookline.testkit.Fixtures.subscription;
import static org.awaitility.Awaitility.await;
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
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Subscription;
import io.hookline.testkit.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SubscriptionReplicaTest {
    private static final String TOPIC = "webhooks.subscriptions";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final String SECRET = Fixtures.SECRET.encoded();

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final MetricRegistry registry = new MetricRegistry();
    private SubscriptionReplica cache = cache(consumer::partitionsFor, Duration.ofMinutes(1));
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(SubscriptionReplica.class);
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
            consumer.addRecord(published(P0, 0, subscription("sub_1").build()));
            consumer.addRecord(published(P0, 1, subscription("sub_2").build()));
        });
        Subscription disabled = subscription("sub_3").enabled(false).build();
        consumer.schedulePollTask(() -> consumer.addRecord(published(P1, 0, disabled)));
        cache.start();

        assertTrue(cache.awaitReady(Duration.ofSeconds(5)));
        assertTrue(cache.isReady());
        assertEquals(subscription("sub_1").build(), active("sub_1"));
        assertEquals(disabled, active("sub_3"), "disabled ones are kept: their deliveries "
                + "are dead-lettered as endpoint_disabled, not as deleted");
        assertEquals(3, cache.size());
    }

    @Test
    void aRefreshCompletesOnceWhatWasPublishedBeforeItIsRead() throws Exception {
        startReadyOnAnEmptyTopic();

        // published, but not yet polled by the cache
        consumer.updateEndOffsets(Map.of(P0, 1L));
        CompletableFuture<Void> refreshed = cache.refresh();
        consumer.schedulePollTask(() -> consumer.addRecord(published(P0, 0, subscription("sub_new").build())));

        refreshed.get(5, TimeUnit.SECONDS);
        assertEquals(subscription("sub_new").build(), active("sub_new"));
    }

    @Test
    void aRefreshOfAFailedCacheFailsAtOnceWithTheCause() {
        cache.start();
        assertThrows(HooklineException.class, () -> cache.awaitReady(Duration.ofSeconds(5)));
        cache.close();

        ExecutionException e = assertThrows(ExecutionException.class, () -> cache.refresh().get(5, TimeUnit.SECONDS));
        HooklineException stopped = assertInstanceOf(HooklineException.class, e.getCause());
        assertTrue(stopped.getMessage().contains("topic " + TOPIC + " does not exist"), stopped.getMessage());
    }

    @Test
    void aRefreshPendingWhenTheCacheIsClosedIsCancelled() throws Exception {
        startReadyOnAnEmptyTopic();
        consumer.updateEndOffsets(Map.of(P0, 1L)); // never read: the refresh cannot complete
        CompletableFuture<Void> refreshed = cache.refresh();

        cache.close();

        assertThrows(CancellationException.class, () -> refreshed.get(5, TimeUnit.SECONDS));
        assertThrows(CancellationException.class, () -> cache.refresh().get(5, TimeUnit.SECONDS));
    }

    @Test
    void aRefreshReadsPartitionsAddedToTheTopicSinceTheStart() throws Exception {
        startReadyOnAnEmptyTopic();

        // partition 1 added, and a subscription published to it
        topicWithPartitions(Map.of(P0, 0L, P1, 1L));
        CompletableFuture<Void> refreshed = cache.refresh();
        whenAssigned(P1, () -> consumer.addRecord(published(P1, 0, subscription("sub_new").build())));

        refreshed.get(5, TimeUnit.SECONDS);
        assertEquals(subscription("sub_new").build(), active("sub_new"));
        assertEquals(Set.of(P0, P1), consumer.assignment());
    }

    @Test
    void findsAddedPartitionsPeriodicallyWithoutARefresh() throws Exception {
        cache = cache(consumer::partitionsFor, Duration.ofMillis(50));
        startReadyOnAnEmptyTopic();

        topicWithPartitions(Map.of(P0, 0L, P1, 1L));
        whenAssigned(P1, () -> consumer.addRecord(published(P1, 0, subscription("sub_new").build())));

        await("sub_new read from the partition found by the periodic check").atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertEquals(subscription("sub_new").build(), active("sub_new")));
    }

    @Test
    void aPartitionAddedWhileLoadingIsLoadedBeforeTheCacheIsReady() throws Exception {
        topicWithPartitions(Map.of(P0, 1L, P1, 1L));
        AtomicInteger listed = new AtomicInteger();
        // the first look finds partition 0 only, every later one partition 1 too; look every round
        cache = cache((topic, timeout) -> listed.getAndIncrement() == 0 ? List.of(new PartitionInfo(TOPIC, 0, null,
                null, null)) : consumer.partitionsFor(topic, timeout), Duration.ZERO);
        AtomicBoolean released = new AtomicBoolean();
        whenAssigned(P0, () -> consumer.addRecord(published(P0, 0, subscription("sub_0").build())));
        whenAssigned(P1, released, () -> consumer.addRecord(published(P1, 0, subscription("sub_1").build())));
        cache.start();

        await("sub_0 read from the partition found first").atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertEquals(subscription("sub_0").build(), active("sub_0")));
        assertTrue(listed.get() >= 2, "looked for partitions again while loading");
        assertFalse(cache.awaitReady(Duration.ofMillis(300)), "not ready while the added partition is unread");

        released.set(true);
        assertTrue(cache.awaitReady(Duration.ofSeconds(5)));
        assertEquals(subscription("sub_1").build(), active("sub_1"));
    }

    @Test
    void aTimeoutWhileLoadingIsRetriedNotFatal() throws Exception {
        topicWithPartitions(Map.of(P0, 1L));
        consumer.setOffsetsException(new TimeoutException("the broker is slow"));
        whenAssigned(P0, () -> consumer.addRecord(published(P0, 0, subscription("sub_1").build())));
        cache.start();

        assertTrue(cache.awaitReady(Duration.ofSeconds(5)));
        assertEquals(subscription("sub_1").build(), active("sub_1"));
    }

    @Test
    void aTimeoutDuringARefreshIsRetriedNotFatal() throws Exception {
        startReadyOnAnEmptyTopic();

        consumer.updateEndOffsets(Map.of(P0, 1L));
        consumer.setOffsetsException(new TimeoutException("the broker is slow"));
        CompletableFuture<Void> refreshed = cache.refresh();
        whenAssigned(P0, () -> consumer.addRecord(published(P0, 0, subscription("sub_new").build())));

        refreshed.get(5, TimeUnit.SECONDS);
        cache.throwIfFailed();
        assertTrue(cache.isReady());
        assertEquals(subscription("sub_new").build(), active("sub_new"));
    }

    @Test
    void isReadyAtOnceOnAnEmptyTopic() throws Exception {
        topicWithPartitions(Map.of(P0, 0L));
        cache.start();

        assertTrue(cache.awaitReady(Duration.ofSeconds(5)));
        assertInstanceOf(SubscriptionReplica.Missing.class, cache.lookup("sub_1"));
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
        cache.apply(published(P0, subscription("sub_1").build()));
        cache.apply(published(P0, subscription("sub_1").enabled(false).build()));
        assertEquals(subscription("sub_1").enabled(false).build(), active("sub_1"));

        cache.apply(record(P0, "sub_1", null));
        assertInstanceOf(SubscriptionReplica.Missing.class, cache.lookup("sub_1"));
        assertEquals(0, cache.size());
    }

    @Test
    void anInvalidRecordReplacesTheOldValueAndIsCountedAndLoggedWithoutSecrets() {
        logger.addAppender(logs);
        logs.start();
        cache.apply(published(P0, subscription("sub_1").build()));

        String badUrl = "{\"id\":\"sub_1\",\"tenant\":\"acme\",\"url\":\"ftp://hooks.example.com/in\","
                + "\"eventTypes\":[\"order.*\"],\"secrets\":[\"" + SECRET + "\"],"
                + "\"headers\":{\"Authorization\":\"Bearer s3cr3t\"}}";
        cache.apply(record(P0, "sub_1", badUrl.getBytes(StandardCharsets.UTF_8)));

        SubscriptionReplica.Invalid invalid = assertInstanceOf(SubscriptionReplica.Invalid.class, cache.lookup("sub_1"));
        assertEquals("url must be http:// or https://", invalid.reason());
        assertEquals(1, registry.counter(DispatcherMetrics.INVALID_SUBSCRIPTIONS).getCount());
        assertEquals(1, logs.list.size());
        String line = logs.list.get(0).getFormattedMessage();
        assertTrue(line.contains("sub_1") && line.contains("url must be http:// or https://"), line);
        assertFalse(line.contains(SECRET.substring(6)) || line.contains("s3cr3t"), line);
    }

    @Test
    void aRecordWhoseKeyIsNotItsIdIsInvalid() {
        cache.apply(record(P0, "sub_9", json(subscription("sub_1").build())));

        assertInstanceOf(SubscriptionReplica.Invalid.class, cache.lookup("sub_9"));
        assertInstanceOf(SubscriptionReplica.Missing.class, cache.lookup("sub_1"));
    }

    @Test
    void skipsAndCountsARecordWithoutKey() {
        cache.apply(record(P0, null, json(subscription("sub_1").build())));

        assertInstanceOf(SubscriptionReplica.Missing.class, cache.lookup("sub_1"));
        assertEquals(1, registry.counter(DispatcherMetrics.INVALID_SUBSCRIPTIONS).getCount());
    }

    private SubscriptionReplica cache(Lister lister, Duration partitionCheckInterval) {
        return new SubscriptionReplica(consumer, (topic, timeout) -> {
            List<PartitionInfo> infos = lister.partitionsFor(topic, timeout);
            return infos.isEmpty() ? Optional.empty() : Optional.of(infos.stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList());
        }, TOPIC, new DispatcherMetrics(registry), partitionCheckInterval);
    }

    @FunctionalInterface
    private interface Lister {
        List<PartitionInfo> partitionsFor(String topic, Duration timeout);
    }

    /** Runs {@code task} in the first poll after {@code partition} is assigned: records of others are refused. */
    private void whenAssigned(TopicPartition partition, Runnable task) {
        whenAssigned(partition, new AtomicBoolean(true), task);
    }

    /** Like {@link #whenAssigned(TopicPartition, Runnable)}, and not before {@code released} is set. */
    private void whenAssigned(TopicPartition partition, AtomicBoolean released, Runnable task) {
        consumer.schedulePollTask(() -> {
            if (released.get() && consumer.assignment().contains(partition)) {
                task.run();
            } else {
                whenAssigned(partition, released, task);
            }
        });
    }

    private Subscription active(String id) {
        return assertInstanceOf(SubscriptionReplica.Active.class, cache.lookup(id)).subscription();
    }

    /** Starts the cache on a topic of one empty partition, and waits until it is ready. */
    private void startReadyOnAnEmptyTopic() throws InterruptedException {
        topicWithPartitions(Map.of(P0, 0L));
        cache.start();
        assertTrue(cache.awaitReady(Duration.ofSeconds(5)));
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

    /** {@code subscription} as its publisher writes it, at the next offset of {@code partition}. */
    private ConsumerRecord<String, byte[]> published(TopicPartition partition, Subscription subscription) {
        return published(partition, offset++, subscription);
    }

    private static ConsumerRecord<String, byte[]> published(TopicPartition partition, long offset,
                                                            Subscription subscription) {
        return record(partition, offset, subscription.id(), json(subscription));
    }

    private static ConsumerRecord<String, byte[]> record(TopicPartition partition, long offset, String key,
                                                         byte[] value) {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, key, value);
    }

    private static byte[] json(Subscription subscription) {
        return Json.write(subscription);
    }
}
