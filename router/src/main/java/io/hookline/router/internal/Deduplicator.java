package io.hookline.router.internal;

import io.hookline.common.wire.Event;
import io.hookline.router.RouterMetrics;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops an event whose id was already routed for its tenant less than the dedupe window ago,
 * measured on record timestamps: a producer's re-send is a new record with a new timestamp.
 * The window counts from the first routing; a duplicate does not extend it.
 *
 * <p>The records are keyed by tenant, so one task sees every id of a tenant. The store is a
 * window store whose retention is the window: Streams drops whole expired segments, so old
 * ids need no purge of their own, and its changelog is written in the same transaction as
 * the deliveries, so a restart neither forgets an id nor remembers one it did not route.
 */
public final class Deduplicator extends ContextualFixedKeyProcessor<String, Event, Event> {
    private static final Logger log = LoggerFactory.getLogger(Deduplicator.class);

    private final String storeName;
    private final long windowMillis;
    private final RouterMetrics metrics;
    private WindowStore<String, Long> routed;

    public Deduplicator(String storeName, Duration window, RouterMetrics metrics) {
        this.storeName = storeName;
        this.windowMillis = window.toMillis();
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Event> context) {
        super.init(context);
        this.routed = context.getStateStore(storeName);
    }

    @Override
    public void process(FixedKeyRecord<String, Event> record) {
        String key = storeKey(record.key(), record.value().id());
        long time = record.timestamp();
        // either side: a re-send may carry an earlier timestamp than the first send
        long from = Math.max(0, time - windowMillis + 1);
        long to = time > Long.MAX_VALUE - windowMillis ? Long.MAX_VALUE : time + windowMillis - 1;
        try (WindowStoreIterator<Long> seen = routed.fetch(key, from, to)) {
            if (seen.hasNext()) {
                metrics.eventDuplicate();
                log.debug("Event {} of tenant {} was routed less than {} ms ago; dropped",
                        record.value().id(), record.key(), windowMillis);
                return;
            }
        }
        routed.put(key, time, time);
        context().forward(record);
    }

    /** Tenants and ids never contain '/', so the pair reads back unambiguously. */
    static String storeKey(String tenant, String eventId) {
        return tenant + '/' + eventId;
    }
}
