package io.hookline.dispatcher.internal;

import java.util.NavigableSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * The offsets of one partition whose deliveries are in flight. Deliveries finish in any
 * order; the offset safe to commit is the lowest unfinished one, or one past the last
 * tracked offset when all have finished, so a commit never passes an unfinished delivery.
 * What finished above it goes with the commit as a {@link FinishedAbove} note.
 *
 * <p>A tracker may start from the note of the partition's committed offset, left by its
 * previous owner: the offsets the note says were final are {@linkplain #admit skipped}, the
 * others are pending until they are polled and handed over again.
 *
 * <p>Not thread-safe: owned by the poll thread.
 */
final class OffsetTracker {
    /** Handed over and not finished: one per delivery in flight, so a bit each, unboxed. */
    private final OffsetSet unfinished = new OffsetSet();
    /** Unfinished by the previous owner's note and not polled again yet. */
    private final TreeSet<Long> pending = new TreeSet<>();
    private long next = -1;
    private long committed = -1;
    /** Whether something finished since the last {@link #uncommitted()}: the note changed. */
    private boolean changed;

    OffsetTracker() {
    }

    /** A tracker that goes on from where the previous owner's note left off. */
    OffsetTracker(FinishedAbove earlier) {
        pending.addAll(earlier.unfinished());
        next = earlier.end();
        committed = earlier.committed();
    }

    /** Starts tracking {@code offset}; offsets come in increasing order, as a consumer reads them. */
    public void track(long offset) {
        if (offset < next) {
            throw new IllegalStateException("offset " + offset + " tracked after " + (next - 1));
        }
        pending.clear(); // the log has moved past them (retention): they will never be polled
        unfinished.add(offset);
        next = offset + 1;
    }

    /**
     * A polled record: tracks it and says whether its delivery must be handed over, or was
     * final before, by the previous owner's note, and is skipped.
     */
    public boolean admit(long offset) {
        if (offset >= next) {
            track(offset);
            return true;
        }
        pending.headSet(offset, false).clear(); // skipped by the log: never polled
        if (pending.remove(offset)) {
            unfinished.add(offset);
            return true;
        }
        if (unfinished.contains(offset)) {
            throw new IllegalStateException("offset " + offset + " is in flight already");
        }
        changed = true;
        return false;
    }

    /** Marks {@code offset} finished. */
    public void finish(long offset) {
        if (!unfinished.remove(offset)) {
            throw new IllegalStateException("offset " + offset + " is not in flight");
        }
        changed = true;
    }

    /** The offset to commit: the lowest unfinished one, else one past the last; empty before any. */
    public OptionalLong committable() {
        if (next < 0) {
            return OptionalLong.empty();
        }
        long lowest = next;
        if (!unfinished.isEmpty()) {
            lowest = Math.min(lowest, unfinished.first());
        }
        if (!pending.isEmpty()) {
            lowest = Math.min(lowest, pending.first());
        }
        return OptionalLong.of(lowest);
    }

    /**
     * What to commit if it changed since the last call: the committable offset if it moved past
     * the last one {@linkplain #committed(long) committed}, or what finished above it.
     */
    public Optional<FinishedAbove> uncommitted() {
        OptionalLong offset = committable();
        if (offset.isEmpty() || offset.getAsLong() < committed
                || offset.getAsLong() == committed && !changed) {
            return Optional.empty();
        }
        changed = false;
        NavigableSet<Long> notFinished = unfinished.toSortedSet();
        notFinished.addAll(pending);
        return Optional.of(new FinishedAbove(offset.getAsLong(), next, notFinished));
    }

    /** Records that {@code offset} was committed. */
    public void committed(long offset) {
        committed = Math.max(committed, offset);
    }

    /** A commit failed: the next {@link #uncommitted()} offers what there is again. */
    public void commitFailed() {
        changed = true;
    }

    /** Deliveries handed over and not finished. */
    public int inFlight() {
        return unfinished.size();
    }

    /**
     * How far tracking has run ahead of the committable offset: what a crash would send again
     * if the note did not say what finished.
     */
    public long ahead() {
        OptionalLong offset = committable();
        return offset.isEmpty() ? 0 : next - offset.getAsLong();
    }
}
