package io.hookline.deadletter.internal;

import java.util.function.LongSupplier;

/**
 * Spaces sends to at most a given rate: the n-th send is due 1/rate after the one before it,
 * never earlier. A pause (the caller was slow) is not made up for with a burst. Pure: the
 * caller waits as it can (a poll, not a sleep).
 */
public final class Pacer {
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private long nextDue;
    private boolean started;

    /** @param perSecond records a second; 0 = no limit */
    public Pacer(double perSecond, LongSupplier nanoTime) {
        this.intervalNanos = perSecond <= 0 ? 0 : Math.max(1, Math.round(1_000_000_000d / perSecond));
        this.nanoTime = nanoTime;
    }

    /** How long until the next send is due; 0 = now. */
    public long waitNanos() {
        if (intervalNanos == 0 || !started) {
            return 0;
        }
        return Math.max(0, nextDue - nanoTime.getAsLong());
    }

    /** A record was sent now. */
    public void sent() {
        if (intervalNanos == 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        nextDue = (started ? Math.max(nextDue, now) : now) + intervalNanos;
        started = true;
    }
}
