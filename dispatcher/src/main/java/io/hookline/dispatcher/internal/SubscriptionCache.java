package io.hookline.dispatcher.internal;

import io.hookline.common.HooklineException;
import io.hookline.common.wire.InvalidRecordException;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Subscription;
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
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every subscription as it is now, read from the compacted subscriptions topic: all its
 * partitions, from the beginning, without a consumer group. Ready once it has read up to the
 * end offsets the topic had when it started, so deliveries are never judged against a
 * half-loaded table. Runs its own thread; lookups are thread-safe.
 *
 * <p>Partitions added to the topic later are found on every {@link #refresh()} and at least
 * every {@code partitionCheckInterval}, and read from their beginning too. A timeout talking
 * to the cluster (a broker hiccup) is tried again; any other error stops the cache, and with
 * it the dispatcher, rather than let it decide on stale subscriptions.
 *
 * <p>A tombstone deletes. A record that does not read as a valid {@link Subscription} is
 * skipped, counted and logged without secrets; it also replaces the previous value, since the
 * admin meant to change that subscription, and the dispatcher must not go on using stale
 * secrets or a stale URL.
 */
public final class SubscriptionCache implements Runnable, AutoCloseable {
    /** How often a running cache looks for partitions added to the topic, besides on every refresh. */
    public static final Duration PARTITION_CHECK_INTERVAL = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(SubscriptionCache.class);
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
    private final PartitionLister lister;
    private final String topic;
    private final DispatcherMetrics metrics;
    private final long partitionCheckNanos;
    private final Map<String, Lookup> subscriptions = new ConcurrentHashMap<>();
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Queue<CompletableFuture<Void>> refreshRequests = new ConcurrentLinkedQueue<>();
    /**
     * Refreshes asked for whose end offsets are not taken yet, then those waiting to catch up
     * with them. The cache thread's while it runs; guarded by {@code refreshes} once it stopped.
     */
    private final List<CompletableFuture<Void>> unstarted = new ArrayList<>();
    private final List<Refresh> refreshes = new ArrayList<>();
    /** Cache thread only: the partitions assigned, and the end offsets to load before ready. */
    private final Set<TopicPartition> assigned = new LinkedHashSet<>();
    private Map<TopicPartition, Long> loadTarget;
    private long nextPartitionCheck = System.nanoTime();
    private boolean partitionCheckDue = true;
    private volatile boolean closed;
    private volatile boolean ready;
    private volatile RuntimeException failure;
    private Thread thread;

    /** What a lookup by id finds. */
    public sealed interface Lookup permits Active, Missing, Invalid {
    }

    /** The subscription as last published; it may be disabled. */
    public record Active(Subscription subscription) implements Lookup {
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
     * @param lister                 finds the topic's partitions, including ones added while running
     * @param partitionCheckInterval how often to look for added partitions besides on every refresh
     */
    public SubscriptionCache(Consumer<String, byte[]> consumer, PartitionLister lister, String topic,
                             DispatcherMetrics metrics, Duration partitionCheckInterval) {
        this.consumer = consumer;
        this.lister = lister;
        this.topic = topic;
        this.metrics = metrics;
        this.partitionCheckNanos = partitionCheckInterval.toNanos();
    }

    /** Starts reading on a thread of its own. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("the subscription cache is started already");
        }
        thread = new Thread(this, "hookline-subscriptions");
        thread.setDaemon(true);
        thread.start();
    }

    public Lookup lookup(String id) {
        return subscriptions.getOrDefault(id, MISSING);
    }

    /** True once everything published before the start has been read. */
    public boolean isReady() {
        return ready && failure == null;
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
        RuntimeException e = failure;
        if (e != null) {
            throw stoppedBy(e);
        }
    }

    private static HooklineException stoppedBy(RuntimeException e) {
        return new HooklineException("the subscription cache stopped: " + e.getMessage(), e);
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
        if (stopped.getCount() == 0) {
            completeRefreshes();
        }
        return refreshed;
    }

    /** Active subscriptions, for a gauge. */
    public int size() {
        return (int) subscriptions.values().stream().filter(Active.class::isInstance).count();
    }

    @Override
    public void run() {
        long started = System.nanoTime();
        try {
            while (!closed) {
                try {
                    step(started);
                } catch (TimeoutException e) {
                    log.warn("Reading the subscriptions from {} is slow, trying again: {}", topic, e.getMessage());
                }
            }
        } catch (WakeupException e) {
            if (!closed) {
                fail(e);
            }
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            consumer.close();
            stopped.countDown();
            // nobody waits on a cache that stopped: what it holds may be stale, refreshes fail
            completeRefreshes();
        }
    }

    /**
     * Cache thread: one round of the loop. Every step that asks the cluster may throw a
     * {@link TimeoutException}; each leaves the state so that the next round can try again.
     */
    private void step(long started) {
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
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            }
        }
        if (ready) {
            progressRefreshes();
        }
    }

    /** Cache thread: moves the refreshes asked for since the last round to {@code unstarted}. */
    private boolean takeRefreshRequests() {
        boolean any = false;
        CompletableFuture<Void> request;
        while ((request = refreshRequests.poll()) != null) {
            unstarted.add(request);
            any = true;
        }
        return any;
    }

    /** Cache thread: assigns partitions the topic has and the cache does not read yet, from their beginning. */
    private void assignNewPartitions() {
        List<TopicPartition> partitions = lister.partitions(topic, CLUSTER_TIMEOUT);
        if (partitions.isEmpty()) {
            throw new HooklineException("topic " + topic + " does not exist; create it with `hookline topics create`");
        }
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

    /** Cache thread: starts the refreshes asked for, completes those caught up. */
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
            RuntimeException cause = failure;
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
        String id = record.key();
        if (id == null) {
            metrics.invalidSubscription();
            log.warn("Skipped a subscription without key at {}-{}@{}", record.topic(), record.partition(),
                    record.offset());
            return;
        }
        if (record.value() == null) {
            subscriptions.remove(id);
            log.debug("Subscription {} deleted", printable(id));
            return;
        }
        try {
            Subscription subscription = Json.read(record.value(), Subscription.class);
            if (!subscription.id().equals(id)) {
                throw new InvalidRecordException("key '" + printable(id) + "' differs from the id in the value");
            }
            Lookup previous = subscriptions.put(id, new Active(subscription));
            log.debug("Subscription {} {}", id, previous instanceof Active ? "updated" : "added");
        } catch (InvalidRecordException e) {
            // InvalidRecordException's messages never hold a secret (common's wire contract).
            String reason = e.getMessage();
            subscriptions.put(id, new Invalid(reason));
            metrics.invalidSubscription();
            log.warn("Subscription {} at {}-{}@{} is invalid and gets no deliveries until fixed: {}", printable(id),
                    record.topic(), record.partition(), record.offset(), reason);
        }
    }

    /** Keys are arbitrary strings: keep log lines one line and short. */
    private static String printable(String text) {
        String cut = text.length() > 128 ? text.substring(0, 128) + "…" : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    private void fail(RuntimeException e) {
        failure = e;
        if (e instanceof HooklineException) {
            log.error("The subscription cache stopped: {}", e.getMessage());
        } else {
            log.error("The subscription cache stopped: {}", e.getMessage(), e);
        }
        loaded.countDown();
    }

    @Override
    public void close() {
        closed = true;
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running == null) {
            consumer.close();
            stopped.countDown();
            completeRefreshes();
            return;
        }
        consumer.wakeup();
        try {
            if (!stopped.await(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("The subscription cache did not stop within {}", CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
