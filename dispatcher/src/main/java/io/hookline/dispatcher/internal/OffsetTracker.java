package io.hookline.dispatcher.internal;

import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * The offsets of one partition whose deliveries are in flight. Deliveries finish in any
 * order; the offset safe to commit is the lowest unfinished one, or one past the last
 * tracked offset when all have finished, so a commit never passes an unfinished delivery.
 * Not thread-safe: owned by the poll thread.
 */
final class OffsetTracker {
    private final TreeSet<Long> unfinished = new TreeSet<>();
    private long next = -1;
    private long committed = -1;

    /** Starts tracking {@code offset}; offsets come in increasing order, as a consumer reads them. */
    public void track(long offset) {
        if (offset < next) {
            throw new IllegalStateException("offset " + offset + " tracked after " + (next - 1));
        }
        unfinished.add(offset);
        next = offset + 1;
    }

    /** Marks {@code offset} finished. */
    public void finish(long offset) {
        if (!unfinished.remove(offset)) {
            throw new IllegalStateException("offset " + offset + " is not in flight");
        }
    }

    /** The offset to commit: the lowest unfinished one, else one past the last; empty before any. */
    public OptionalLong committable() {
        if (next < 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(unfinished.isEmpty() ? next : unfinished.first());
    }

    /** The committable offset if it moved past the last one {@linkplain #committed(long) committed}. */
    public OptionalLong uncommitted() {
        OptionalLong offset = committable();
        return offset.isPresent() && offset.getAsLong() > committed ? offset : OptionalLong.empty();
    }

    /** Records that {@code offset} was committed. */
    public void committed(long offset) {
        committed = Math.max(committed, offset);
    }

    public int inFlight() {
        return unfinished.size();
    }
}
