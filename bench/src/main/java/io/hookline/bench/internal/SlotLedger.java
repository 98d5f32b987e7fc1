package io.hookline.bench.internal;

import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivery slots seen per run, from a topic the harness reads (dead letters, or the router's
 * deliveries): a bit per slot, the duplicates, and the arrivals over time. Written by one
 * reader thread, read by the harness.
 */
public final class SlotLedger {
    private final Map<Integer, Entry> runs = new ConcurrentHashMap<>();

    /** Starts counting {@code run}; records of runs not registered are ignored. */
    public void register(RunSpec run, long startMillis) {
        runs.put(run.id(), new Entry(run.layout(), run.events(), new Timeline(startMillis)));
    }

    /** Records event {@code seq} of {@code run} seen for {@code subscriptionId}; ignored if not one of the run's. */
    public void record(int run, long seq, String subscriptionId) {
        Entry entry = runs.get(run);
        if (entry == null || seq < 0 || seq >= entry.events) {
            return;
        }
        int endpoint = entry.layout.endpointOf(subscriptionId);
        long slot = endpoint < 0 ? -1 : entry.layout.slot(seq, endpoint);
        if (slot < 0) {
            entry.foreign.incrementAndGet();
            return;
        }
        synchronized (entry) {
            if (entry.bits.get((int) slot)) {
                entry.duplicates.incrementAndGet();
                return;
            }
            entry.bits.set((int) slot);
        }
        entry.count.incrementAndGet();
        entry.timeline.record(System.currentTimeMillis());
    }

    public long count(int run) {
        Entry entry = runs.get(run);
        return entry == null ? 0 : entry.count.get();
    }

    public long duplicates(int run) {
        Entry entry = runs.get(run);
        return entry == null ? 0 : entry.duplicates.get();
    }

    public BitSet bits(int run) {
        Entry entry = runs.get(run);
        if (entry == null) {
            return new BitSet();
        }
        synchronized (entry) {
            return (BitSet) entry.bits.clone();
        }
    }

    public int[] timeline(int run) {
        Entry entry = runs.get(run);
        return entry == null ? new int[0] : entry.timeline.counts();
    }

    private static final class Entry {
        final Layout layout;
        final long events;
        final Timeline timeline;
        final BitSet bits = new BitSet();
        final AtomicLong count = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong foreign = new AtomicLong();

        Entry(Layout layout, long events, Timeline timeline) {
            this.layout = layout;
            this.events = events;
            this.timeline = timeline;
        }
    }
}
