package io.hookline.dispatcher.internal;

import io.hookline.common.HooklineException;
import io.hookline.common.LogSafe;
import io.hookline.common.kafka.TopicDescriber;
import io.hookline.common.lifecycle.Loop;
import io.hookline.common.lifecycle.LoopRunner;
import io.hookline.common.secrets.SecretOpener;
import io.hookline.common.wire.Subscription;
import io.hookline.common.wire.SubscriptionRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every subscription as it is now, read from the compacted subscriptions topic: all its
 * partitions, from the beginning, without a consumer group. Ready once it has read up to the
 * end offsets the topic had when it started, so deliveries are never judged against a
 * half-loaded table. Runs on a thread of its own ({@link LoopRunner}); lookups are thread-safe.
 *
 * <p>Partitions added to the topic later are found on every {@link #refresh()} and at least
 * every {@code partitionCheckInterval}, and read from their beginning too. A timeout talking
 * to the cluster (a broker hiccup) is tried again; any other error stops the cache, and with
 * it the dispatcher, rather than let it decide on stale subscriptions.
 *
 * <p>Records are read by {@link SubscriptionRecord#read}, as every reader does. A tombstone
 * deletes. A record that does not read as a valid {@link Subscription} is counted and logged
 * without secrets; it also replaces the previous value, since the admin meant to change that
 * subscription, and the dispatcher must not go on using stale secrets or a stale URL.
 *
 * <p>Sealed secrets and header values are opened here, once per record read, not per request.
 * A record that does not open (sealed to a key this dispatcher lacks, or moved from another
 * subscription) is invalid like any other, with the reason, which names the key and never a secret.
 */
public final class SubscriptionReplica implements AutoCloseable {
    /** How often a running cache looks for partitions added to the topic, besides on every refresh. */
    public static final Duration PARTITION_CHECK_INTERVAL = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(SubscriptionReplica.class);
    /** Short, as it bounds how long a {@link #refresh()} waits to start. */
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    /**
     * Bounds each call to the cluster (metadata, end offsets, positions) so that a broker
     * hiccup does not hold the cache thread for the clients' default minute: it polls, then
     * tries again.
     */
    private static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Consumer<String, byte[]> consumer;
    private final TopicDescriber describer;
    private final String topic;
    private final DispatcherMetrics metrics;
    private final SecretOpener opener;
    private final long partitionCheckNanos;
    private final Map<String, Lookup> subscriptions = new ConcurrentHashMap<>();
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final LoopRunner runner;
    private final Queue<CompletableFuture<Void>> refreshRequests = new ConcurrentLinkedQueue<>();
    /**
     * Refreshes asked for whose end offsets are not taken yet, then those waiting to catch up
     * with them. The cache thread's while it runs; guarded by {@code refreshes} once it stopped.
     */
    private final List<CompletableFuture<Void>> unstarted = new ArrayList<>();
    private final List<Refresh> refreshes = new ArrayList<>();
    /** Replica thread only: the partitions assigned, and the end offsets to load before ready. */
    private final Set<TopicPartition> assigned = new LinkedHashSet<>();
    private Map<TopicPartition, Long> loadTarget;
    private long nextPartitionCheck = System.nanoTime();
    private boolean partitionCheckDue = true;
    private long startedNanos;
    private volatile boolean ready;
    private volatile boolean stopped;

    /** What a lookup by id finds. */
    public sealed interface Lookup permits Active, Missing, Invalid {
    }

    /**
     * The subscription as last published; it may be disabled.
     *
     * @param subscription its secrets and header values opened, for sending
     * @param stored       as the record holds it, sealed values still sealed: what may be written back
     */
    public record Active(Subscription subscription, Subscription stored) implements Lookup {
        /** A subscription that holds nothing sealed. */
        public Active(Subscription subscription) {
            this(subscription, subscription);
        }
    }

    /** Never published, or deleted. */
    public record Missing() implements Lookup {
    }

    /** Last published as a record that is not a valid subscription. */
    public record Invalid(String reason) implements Lookup {
    }

    private static final Missing MISSING = new Missing();

    /** Requests waiting until the cache has read up to {@code ends}. */
    private record Refresh(Map<TopicPartition, Long> ends, List<CompletableFuture<Void>> waiting) {
    }

    /**
     * @param consumer               a consumer without group, reading keys as strings and values as bytes
     * @param describer              finds the topic's partitions, including ones added while running
     * @param partitionCheckInterval how often to look for added partitions besides on every refresh
     */
    public SubscriptionReplica(Consumer<String, byte[]> consumer, TopicDescriber describer, String topic,
                               DispatcherMetrics metrics, Duration partitionCheckInterval) {
        this(consumer, describer, topic, metrics, partitionCheckInterval, SecretOpener.none());
    }

    /** @param opener opens sealed secrets and header values: the dispatchers' private keys */
    public SubscriptionReplica(Consumer<String, byte[]> consumer, TopicDescriber describer, String topic,
                               DispatcherMetrics metrics, Duration partitionCheckInterval, SecretOpener opener) {
        this.consumer = consumer;
        this.describer = describer;
        this.topic = topic;
        this.metrics = metrics;
        this.opener = opener;
        this.partitionCheckNanos = partitionCheckInterval.toNanos();
        this.runner = new LoopRunner("hookline-subscriptions", new Reader());
    }

    /** Starts reading on a thread of its own. */
    public void start() {
        runner.start();
    }

    public Lookup lookup(String id) {
        return subscriptions.getOrDefault(id, MISSING);
    }

    /** True once everything published before the start has been read. */
    public boolean isReady() {
        return ready && runner.failure().isEmpty();
    }

    /**
     * Waits until {@linkplain #isReady() ready}, at most {@code timeout}.
     *
     * @return whether it is ready
     * @throws HooklineException when the cache stopped on an error
     */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        throwIfFailed();
        return ready;
    }

    /** @throws HooklineException when the cache stopped on an error; lookups would be stale */
    public void throwIfFailed() {
        Throwable e = runner.failure().orElse(null);
        if (e != null) {
            throw stoppedBy(e);
        }
    }

    private static HooklineException stoppedBy(Throwable e) {
        return new HooklineException("the subscription replica stopped: " + e.getMessage(), e);
    }

    /**
     * Completes once the cache has read everything published to the topic before this call,
     * partitions added since the start included. A delivery can name a subscription the router
     * has seen and this cache not yet (just created, just enabled): look again after this,
     * before dead-lettering it.
     *
     * <p>If the cache stopped, the future fails at once: with a {@link HooklineException} when
     * an error stopped it, with a {@link java.util.concurrent.CancellationException} when it
     * was closed. Either way, what it holds may be stale.
     */
    public CompletableFuture<Void> refresh() {
        CompletableFuture<Void> refreshed = new CompletableFuture<>();
        refreshRequests.add(refreshed);
        if (stopped) {
            completeRefreshes();
        }
        return refreshed;
    }

    /** Active subscriptions, for a gauge. */
    public int size() {
        return (int) subscriptions.values().stream().filter(Active.class::isInstance).count();
    }

    /**
     * Replica thread: one round of the loop. Every step that asks the cluster may throw a
     * {@link TimeoutException}; each leaves the state so that the next round can try again.
     */
    private void step() {
        // first, so that records keep coming in while the cluster is slow to answer the rest
        if (!assigned.isEmpty()) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                apply(record);
            }
        }
        if (takeRefreshRequests()) {
            // a refresh must see partitions added before it was asked for
            partitionCheckDue = true;
        }
        if (partitionCheckDue || System.nanoTime() - nextPartitionCheck >= 0) {
            assignNewPartitions();
            partitionCheckDue = false;
            nextPartitionCheck = System.nanoTime() + partitionCheckNanos;
        }
        if (!ready) {
            if (loadTarget == null) {
                loadTarget = new HashMap<>(consumer.endOffsets(assigned, CLUSTER_TIMEOUT));
            }
            if (caughtUp(loadTarget)) {
                ready = true;
                loaded.countDown();
                log.info("Loaded {} subscriptions from {} in {} ms", size(), topic,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
            }
        }
        if (ready) {
            progressRefreshes();
        }
    }

    /** Replica thread: moves the refreshes asked for since the last round to {@code unstarted}. */
    private boolean takeRefreshRequests() {
        boolean any = false;
        CompletableFuture<Void> request;
        while ((request = refreshRequests.poll()) != null) {
            unstarted.add(request);
            any = true;
        }
        return any;
    }

    /** Replica thread: assigns partitions the topic has and the cache does not read yet, from their beginning. */
    private void assignNewPartitions() {
        List<TopicPartition> partitions = describer.existing(topic, CLUSTER_TIMEOUT);
        List<TopicPartition> added = partitions.stream().filter(partition -> !assigned.contains(partition)).toList();
        if (added.isEmpty()) {
            return;
        }
        // Not ready yet: what is in them belongs to what must be loaded first. Asked before
        // anything changes, so that a timeout leaves the assignment as it was.
        Map<TopicPartition, Long> addedEnds = !ready && loadTarget != null
                ? consumer.endOffsets(added, CLUSTER_TIMEOUT) : Map.of();
        boolean first = assigned.isEmpty();
        assigned.addAll(added);
        consumer.assign(List.copyOf(assigned));
        consumer.seekToBeginning(added);
        if (loadTarget != null) {
            loadTarget.putAll(addedEnds);
        }
        if (!first) {
            log.info("Reading {} partition(s) added to {}: {}", added.size(), topic, added);
        }
    }

    /** Replica thread: starts the refreshes asked for, completes those caught up. */
    private void progressRefreshes() {
        if (!unstarted.isEmpty()) {
            // one look at the end offsets serves every request made since the last one
            Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, CLUSTER_TIMEOUT);
            refreshes.add(new Refresh(ends, List.copyOf(unstarted)));
            unstarted.clear();
        }
        for (Iterator<Refresh> pending = refreshes.iterator(); pending.hasNext(); ) {
            Refresh refresh = pending.next();
            if (caughtUp(refresh.ends())) {
                refresh.waiting().forEach(waiting -> waiting.complete(null));
                pending.remove();
            }
        }
    }

    /** Once stopped: fails every refresh still pending, as what the cache holds may be stale. */
    private void completeRefreshes() {
        synchronized (refreshes) {
            takeRefreshRequests();
            refreshes.forEach(refresh -> unstarted.addAll(refresh.waiting()));
            refreshes.clear();
            Throwable cause = runner.failure().orElse(null);
            for (CompletableFuture<Void> waiting : unstarted) {
                if (cause != null) {
                    waiting.completeExceptionally(stoppedBy(cause));
                } else {
                    waiting.cancel(false);
                }
            }
            unstarted.clear();
        }
    }

    private boolean caughtUp(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey(), CLUSTER_TIMEOUT) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    void apply(ConsumerRecord<String, byte[]> record) {
        SubscriptionRecord stored = SubscriptionRecord.read(record.key(), record.value());
        SubscriptionRecord read = stored == null ? null : stored.open(opener);
        if (read == null) {
            metrics.invalidSubscription();
            log.warn("Skipped a subscription without key at {}-{}@{}", record.topic(), record.partition(),
                    record.offset());
        } else if (read instanceof SubscriptionRecord.Deleted) {
            subscriptions.remove(read.id());
            log.debug("Subscription {} deleted", LogSafe.printable(read.id()));
        } else if (read instanceof SubscriptionRecord.Valid valid) {
            Lookup previous = subscriptions.put(read.id(),
                    new Active(valid.subscription(), ((SubscriptionRecord.Valid) stored).subscription()));
            log.debug("Subscription {} {}", read.id(), previous instanceof Active ? "updated" : "added");
        } else if (read instanceof SubscriptionRecord.Invalid invalid) {
            subscriptions.put(read.id(), new Invalid(invalid.reason()));
            metrics.invalidSubscription();
            log.warn("Subscription {} at {}-{}@{} is invalid and gets no deliveries until fixed: {}",
                    LogSafe.printable(read.id()), record.topic(), record.partition(), record.offset(),
                    invalid.reason());
        }
    }

    /** The replica's thread: the loop that reads the topic. */
    private final class Reader implements Loop {
        @Override
        public void open() {
            startedNanos = System.nanoTime();
        }

        /** One round; a timeout talking to the cluster is tried again next round. */
        @Override
        public void runOnce() {
            try {
                step();
            } catch (TimeoutException e) {
                log.warn("Reading the subscriptions from {} is slow, trying again: {}", topic, e.getMessage());
            }
        }

        @Override
        public void wakeup() {
            consumer.wakeup();
        }

        /** After the last round: releases the consumer; nobody waits on a stopped replica. */
        @Override
        public void close() {
            try {
                consumer.close();
            } finally {
                stopped = true;
                loaded.countDown();
                // what it holds may be stale now: refreshes fail
                completeRefreshes();
            }
        }
    }

    /** Stops reading and waits for the replica's thread, at most 30 s. Safe from any thread, more than once. */
    @Override
    public void close() {
        runner.close(CLOSE_TIMEOUT);
    }
}
