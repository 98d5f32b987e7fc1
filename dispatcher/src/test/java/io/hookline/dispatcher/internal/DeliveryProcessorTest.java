package io.hookline.dispatcher.internal;

import static io.hookline.testkit.Fixtures.delivery;
import static io.hookline.testkit.Fixtures.subscription;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.hookline.common.HooklineException;
import io.hookline.common.net.EgressPolicy;
import io.hookline.common.retry.RetrySchedule;
import io.hookline.common.wire.Attempt;
import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.DeadLetterReason;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Subscription;
import io.hookline.common.wire.Topics;
import io.hookline.dispatcher.http.AsyncWebhookClient;
import io.hookline.testkit.Endpoint;
import io.hookline.testkit.Reply;
import io.hookline.testkit.TestTopics;
import io.hookline.testkit.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The processor with a real HTTP client and a receiver on loopback; the subscriptions come from
 * a {@link MockConsumer}, the attempts and dead letters go to a {@link MockProducer}.
 */
class DeliveryProcessorTest {
    private static final String SUBSCRIPTIONS = "webhooks.subscriptions";
    private static final TopicPartition P0 = new TopicPartition(SUBSCRIPTIONS, 0);
    private static final String DELIVERIES = "webhooks.deliveries";
    private static final Topics TOPICS = Topics.defaults();
    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(500);
    private static final Duration WAIT = Duration.ofSeconds(5);

    @AutoClose
    private static final WebhookReceiver receiver = WebhookReceiver.start();
    @AutoClose
    private static final AsyncWebhookClient http = AsyncWebhookClient.start(new AsyncWebhookClient.Settings(
            Duration.ofSeconds(1), REQUEST_TIMEOUT, 65_536, 20, 10, EgressPolicy.LOCAL));

    private final MockConsumer<String, byte[]> subscriptionConsumer = new MockConsumer<>("earliest");
    private final MetricRegistry registry = new MetricRegistry();
    private final DispatcherMetrics metrics = new DispatcherMetrics(registry);
    private final SubscriptionReplica cache = new SubscriptionReplica(subscriptionConsumer,
            (topic, timeout) -> Optional.of(List.of(P0)), SUBSCRIPTIONS, metrics, Duration.ofMinutes(1));
    private final ExecutorService executor = Executors.newFixedThreadPool(2, new NamedThreads("test-outcome-"));
    private final List<Throwable> fatal = new CopyOnWriteArrayList<>();
    private RecordingProducer producer;
    private DeliveryProcessor processor;
    private long subscriptionsEnd;
    private long deliveryOffset;

    @AfterEach
    void stop() {
        cache.close();
        executor.shutdownNow();
    }

    @Test
    void neverSendsToASubscriptionIdThatNowBelongsToAnotherTenant() throws Exception {
        // acme's "orders" was deleted while its deliveries were queued; globex then took the id
        Endpoint globex = receiver.endpoint(TestTopics.unique("globex"), List.of());
        publish(subscription("orders").tenant("globex").url(globex.url()).build());
        start(true, Duration.ofSeconds(5));

        Delivery acmes = delivery("evt_1", "orders").build();
        assertTrue(process(acmes).await(WAIT.toSeconds(), TimeUnit.SECONDS));

        DeadLetter letter = single(deadLetters());
        assertEquals(DeadLetterReason.TENANT_MISMATCH, letter.reason());
        assertEquals(acmes, letter.delivery());
        assertEquals(0, letter.attempts());
        assertEquals("subscription orders now belongs to a tenant other than the delivery's (acme)",
                letter.lastError());
        assertEquals(List.of(), attempts());
        assertEquals(1, registry.counter(DispatcherMetrics.TENANT_MISMATCH).getCount());
        assertEquals(1, registry.counter(DispatcherMetrics.DEAD_LETTERED).getCount());

        // globex's own deliveries to it go out
        Delivery globexs = delivery("evt_2", "orders").tenant("globex").build();
        assertTrue(process(globexs).await(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(List.of(globexs.deliveryId()), globex.awaitRequests(1, WAIT).stream()
                .map(request -> request.header("webhook-id")).toList());
        assertEquals(1, globex.requests().size(), "acme's body never reached globex");
    }

    @Test
    void deadLettersA410AfterItsAttemptAndFinishesOnlyOnceBothAreAcknowledged() throws Exception {
        Endpoint gone = receiver.endpoint(TestTopics.unique("gone"), List.of());
        String body = "Zoë ".repeat(1000);
        gone.reply(Reply.status(410).body(body));
        publish(subscription("sub_gone").url(gone.url()).build());
        start(false, Duration.ofSeconds(5));

        Delivery delivery = delivery("evt_1", "sub_gone").build();
        CountDownLatch done = process(delivery);

        await("the attempt written").atMost(WAIT).until(() -> producer.history().size() == 1);
        Attempt attempt = Json.read(producer.history().get(0).value(), Attempt.class);
        assertEquals(TOPICS.attempts().name(), producer.history().get(0).topic());
        assertEquals("failed", attempt.outcome());
        assertEquals(410, attempt.status());
        await("no dead letter before the attempt is acknowledged").during(Duration.ofMillis(100)).atMost(WAIT)
                .until(() -> producer.history().size() == 1);
        assertTrue(producer.completeNext());

        await("the dead letter written").atMost(WAIT).until(() -> producer.history().size() == 2);
        assertFalse(done.await(100, TimeUnit.MILLISECONDS), "not done before the dead letter is acknowledged");
        ProducerRecord<String, byte[]> record = producer.history().get(1);
        assertEquals(TOPICS.deadLetter().name(), record.topic());
        assertEquals("sub_gone", record.key());
        DeadLetter letter = Json.read(record.value(), DeadLetter.class);
        assertEquals(DeadLetter.Origin.DISPATCHER, letter.stage());
        assertEquals(DeadLetterReason.GONE, letter.reason());
        assertEquals(delivery, letter.delivery());
        assertEquals(410, letter.lastStatus());
        assertEquals("HTTP 410 Gone: the endpoint asked to stop", letter.lastError());
        assertEquals(1, letter.attempts());
        assertEquals(attempt.at(), letter.firstAttemptAt());
        assertEquals(attempt.at(), letter.lastAttemptAt());
        // "Zoë " is 5 bytes: 204 of them and "Zoë" are the 1024 bytes kept
        assertEquals("Zoë ".repeat(204) + "Zoë", letter.lastResponseBody());
        assertEquals(DELIVERIES, letter.sourceTopic());
        assertEquals(0L, letter.sourceOffset());

        assertTrue(producer.completeNext());
        assertTrue(done.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(1, gone.requests().size());
        assertEquals(1, registry.counter(DispatcherMetrics.FAILED).getCount());
        assertEquals(1, registry.counter(DispatcherMetrics.DEAD_LETTERED).getCount());
        assertEquals(List.of(), fatal);
    }

    @Test
    void waitsForASlowRefreshInsteadOfDeadLetteringAJustCreatedSubscription() throws Exception {
        Endpoint endpoint = receiver.endpoint(TestTopics.unique("just-created"), List.of());
        start(true, Duration.ofMillis(100));

        // published, and routed to by the router, but not yet read by this cache
        Runnable arrives = publishLater(subscription("sub_new").url(endpoint.url()).build());
        Delivery delivery = delivery("evt_1", "sub_new").build();
        CountDownLatch done = process(delivery);

        assertFalse(done.await(700, TimeUnit.MILLISECONDS), "undecided while the cache lags (7 refresh timeouts)");
        assertEquals(List.of(), producer.history());
        assertEquals(List.of(), fatal);

        arrives.run();
        assertTrue(done.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(List.of(delivery.deliveryId()), endpoint.awaitRequests(1, WAIT).stream()
                .map(request -> request.header("webhook-id")).toList());
        assertEquals("delivered", single(attempts()).outcome());
        assertEquals(List.of(), deadLetters());
    }

    @Test
    void stopsTheDispatcherWhenTheSubscriptionsNeverCatchUp() throws Exception {
        start(true, Duration.ofMillis(20));
        publishLater(subscription("sub_new").url("http://127.0.0.1:9/never").build()); // never read

        CountDownLatch done = process(delivery("evt_1", "sub_new").build());

        await("the dispatcher told to stop").atMost(WAIT).until(() -> !fatal.isEmpty());
        HooklineException e = assertInstanceOf(HooklineException.class, fatal.get(0));
        assertTrue(e.getMessage().startsWith("the subscriptions did not catch up with their topic within"),
                e.getMessage());
        assertEquals(1, done.getCount());
        assertEquals(List.of(), producer.history(), "nothing decided on stale subscriptions");
    }

    @Test
    void stopsTheDispatcherWhenTheCacheFailedInsteadOfDecidingOnWhatItHeld() throws Exception {
        start(true, Duration.ofSeconds(5));
        subscriptionConsumer.setPollException(new KafkaException("the cluster is gone"));
        await("the cache stopped").atMost(WAIT).until(() -> !cache.isReady());

        CountDownLatch done = process(delivery("evt_1", "sub_unknown").build());

        await("the dispatcher told to stop").atMost(WAIT).until(() -> !fatal.isEmpty());
        HooklineException e = assertInstanceOf(HooklineException.class, fatal.get(0));
        assertTrue(e.getMessage().contains("the cluster is gone"), e.getMessage());
        assertEquals(1, done.getCount());
        assertEquals(List.of(), producer.history(), "not dead-lettered as deleted");
    }

    @Test
    void recordsOutcomesOnTheExecutorNeverOnHttpOrDeadlineThreads() throws Exception {
        Endpoint ok = receiver.endpoint(TestTopics.unique("threads-ok"), List.of());
        Endpoint slow = receiver.endpoint(TestTopics.unique("threads-slow"), List.of());
        slow.reply(Reply.stall(REQUEST_TIMEOUT.multipliedBy(3)));
        Endpoint gone = receiver.endpoint(TestTopics.unique("threads-gone"), List.of());
        gone.reply(Reply.status(410));
        publish(subscription("sub_ok").url(ok.url()).build());
        publish(subscription("sub_slow").url(slow.url()).build());
        publish(subscription("sub_gone").url(gone.url()).build());
        start(true, Duration.ofSeconds(5));

        List<CountDownLatch> done = List.of(process(delivery("evt_1", "sub_ok").build()),
                process(delivery("evt_2", "sub_slow").build()), process(delivery("evt_3", "sub_gone").build()));
        for (CountDownLatch latch : done) {
            assertTrue(latch.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        }

        assertEquals(Map.of("sub_ok", "delivered", "sub_slow", "retry", "sub_gone", "failed"), attempts().stream()
                .collect(java.util.stream.Collectors.toMap(Attempt::subscriptionId, Attempt::outcome)));
        assertEquals(1, deadLetters().size());
        List<ProducerRecord<String, byte[]>> retries = producer.history().stream()
                .filter(record -> record.topic().equals(TOPICS.retry(Duration.ofSeconds(1)).name())).toList();
        assertEquals(1, retries.size(), "the timed-out attempt is queued on the first tier");
        Delivery next = Json.read(retries.get(0).value(), Delivery.class);
        assertEquals(2, next.attempt());
        assertEquals("sub_slow", retries.get(0).key());
        assertEquals(5, producer.sendingThreads.size(), "3 attempts, 1 dead letter, 1 retry");
        for (String thread : producer.sendingThreads) {
            assertTrue(thread.startsWith("test-outcome-"), "written on " + thread);
        }
    }

    @Test
    void beyondItsEndpointsBoundADeliveryWaitsForAPlaceAndBeyondTheWaitersGoesToTheFirstTier() throws Exception {
        Endpoint busy = receiver.endpoint(TestTopics.unique("busy"), List.of());
        busy.reply(Reply.stall(Duration.ofMillis(100))); // then 200: a busy endpoint, not a failing one
        publish(subscription("sub_busy").url(busy.url()).build());
        start(true, Duration.ofSeconds(5));

        // bound 10: 10 sent at once, 10 wait (the floor, as the endpoint has not answered yet), 5 diverted
        List<CountDownLatch> done = new ArrayList<>();
        for (int n = 1; n <= 25; n++) {
            done.add(process(delivery("evt_" + n, "sub_busy").build()));
        }
        for (CountDownLatch latch : done) {
            assertTrue(latch.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        }

        assertEquals(20, busy.requests().size());
        assertEquals(20, attempts().stream().filter(a -> a.outcome().equals("delivered")).count());
        assertEquals(10, registry.counter(DispatcherMetrics.WAITED).getCount());
        assertEquals(5, registry.counter(DispatcherMetrics.DIVERTED).getCount());
        List<Delivery> diverted = producer.history().stream()
                .filter(record -> record.topic().equals(TOPICS.retry(Duration.ofSeconds(1)).name()))
                .map(record -> Json.read(record.value(), Delivery.class)).toList();
        assertEquals(5, diverted.size());
        assertTrue(diverted.stream().allMatch(d -> d.attempt() == 1), "diverted without using an attempt");
    }

    private void start(boolean autoComplete, Duration refreshTimeout) throws Exception {
        subscriptionConsumer.updatePartitions(SUBSCRIPTIONS, List.of(new PartitionInfo(SUBSCRIPTIONS, 0, null, null,
                null)));
        subscriptionConsumer.updateBeginningOffsets(Map.of(P0, 0L));
        subscriptionConsumer.updateEndOffsets(Map.of(P0, subscriptionsEnd));
        cache.start();
        assertTrue(cache.awaitReady(WAIT));
        producer = new RecordingProducer(autoComplete);
        processor = new DeliveryProcessor(cache, new WebhookRequestFactory("Hookline/test"), http,
                new ResponseClassifier(Clock.systemUTC(), Duration.ofMinutes(1)),
                new OutcomeWriter(producer, TOPICS, executor, letter -> { }),
                new RetryPlanner(RetrySchedule.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), TOPICS,
                        Clock.systemUTC(), new java.util.Random(1)), new EndpointLimiter(10),
                new EndpointCircuits(new EndpointCircuits.Settings(100, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                        Clock.systemUTC(), endpoint -> { }), AttemptHealth.NONE, metrics,
                Clock.systemUTC(), executor, refreshTimeout, fatal::add);
    }

    /** Publishes before {@link #start}: the cache reads it while loading. */
    private void publish(Subscription subscription) {
        publishLater(subscription).run();
    }

    /**
     * Publishes {@code subscription}: the topic's end moves at once; the record reaches the
     * cache only once the returned task runs.
     */
    private Runnable publishLater(Subscription subscription) {
        long offset = subscriptionsEnd++;
        subscriptionConsumer.updateEndOffsets(Map.of(P0, subscriptionsEnd));
        return () -> whenAssigned(() -> subscriptionConsumer.addRecord(new ConsumerRecord<>(SUBSCRIPTIONS, 0, offset,
                subscription.id(), Json.write(subscription))));
    }

    private void whenAssigned(Runnable task) {
        subscriptionConsumer.schedulePollTask(() -> {
            if (subscriptionConsumer.assignment().contains(P0)) {
                task.run();
            } else {
                whenAssigned(task);
            }
        });
    }

    private CountDownLatch process(Delivery delivery) {
        CountDownLatch done = new CountDownLatch(1);
        processor.process(new ConsumerRecord<>(DELIVERIES, 0, deliveryOffset++, delivery.subscriptionId(),
                Json.write(delivery)), done::countDown);
        return done;
    }

    private List<Attempt> attempts() {
        return producer.history().stream().filter(record -> record.topic().equals(TOPICS.attempts().name()))
                .map(record -> Json.read(record.value(), Attempt.class)).toList();
    }

    private List<DeadLetter> deadLetters() {
        return producer.history().stream().filter(record -> record.topic().equals(TOPICS.deadLetter().name()))
                .map(record -> Json.read(record.value(), DeadLetter.class)).toList();
    }

    private static <T> T single(List<T> items) {
        assertEquals(1, items.size(), items.toString());
        return items.get(0);
    }

    /** Notes the thread of every send. */
    private static final class RecordingProducer extends MockProducer<String, byte[]> {
        final List<String> sendingThreads = new CopyOnWriteArrayList<>();

        RecordingProducer(boolean autoComplete) {
            super(autoComplete, null, new StringSerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            sendingThreads.add(Thread.currentThread().getName());
            return super.send(record, callback);
        }
    }

    private static final class NamedThreads implements java.util.concurrent.ThreadFactory {
        private final String prefix;
        private final AtomicInteger count = new AtomicInteger();

        NamedThreads(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
