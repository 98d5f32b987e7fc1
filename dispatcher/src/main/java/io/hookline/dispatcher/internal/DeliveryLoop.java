package io.hookline.dispatcher.internal;

import io.hookline.common.lifecycle.Loop;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher's poll loop over the deliveries topic and the retry tiers, in one consumer
 * group: hands each record to a {@link RecordHandler} with a {@code done} callback, pauses
 * every partition while too much is in flight, and commits per partition up to the lowest
 * unfinished offset, so a commit never passes a delivery whose outcome is not final. Runs on
 * a {@link io.hookline.common.lifecycle.LoopRunner}; only that thread touches the consumer.
 *
 * <p>One slow delivery holds its partition's committed offset back while thousands after it
 * finish. So each commit carries a {@link FinishedAbove} note of what finished above the
 * offset, and a newly assigned partition starts from its note: after a crash, only what was
 * really unfinished is sent again, not everything since the lowest unfinished offset.
 *
 * <p>A retry record is not handed over before its {@code notBefore} (read from its
 * {@link NotBeforeHeader}): its partition is paused and sought back to it, and the
 * {@link DueTimeGate} says when to resume; the poll's timeout is the time until then, so the
 * loop neither sleeps nor spins, and other partitions go on meanwhile.
 *
 * <p>On revocation and on close it waits (bounded) for the deliveries of the partitions it
 * gives up, and commits what finished; what did not is sent again by the next owner. A
 * completion that arrives after its partition was revoked, from an earlier assignment, is
 * ignored ({@link InFlightDeliveries} keeps a tracker per assignment).
 */
public final class DeliveryLoop implements Loop {
    private static final Logger log = LoggerFactory.getLogger(DeliveryLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    /** Paused, a poll only keeps the group membership alive: return soon to resume soon. */
    private static final Duration PAUSED_POLL_TIMEOUT = Duration.ofMillis(5);
    /** What reading the committed offsets of newly assigned partitions may take. */
    private static final Duration NOTES_TIMEOUT = Duration.ofSeconds(30);
    /**
     * How far a partition's polled offsets may run ahead of its lowest unfinished one before
     * the partition is paused. The commit's note says what finished in between, so a crash does
     * not send that again; but a note is cut at {@link FinishedAbove#MAX_CHARS}, and this bounds
     * what a cut note can leave out. High enough that a delivery waiting out its request
     * timeout does not pause its partition under a normal load.
     */
    static final long MAX_AHEAD = 20_000;

    /** Takes one record towards its final outcome; runs {@code done} (from any thread) once it is final. */
    @FunctionalInterface
    public interface RecordHandler {
        void handle(ConsumerRecord<String, byte[]> record, Runnable done);
    }

    /** What must hold before consuming starts, e.g. the subscriptions loaded. */
    @FunctionalInterface
    public interface StartCondition {
        /** Waits at most {@code timeout}; whether consuming may start. */
        boolean await(Duration timeout) throws InterruptedException;
    }

    /**
     * Runs once on the loop's thread before anything else: checks that may block.
     *
     * @return the topics to consume: the deliveries topic first, then the retry tiers
     */
    @FunctionalInterface
    public interface Preflight {
        List<String> topics();
    }

    /**
     * @param maxInFlight     at this many deliveries in flight, every partition is paused
     * @param commitInterval  how often finished offsets are committed
     * @param finishTimeout   how long a revocation or close waits for deliveries in flight
     */
    public record Settings(int maxInFlight, Duration commitInterval, Duration finishTimeout) {
    }

    private final Consumer<String, byte[]> consumer;
    private final InFlightDeliveries inFlight;
    private final Clock clock;
    private final Settings settings;
    private final RecordHandler handler;
    private final StartCondition startCondition;
    private final Preflight preflight;
    private final DueTimeGate gate;
    private List<String> topics;
    private boolean subscribed;
    private volatile boolean polling;
    private Instant nextCommit;

    public DeliveryLoop(Consumer<String, byte[]> consumer, InFlightDeliveries inFlight, Clock clock, Settings settings,
                        RecordHandler handler, StartCondition startCondition, Preflight preflight) {
        this.consumer = consumer;
        this.inFlight = inFlight;
        this.clock = clock;
        this.settings = settings;
        this.handler = handler;
        this.startCondition = startCondition;
        this.preflight = preflight;
        this.gate = new DueTimeGate(clock);
    }

    @Override
    public void open() {
        topics = List.copyOf(preflight.topics());
        nextCommit = clock.instant().plus(settings.commitInterval());
    }

    @Override
    public void runOnce() throws InterruptedException {
        if (!subscribed) {
            awaitStart();
            return;
        }
        inFlight.drain();
        commitIfDue();
        boolean full = applyPauses();
        ConsumerRecords<String, byte[]> records = consumer.poll(full ? PAUSED_POLL_TIMEOUT
                : gate.pollTimeout(POLL_TIMEOUT));
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                if (gate.admit(partition, NotBeforeHeader.read(record.headers())) instanceof DueTimeGate.PauseUntil) {
                    // Not due: fetched again from here once the gate says so; the rest of the batch waits too.
                    consumer.seek(partition, record.offset());
                    consumer.pause(List.of(partition));
                    break;
                }
                Optional<Runnable> done = inFlight.track(partition, record.offset());
                if (done.isPresent()) {
                    handler.handle(record, done.get());
                }
            }
        }
        polling = true;
    }

    private void awaitStart() throws InterruptedException {
        if (startCondition.await(POLL_TIMEOUT)) {
            consumer.subscribe(topics, new Rebalance());
            subscribed = true;
            log.info("Dispatching from {}", topics);
        }
    }

    /** Whether {@code partition} is of the deliveries topic rather than a retry tier. */
    private boolean isDeliveries(TopicPartition partition) {
        return partition.topic().equals(topics.get(0));
    }

    /** True once the loop polls its topic: for {@code /readyz}. */
    public boolean isPolling() {
        return polling;
    }

    private void commitIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextCommit)) {
            return;
        }
        nextCommit = now.plus(settings.commitInterval());
        Map<TopicPartition, OffsetAndMetadata> offsets = inFlight.uncommitted(consumer.assignment());
        if (!offsets.isEmpty()) {
            // The callback runs on this thread, inside a later poll or commit.
            consumer.commitAsync(offsets, (committed, e) -> {
                if (e == null) {
                    inFlight.committed(committed);
                } else {
                    inFlight.commitFailed(offsets.keySet());
                    log.warn("Committing offsets failed, the next commit tries again: {}", e.toString());
                }
            });
        }
    }

    /**
     * Pauses every assigned partition while too much is in flight, else the retry partitions
     * whose head is not due yet, those {@link #MAX_AHEAD} ahead of their lowest unfinished
     * offset, and the deliveries partitions while a retry partition has records to read (its
     * records, due or not, are read first: a due retry waited long enough); resumes the rest.
     * Never sleeps: polling goes on.
     *
     * @return whether everything is paused for too much in flight
     */
    private boolean applyPauses() {
        gate.due(); // forgets the partitions whose time has come
        Set<TopicPartition> assignment = consumer.assignment();
        boolean full = inFlight.count() >= settings.maxInFlight();
        Set<TopicPartition> hold = new HashSet<>(assignment);
        if (!full) {
            hold.clear();
            boolean tierWaiting = false;
            for (TopicPartition partition : assignment) {
                if (gate.isPaused(partition) || inFlight.ahead(partition) >= MAX_AHEAD) {
                    hold.add(partition);
                } else if (!isDeliveries(partition) && consumer.currentLag(partition).orElse(0) > 0) {
                    tierWaiting = true;
                }
            }
            if (tierWaiting) {
                // Retries first: fetched records of the deliveries partitions would otherwise be
                // handed over before them, and a backlog of deliveries would keep them waiting.
                assignment.stream().filter(this::isDeliveries).forEach(hold::add);
            }
        }
        Set<TopicPartition> paused = consumer.paused();
        Set<TopicPartition> toResume = new HashSet<>(paused);
        toResume.removeAll(hold);
        Set<TopicPartition> toPause = new HashSet<>(hold);
        toPause.removeAll(paused);
        if (!toResume.isEmpty()) {
            consumer.resume(toResume);
        }
        if (!toPause.isEmpty()) {
            consumer.pause(toPause);
        }
        return full;
    }

    /** Waits (bounded) for the deliveries of {@code partitions}, then commits what finished. */
    private void finishAndCommit(Collection<TopicPartition> partitions) {
        try {
            int unfinished = inFlight.awaitFinished(partitions, settings.finishTimeout());
            if (unfinished > 0) {
                log.warn("{} deliveries still in flight after {} s; their offsets stay uncommitted and they will be "
                        + "sent again", unfinished, settings.finishTimeout().toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = inFlight.uncommitted(partitions);
        if (offsets.isEmpty()) {
            return;
        }
        try {
            commitSync(offsets);
            inFlight.committed(offsets);
        } catch (KafkaException e) {
            inFlight.commitFailed(offsets.keySet());
            log.warn("Could not commit offsets {}; deliveries after them will be sent again: {}", offsets,
                    e.toString());
        }
    }

    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            // close() woke the consumer while it was not polling; the wakeup is spent now.
            consumer.commitSync(offsets);
        }
    }

    /**
     * Reads what the previous owner of {@code partitions} committed, with its notes of what
     * finished above the committed offsets: those deliveries are not sent again. Without the
     * notes (they cannot be read) everything from the committed offsets is sent again, which is
     * safe.
     */
    private void resumeFromNotes(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = consumer.committed(Set.copyOf(partitions), NOTES_TIMEOUT);
        } catch (KafkaException e) {
            log.warn("Could not read the committed offsets of {}; deliveries finished above them may be sent "
                    + "again: {}", partitions, e.toString());
            return;
        }
        for (TopicPartition partition : partitions) {
            long finished = inFlight.resume(partition, committed.get(partition));
            if (finished > 0) {
                log.info("{}: {} deliveries above the committed offset were final before; not sent again",
                        partition, finished);
            }
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                finishAndCommit(partitions);
                inFlight.forget(partitions);
                gate.forget(partitions);
                log.info("Partitions revoked: {}", partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            inFlight.forget(partitions);
            gate.forget(partitions);
            log.warn("Partitions lost, their deliveries in flight will be sent again by their new owner: {}",
                    partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                log.info("Partitions assigned: {}", partitions);
                resumeFromNotes(partitions);
            }
        }
    }

    @Override
    public void wakeup() {
        consumer.wakeup();
    }

    /** Finishes what is in flight (bounded), commits what finished, and closes the consumer. */
    @Override
    public void close() {
        polling = false;
        try {
            finishAndCommit(consumer.assignment());
            inFlight.forget(consumer.assignment());
        } catch (RuntimeException e) {
            log.warn("Could not finish cleanly: {}", e.toString());
        } finally {
            consumer.close();
        }
    }
}
