package io.hookline.dispatcher.internal;

import io.hookline.common.HooklineException;
import io.hookline.common.wire.InvalidRecordException;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every subscription as it is now, read from the compacted subscriptions topic: all its
 * partitions, from the beginning, without a consumer group. Ready once it has read up to the
 * end offsets the topic had when it started, so deliveries are never judged against a
 * half-loaded table. Runs its own thread; lookups are thread-safe.
 *
 * <p>A tombstone deletes. A record that does not read as a valid {@link Subscription} is
 * skipped, counted and logged without secrets; it also replaces the previous value, since the
 * admin meant to change that subscription, and the dispatcher must not go on using stale
 * secrets or a stale URL.
 */
public final class SubscriptionCache implements Runnable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SubscriptionCache.class);
    /** Short, as it bounds how long a {@link #refresh()} waits to start. */
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final DispatcherMetrics metrics;
    private final Map<String, Lookup> subscriptions = new ConcurrentHashMap<>();
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Queue<CompletableFuture<Void>> refreshRequests = new ConcurrentLinkedQueue<>();
    /** The cache thread's while it runs; guarded by itself once the thread stopped. */
    private final List<Refresh> refreshes = new ArrayList<>();
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

    /** @param consumer a consumer without group, reading keys as strings and values as bytes */
    public SubscriptionCache(Consumer<String, byte[]> consumer, String topic, DispatcherMetrics metrics) {
        this.consumer = consumer;
        this.topic = topic;
        this.metrics = metrics;
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
            throw new HooklineException("the subscription cache stopped: " + e.getMessage(), e);
        }
    }

    /**
     * Completes once the cache has read everything published to the topic before this call
     * (at once if the cache stopped). A delivery can name a subscription the router has seen
     * and this cache not yet (just created, just enabled): look again after this, before
     * dead-lettering it.
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
        try {
            List<TopicPartition> partitions = partitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long started = System.nanoTime();
            while (!closed) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                    apply(record);
                }
                if (!ready && caughtUp(ends)) {
                    ready = true;
                    loaded.countDown();
                    log.info("Loaded {} subscriptions from {} in {} ms", size(), topic,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                }
                if (ready) {
                    progressRefreshes(partitions);
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
            // nobody waits on a cache that stopped: lookups go on with what it has
            completeRefreshes();
        }
    }

    /** Cache thread: starts the refreshes asked for since the last poll, completes those caught up. */
    private void progressRefreshes(List<TopicPartition> partitions) {
        if (!refreshRequests.isEmpty()) {
            List<CompletableFuture<Void>> waiting = new ArrayList<>();
            CompletableFuture<Void> request;
            while ((request = refreshRequests.poll()) != null) {
                waiting.add(request);
            }
            // one look at the end offsets serves every request made since the last one
            refreshes.add(new Refresh(consumer.endOffsets(partitions), waiting));
        }
        for (Iterator<Refresh> pending = refreshes.iterator(); pending.hasNext(); ) {
            Refresh refresh = pending.next();
            if (caughtUp(refresh.ends())) {
                refresh.waiting().forEach(waiting -> waiting.complete(null));
                pending.remove();
            }
        }
    }

    private void completeRefreshes() {
        CompletableFuture<Void> request;
        while ((request = refreshRequests.poll()) != null) {
            request.complete(null);
        }
        synchronized (refreshes) {
            refreshes.forEach(refresh -> refresh.waiting().forEach(waiting -> waiting.complete(null)));
            refreshes.clear();
        }
    }

    private List<TopicPartition> partitions() {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new HooklineException("topic " + topic + " does not exist; create it with `hookline topics create`");
        }
        return infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    }

    private boolean caughtUp(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
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
            if (!stopped.await(METADATA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("The subscription cache did not stop within {}", METADATA_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
