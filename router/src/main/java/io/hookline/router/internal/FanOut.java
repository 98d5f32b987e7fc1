package io.hookline.router.internal;

import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.Event;
import io.hookline.common.wire.FirstDeliveries;
import io.hookline.router.RouterMetrics;
import java.time.Duration;
import java.util.SortedSet;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Fans an event out to its tenant's matching routes: one first-attempt {@link Delivery} per
 * enabled subscription with a pattern matching the event's type, in subscription id order,
 * keyed by subscription id. It forwards each delivery as its JSON bytes ({@link FirstDeliveries}:
 * the body escaped once per event, not once per delivery).
 *
 * <p>A large fan-out goes in chunks of at most {@value #CHUNK_DELIVERIES} deliveries or
 * {@value #CHUNK_BYTES} bytes of bodies (at least one delivery). The first chunk is written
 * when the event is processed; the rest is remembered in a store (event and last subscription
 * id written) and continued by a wall-clock punctuation, one chunk at a time, each followed by a
 * commit request. So one process or punctuate call, and so the wait it imposes on the other
 * tenants of the stream thread, is bounded by a chunk, and so is what a fan-out adds to one
 * transaction, whatever the number of matching subscriptions and the size of the event. The
 * pending store is written in the same transaction as the deliveries, so a crash neither
 * repeats nor skips a chunk. A continued chunk matches the routes as they are then: a
 * subscription deleted or disabled meanwhile gets no more of it.
 */
public final class FanOut extends ContextualProcessor<String, Event, String, byte[]> {
    static final int CHUNK_DELIVERIES = 5_000;
    static final int CHUNK_BYTES = 8 << 20;
    static final Duration CONTINUE_EVERY = Duration.ofMillis(10);

    private final String indexStore;
    private final String pendingStore;
    private final RouterMetrics metrics;
    private final MatchCaches caches;
    private MatchCache cache;
    private TenantRoutes routes;
    private KeyValueStore<String, PendingFanOut> pending;

    /** @param caches the matches per task, shared with the {@link RouteIndexer} that invalidates them */
    public FanOut(String indexStore, String pendingStore, RouterMetrics metrics, MatchCaches caches) {
        this.indexStore = indexStore;
        this.pendingStore = pendingStore;
        this.metrics = metrics;
        this.caches = caches;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        super.init(context);
        cache = caches.of(context.taskId());
        cache.clear(); // the task (re)starts: its index may have been restored or rolled back
        routes = new TenantRoutes(context.getStateStore(indexStore), cache);
        pending = context.getStateStore(pendingStore);
        context.schedule(CONTINUE_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> continueOne());
    }

    @Override
    public void process(Record<String, Event> record) {
        Event event = record.value();
        SortedSet<String> matching = routes.matching(event.tenant(), event.type());
        metrics.eventRouted(matching.size());
        if (!matching.isEmpty() && !writeChunk(event, record.timestamp(), matching)) {
            context().commit();
        }
    }

    @Override
    public void close() {
        cache.clear();
    }

    /** Writes the next chunk of the first pending fan-out, if there is one. */
    private void continueOne() {
        PendingFanOut next;
        try (KeyValueIterator<String, PendingFanOut> all = pending.all()) {
            if (!all.hasNext()) {
                return;
            }
            next = all.next().value;
        }
        Event event = next.event();
        SortedSet<String> rest = routes.matching(event.tenant(), event.type()).tailSet(next.after() + '\0');
        if (writeChunk(event, next.timestamp(), rest)) {
            pending.delete(pendingKey(event));
        }
        context().commit(); // keeps each transaction to about one chunk
    }

    /** Writes a chunk of the deliveries to {@code subscriptionIds}; true if that was the last. */
    private boolean writeChunk(Event event, long timestamp, SortedSet<String> subscriptionIds) {
        // Delivery.first for each, as JSON, with the body written once for all of them
        FirstDeliveries deliveries = new FirstDeliveries(event);
        int bodyBytes = deliveries.bodyBytes();
        int written = 0;
        long bytes = 0;
        String last = null;
        for (String subscriptionId : subscriptionIds) {
            if (written == CHUNK_DELIVERIES || (written > 0 && bytes + bodyBytes > CHUNK_BYTES)) {
                pending.put(pendingKey(event), new PendingFanOut(event, timestamp, last));
                return false;
            }
            context().forward(new Record<>(subscriptionId, deliveries.to(subscriptionId), timestamp));
            written++;
            bytes += bodyBytes;
            last = subscriptionId;
        }
        return true;
    }

    private static String pendingKey(Event event) {
        return event.tenant() + '/' + event.id();
    }
}
