package io.hookline.dispatcher.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The deliveries between being polled and being final, per partition, and the offsets that
 * are safe to commit because of them.
 *
 * <p>Deliveries finish on HTTP and producer threads; they only queue a note here. The poll
 * thread applies the notes ({@link #drain()}) to one {@link OffsetTracker} per partition, so
 * the trackers need no locks. A tracker is replaced when its partition is revoked and assigned
 * again, and notes for a replaced tracker are dropped: they belong to a previous assignment.
 */
public final class InFlightDeliveries {
    private final Map<TopicPartition, OffsetTracker> trackers = new HashMap<>();
    private final LinkedBlockingQueue<Finished> finished = new LinkedBlockingQueue<>();
    private final AtomicInteger count = new AtomicInteger();

    private record Finished(TopicPartition partition, OffsetTracker tracker, long offset) {
    }

    /**
     * Poll thread: tracks a polled record.
     *
     * @return what to run, from any thread, once the record's delivery is final (runs once at
     *         most); empty when it was final before, by the note its partition was committed
     *         with, and is not to be handed over again
     */
    public Optional<Runnable> track(TopicPartition partition, long offset) {
        OffsetTracker tracker = trackers.computeIfAbsent(partition, p -> new OffsetTracker());
        if (!tracker.admit(offset)) {
            return Optional.empty();
        }
        count.incrementAndGet();
        AtomicBoolean done = new AtomicBoolean();
        return Optional.of(() -> {
            if (done.compareAndSet(false, true)) {
                finished.add(new Finished(partition, tracker, offset));
                count.decrementAndGet();
            }
        });
    }

    /**
     * Poll thread: starts tracking a newly assigned partition from the note its committed
     * offset carries, if it carries one, so that what finished before is not sent again.
     *
     * @return how many offsets above the committed one the note says are final
     */
    public long resume(TopicPartition partition, OffsetAndMetadata committed) {
        Optional<FinishedAbove> note = committed == null ? Optional.empty()
                : FinishedAbove.decode(committed.offset(), committed.metadata());
        if (note.isEmpty()) {
            trackers.remove(partition);
            return 0;
        }
        trackers.put(partition, new OffsetTracker(note.get()));
        return note.get().end() - note.get().committed() - note.get().unfinished().size();
    }

    /** Poll thread: how far the partition's tracking has run ahead of its committable offset. */
    public long ahead(TopicPartition partition) {
        OffsetTracker tracker = trackers.get(partition);
        return tracker == null ? 0 : tracker.ahead();
    }

    /** Any thread: deliveries tracked and not yet final, across all partitions. */
    public int count() {
        return count.get();
    }

    /** Poll thread: applies the deliveries that finished since the last call. */
    public void drain() {
        Finished note;
        while ((note = finished.poll()) != null) {
            apply(note);
        }
    }

    /**
     * Poll thread: waits until no delivery of {@code partitions} is in flight, at most {@code timeout}.
     *
     * @return the number still in flight: 0 when all finished
     */
    public int awaitFinished(Collection<TopicPartition> partitions, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        drain();
        int unfinished = inFlight(partitions);
        while (unfinished > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            Finished note = finished.poll(left, TimeUnit.NANOSECONDS);
            if (note != null) {
                apply(note);
                unfinished = inFlight(partitions);
            }
        }
        return unfinished;
    }

    private void apply(Finished note) {
        if (trackers.get(note.partition()) == note.tracker()) {
            note.tracker().finish(note.offset());
        }
    }

    private int inFlight(Collection<TopicPartition> partitions) {
        int sum = 0;
        for (TopicPartition partition : partitions) {
            OffsetTracker tracker = trackers.get(partition);
            sum += tracker == null ? 0 : tracker.inFlight();
        }
        return sum;
    }

    /**
     * Poll thread: the offsets of {@code partitions} that can be committed and were not yet,
     * each with its note of what finished above it.
     */
    public Map<TopicPartition, OffsetAndMetadata> uncommitted(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetTracker tracker = trackers.get(partition);
            if (tracker != null) {
                tracker.uncommitted().ifPresent(note ->
                        offsets.put(partition, new OffsetAndMetadata(note.committed(), note.encode())));
            }
        }
        return offsets;
    }

    /** Poll thread: notes offsets the group coordinator acknowledged. */
    public void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> {
            OffsetTracker tracker = trackers.get(partition);
            if (tracker != null) {
                tracker.committed(offset.offset());
            }
        });
    }

    /** Poll thread: a commit of {@code partitions} failed; the next one offers their offsets again. */
    public void commitFailed(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            OffsetTracker tracker = trackers.get(partition);
            if (tracker != null) {
                tracker.commitFailed();
            }
        }
    }

    /** Poll thread: stops tracking {@code partitions}, e.g. when they are revoked or lost. */
    public void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(trackers::remove);
    }
}
