package io.hookline.dispatcher;

import io.hookline.common.Stage;
import com.codahale.metrics.MetricRegistry;
import io.hookline.common.HooklineException;
import io.hookline.common.wire.Topics;
import io.hookline.dispatcher.http.AsyncWebhookClient;
import io.hookline.dispatcher.internal.ClientProperties;
import io.hookline.dispatcher.internal.DeliveryProcessor;
import io.hookline.dispatcher.internal.DispatcherMetrics;
import io.hookline.dispatcher.internal.InFlightDeliveries;
import io.hookline.dispatcher.internal.OutcomeWriter;
import io.hookline.dispatcher.internal.PartitionLister;
import io.hookline.dispatcher.internal.ResponseClassifier;
import io.hookline.dispatcher.internal.SubscriptionCache;
import io.hookline.dispatcher.internal.Version;
import io.hookline.dispatcher.internal.WebhookRequestFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher stage: consumes {@code <prefix>.deliveries} in a consumer group, signs each
 * delivery for its subscription as it is now and POSTs it, records every attempt in
 * {@code <prefix>.attempts}, and dead-letters deliveries whose subscription is deleted,
 * disabled, invalid or now another tenant's, and those whose endpoint answered 410 Gone.
 *
 * <p>Delivery is at least once. An offset is committed only once its delivery's outcome is
 * final and recorded (the attempt or dead letter acknowledged by the broker). Deliveries
 * finish out of order, so each partition commits up to its lowest unfinished offset. When
 * more than {@code dispatcher.max.in.flight} deliveries are in flight, consuming pauses.
 * An attempt that ends in {@link DeliveryOutcome.Fail} is final once recorded and
 * dead-lettered. For now one that ends in {@link DeliveryOutcome.Retry} is final once
 * recorded: retry tiers are not built yet. Outcomes are recorded on a few threads of the
 * dispatcher's own, never on the HTTP client's I/O threads, which a blocking
 * {@code producer.send} would stall.
 *
 * <p>Lifecycle, after the {@code KafkaConsumer} javadoc's consumer-runner pattern:
 * {@link #start()} runs {@link #run()} on a thread of its own (or call {@code run()} on yours);
 * {@link #close()} stops polling, waits up to {@code dispatcher.shutdown.timeout} for deliveries
 * in flight, commits what finished and closes every client. A dispatcher runs once.
 */
public final class Dispatcher implements Runnable, Stage {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final Duration PAUSED_POLL_TIMEOUT = Duration.ofMillis(5);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);
    /** Beyond the shutdown timeout, what closing the Kafka clients may take. */
    private static final Duration CLOSE_MARGIN = Duration.ofSeconds(30);
    /**
     * Threads that record outcomes. Few: the work is short, and when producer.send blocks
     * (buffer full, metadata missing), more threads would block the same way. Their queue is
     * bounded by dispatcher.max.in.flight, as each delivery in flight queues one task at most.
     */
    private static final int OUTCOME_THREADS = 2;
    /** What closing may wait for outcomes being recorded; the producer's close then flushes them. */
    private static final Duration OUTCOME_SHUTDOWN = Duration.ofSeconds(5);

    private final String groupId;
    private final Topics topics;
    private final int maxInFlight;
    private final long commitIntervalNanos;
    private final Duration shutdownTimeout;
    private final DispatcherMetrics metrics;
    private final Consumer<String, byte[]> consumer;
    private final ExecutorService outcomes;
    private final Admin admin;
    private final SubscriptionCache subscriptions;
    private final OutcomeWriter writer;
    private final AsyncWebhookClient http;
    private final DeliveryProcessor processor;
    private final InFlightDeliveries inFlight = new InFlightDeliveries();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile boolean polling;
    private volatile Thread runner;
    private long lastCommitNanos = System.nanoTime();

    /** Creates the Kafka and HTTP clients; nothing is consumed before {@link #start()} or {@link #run()}. */
    public Dispatcher(DispatcherConfig config, MetricRegistry registry) {
        this.groupId = config.groupId();
        this.topics = config.topics();
        this.maxInFlight = config.maxInFlight();
        this.commitIntervalNanos = config.commitInterval().toNanos();
        this.shutdownTimeout = config.shutdownTimeout();
        this.metrics = new DispatcherMetrics(registry);
        List<AutoCloseable> created = new ArrayList<>();
        outcomes = Executors.newFixedThreadPool(OUTCOME_THREADS, outcomeThreads());
        created.add(this::stopOutcomes);
        try {
            consumer = add(created, new KafkaConsumer<>(ClientProperties.deliveryConsumer(config)));
            admin = add(created, Admin.create(ClientProperties.admin(config)));
            subscriptions = add(created, new SubscriptionCache(
                    new KafkaConsumer<>(ClientProperties.subscriptionConsumer(config)), PartitionLister.of(admin),
                    topics.subscriptions().name(), metrics, SubscriptionCache.PARTITION_CHECK_INTERVAL));
            writer = add(created, new OutcomeWriter(new KafkaProducer<>(ClientProperties.producer(config)), topics,
                    outcomes));
            http = add(created, AsyncWebhookClient.start(new AsyncWebhookClient.Settings(config.httpConnectTimeout(),
                    config.httpRequestTimeout(), config.httpMaxResponseBytes(), config.httpMaxConnections(),
                    config.httpMaxConnectionsPerRoute(), config.egressPolicy())));
        } catch (RuntimeException e) {
            closeAll(created, e);
            throw e;
        }
        Clock clock = Clock.systemUTC();
        processor = new DeliveryProcessor(subscriptions, new WebhookRequestFactory(Version.userAgent()), http,
                new ResponseClassifier(clock, config.retryAfterMax()), writer, metrics, clock, outcomes,
                DeliveryProcessor.REFRESH_TIMEOUT, this::fatal);
        metrics.gauge(DispatcherMetrics.IN_FLIGHT, inFlight::count);
        metrics.gauge(DispatcherMetrics.SUBSCRIPTIONS, subscriptions::size);
    }

    /** Runs {@link #run()} on a new thread named {@code hookline-dispatcher}. */
    @Override
    public synchronized void start() {
        if (started.get()) {
            throw new IllegalStateException("a Dispatcher runs once");
        }
        Thread thread = new Thread(this, "hookline-dispatcher");
        // run() has logged whatever ends it; the default handler would print it a second time.
        thread.setUncaughtExceptionHandler((t, e) -> {
            if (e != failure.get()) {
                log.error("The dispatcher thread died", e);
            }
        });
        thread.start();
    }

    /**
     * True while the dispatcher is ready: its subscriptions are loaded and it is polling
     * deliveries. For {@code /readyz}.
     */
    @Override
    public boolean isRunning() {
        return polling && !closed && failure.get() == null && subscriptions.isReady();
    }

    /** What stopped the dispatcher, if something did. */
    @Override
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /**
     * Consumes until {@link #close()}: the poll loop. Ends with an exception when something
     * the dispatcher cannot work around happens (a topic missing, the attempts topic not
     * writable, Kafka refusing access); what finished until then is committed.
     */
    @Override
    public void run() {
        if (!started.compareAndSet(false, true)) {
            if (closed) {
                return;
            }
            throw new IllegalStateException("a Dispatcher runs once");
        }
        runner = Thread.currentThread();
        try {
            subscriptions.start();
            checkTopics();
            writer.warmUp();
            if (awaitSubscriptions()) {
                consumer.subscribe(List.of(topics.deliveries().name()), new Rebalance());
                log.info("Dispatching from {} as group {}", topics.deliveries().name(), groupId);
                while (!closed) {
                    pollOnce();
                }
            }
        } catch (WakeupException e) {
            if (!closed) {
                // Only close() and fatal() wake the consumer; this was fatal().
                throw stop(recorded(e));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            throw stop(e);
        } finally {
            polling = false;
            shutDown();
            stopped.countDown();
        }
    }

    private void pollOnce() {
        throwIfFailed();
        inFlight.drain();
        commitIfDue();
        boolean paused = applyBackpressure();
        // Paused, the poll only keeps the group membership alive: return soon to resume soon.
        for (ConsumerRecord<String, byte[]> record : consumer.poll(paused ? PAUSED_POLL_TIMEOUT : POLL_TIMEOUT)) {
            Runnable done = inFlight.track(new TopicPartition(record.topic(), record.partition()), record.offset());
            processor.process(record, done);
        }
        polling = true;
    }

    private void throwIfFailed() {
        if (failure.get() != null) {
            throw recorded(null);
        }
        subscriptions.throwIfFailed();
    }

    /** The failure fatal() recorded, as an exception to end run() with; else {@code otherwise}. */
    private RuntimeException recorded(RuntimeException otherwise) {
        Throwable e = failure.get();
        if (e == null) {
            return otherwise;
        }
        return e instanceof HooklineException known ? known
                : new HooklineException("cannot record the outcome of deliveries: " + e.getMessage(), e);
    }

    private void checkTopics() {
        for (String topic : List.of(topics.deliveries().name(), topics.attempts().name(),
                topics.deadLetter().name())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, METADATA_TIMEOUT);
            if (partitions == null || partitions.isEmpty()) {
                throw new HooklineException("topic " + topic + " does not exist; create it with `hookline topics create`");
            }
        }
    }

    private boolean awaitSubscriptions() throws InterruptedException {
        log.info("Waiting for the subscriptions to load before dispatching");
        while (!closed) {
            if (subscriptions.awaitReady(POLL_TIMEOUT)) {
                return true;
            }
        }
        return false;
    }

    private void commitIfDue() {
        long now = System.nanoTime();
        if (now - lastCommitNanos < commitIntervalNanos) {
            return;
        }
        lastCommitNanos = now;
        Map<TopicPartition, OffsetAndMetadata> offsets = inFlight.uncommitted(consumer.assignment());
        if (!offsets.isEmpty()) {
            // The callback runs on this thread, inside a later poll or commit.
            consumer.commitAsync(offsets, (committed, e) -> {
                if (e == null) {
                    inFlight.committed(committed);
                } else {
                    log.warn("Committing offsets failed, the next commit tries again: {}", e.toString());
                }
            });
        }
    }

    /**
     * Pauses every assigned partition while too much is in flight; never sleeps, polling goes on.
     *
     * @return whether consuming is paused
     */
    private boolean applyBackpressure() {
        if (inFlight.count() >= maxInFlight) {
            consumer.pause(consumer.assignment());
            return true;
        }
        if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
        return false;
    }

    /** Waits (bounded) for the deliveries of {@code partitions}, then commits what finished. */
    private void finishAndCommit(Collection<TopicPartition> partitions, Duration timeout) {
        try {
            int unfinished = inFlight.awaitFinished(partitions, timeout);
            if (unfinished > 0) {
                log.warn("{} deliveries still in flight after {} s; their offsets stay uncommitted and they will be "
                        + "sent again", unfinished, timeout.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = inFlight.uncommitted(partitions);
        if (offsets.isEmpty()) {
            return;
        }
        try {
            commitSync(offsets);
            inFlight.committed(offsets);
        } catch (KafkaException e) {
            log.warn("Could not commit offsets {}; deliveries after them will be sent again: {}", offsets,
                    e.toString());
        }
    }

    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            // close() woke the consumer while it was not polling; the wakeup is spent now.
            consumer.commitSync(offsets);
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                finishAndCommit(partitions, shutdownTimeout);
                inFlight.forget(partitions);
                log.info("Partitions revoked: {}", partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            inFlight.forget(partitions);
            log.warn("Partitions lost, their deliveries in flight will be sent again by their new owner: {}",
                    partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                log.info("Partitions assigned: {}", partitions);
            }
        }
    }

    /** Producer or HTTP threads: a delivery could not be made final. Stops the dispatcher. */
    private void fatal(Throwable e) {
        if (closed) {
            log.debug("After close: {}", e.toString());
            return;
        }
        if (failure.compareAndSet(null, e)) {
            log.error("Cannot record delivery outcomes, stopping: {}", e.toString(), e);
            consumer.wakeup();
        }
    }

    private RuntimeException stop(RuntimeException e) {
        failure.set(e);
        log.error("The dispatcher stopped: {}", e.getMessage(), e);
        return e;
    }

    private void shutDown() {
        try {
            finishAndCommit(consumer.assignment(), shutdownTimeout);
            inFlight.forget(consumer.assignment());
        } catch (RuntimeException e) {
            log.warn("Could not finish cleanly: {}", e.toString());
        }
        // http before outcomes, whose tasks it submits; outcomes before the writer they use
        closeAll(List.of(consumer, http, this::stopOutcomes, () -> writer.close(shutdownTimeout), subscriptions,
                admin, metrics), null);
        log.info("Dispatcher stopped");
    }

    /**
     * Stops polling, waits up to {@code dispatcher.shutdown.timeout} for deliveries in flight,
     * commits what finished and closes the clients. Safe to call more than once and from any thread.
     */
    @Override
    public void close() {
        closed = true;
        if (started.compareAndSet(false, true)) {
            // Never ran: nothing was consumed, only the clients need closing.
            closeAll(List.of(consumer, http, this::stopOutcomes, writer, subscriptions, admin, metrics), null);
            stopped.countDown();
            return;
        }
        consumer.wakeup();
        if (Thread.currentThread() == runner) {
            return;
        }
        try {
            Duration wait = shutdownTimeout.plus(CLOSE_MARGIN);
            if (!stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("The dispatcher did not stop within {} s", wait.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopOutcomes() {
        outcomes.shutdown();
        try {
            if (!outcomes.awaitTermination(OUTCOME_SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Outcomes still being recorded after {} s; their deliveries will be sent again",
                        OUTCOME_SHUTDOWN.toSeconds());
                outcomes.shutdownNow();
            }
        } catch (InterruptedException e) {
            outcomes.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory outcomeThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "hookline-outcome-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static <T extends AutoCloseable> T add(List<AutoCloseable> created, T closeable) {
        created.add(closeable);
        return closeable;
    }

    private static void closeAll(List<AutoCloseable> closeables, RuntimeException cause) {
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                if (cause != null) {
                    cause.addSuppressed(e);
                } else {
                    log.warn("Closing {} failed: {}", closeable.getClass().getSimpleName(), e.toString());
                }
            }
        }
    }
}
