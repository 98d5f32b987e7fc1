package io.hookline.bench.internal;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Arrivals counted in 10 ms buckets from a start time, thread-safe: enough to read a steady
 * rate off the middle of a run (see {@link #steadyRate}) and to draw it.
 */
public final class Timeline {
    public static final int BUCKET_MILLIS = 10;
    /** Half an hour of buckets: arrivals later than that land in the last one. */
    private static final int BUCKETS = 30 * 60 * 1000 / BUCKET_MILLIS;

    private final long startMillis;
    private final AtomicIntegerArray counts = new AtomicIntegerArray(BUCKETS);

    public Timeline(long startMillis) {
        this.startMillis = startMillis;
    }

    public void record(long nowMillis) {
        int bucket = (int) Math.max(0, Math.min(BUCKETS - 1, (nowMillis - startMillis) / BUCKET_MILLIS));
        counts.incrementAndGet(bucket);
    }

    /** The counts up to the last non-empty bucket. */
    public int[] counts() {
        int last = BUCKETS - 1;
        while (last >= 0 && counts.get(last) == 0) {
            last--;
        }
        int[] copy = new int[last + 1];
        for (int i = 0; i <= last; i++) {
            copy[i] = counts.get(i);
        }
        return copy;
    }

    /**
     * Arrivals per second between the bucket where 5 % of them had arrived and the one where
     * 95 % had: the steady rate, without the start-up before the first and the stragglers
     * after the last. 0 when there are too few arrivals to tell.
     */
    public static double steadyRate(int[] counts) {
        long total = 0;
        for (int c : counts) {
            total += c;
        }
        if (total < 20) {
            return 0;
        }
        long low = (long) Math.ceil(total * 0.05);
        long high = (long) Math.ceil(total * 0.95);
        long seen = 0;
        int from = -1;
        int to = -1;
        long atFrom = 0;
        for (int i = 0; i < counts.length; i++) {
            long before = seen;
            seen += counts[i];
            if (from < 0 && seen >= low) {
                from = i;
                atFrom = before;
            }
            if (seen >= high) {
                to = i;
                break;
            }
        }
        double seconds = (to - from + 1) * BUCKET_MILLIS / 1000.0;
        return (seen - atFrom) / seconds;
    }
}
