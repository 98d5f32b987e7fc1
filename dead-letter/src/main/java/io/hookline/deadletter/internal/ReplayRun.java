package io.hookline.deadletter.internal;

import io.hookline.common.HooklineException;
import io.hookline.common.kafka.KafkaFutures;
import io.hookline.deadletter.DeadLetterFilter;
import io.hookline.deadletter.Progress;
import io.hookline.deadletter.ReplayRequest;
import io.hookline.deadletter.ReplaySummary;
import io.hookline.deadletter.SkipReason;
import io.hookline.deadletter.StoredDeadLetter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * One run of a named replay: reads the dead-letter topic from the replay's kept place (see
 * {@link ReplayCursor}) up to the end offsets it finds at the start, and sends what the
 * {@link ReplayDecider} says, in Kafka transactions that also commit the replay's new place
 * ({@code sendOffsetsToTransaction}). So a letter's record and the place past it are written
 * together or not at all: a run killed at any point leaves an open transaction that the next
 * run's {@code initTransactions} aborts (or the broker does after
 * {@code transaction.timeout.ms}), and the next run starts from the last committed place. Two
 * runs of one name fence each other through the shared transactional id.
 *
 * <p>A transaction is committed every {@value #COMMIT_INTERVAL_MS} ms or
 * {@value #MAX_RECORDS_PER_TRANSACTION} records, before a wait for the rate limit, and at the
 * end. Waiting for the rate limit is a poll with every partition paused, not a sleep. A dry
 * run reads the same way from the same place and sends and commits nothing.
 *
 * <p>Run by one thread; {@link #stop()} may be called from another (Ctrl-C): the run then
 * commits what it sent and returns.
 */
public final class ReplayRun {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long COMMIT_INTERVAL_MS = 200;
    private static final int MAX_RECORDS_PER_TRANSACTION = 5_000;
    /** How many letters a summary names for each reason; enough to act on, short enough to read. */
    private static final int SHOWN = 10;
    private static final Duration STALL = Duration.ofSeconds(30);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);

    private final Consumer<String, byte[]> consumer;
    private final Producer<String, byte[]> producer;
    private final ReplayDecider decider;
    private final ReplayRequest request;
    private final DeadLetterFilter filter;
    private final String fingerprint;
    private final Pacer pacer;
    private final LongSupplier nanoTime;
    private volatile boolean stopRequested;

    private final Map<TopicPartition, ReplayCursor> cursors = new HashMap<>();
    private final Set<TopicPartition> dirty = new HashSet<>();
    private boolean inTransaction;
    private int sentInTransaction;
    private long transactionStarted;

    private long read;
    private long matched;
    private long toDeliveries;
    private long toEvents;
    private final Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
    private final Map<SkipReason, Set<String>> skippedWho = new EnumMap<>(SkipReason.class);
    private final List<StoredDeadLetter> replayed = new ArrayList<>();
    private boolean limitReached;
    private String note;

    /**
     * @param consumer of the replay's group ({@link ReplayRequest#groupId}), {@code read_committed}
     * @param producer transactional with the group's id as transactional id; null for a dry run
     */
    public ReplayRun(Consumer<String, byte[]> consumer, Producer<String, byte[]> producer, ReplayDecider decider,
                     ReplayRequest request, LongSupplier nanoTime) {
        if (producer == null && !request.dryRun()) {
            throw new IllegalArgumentException("a replay that sends needs a producer");
        }
        this.consumer = consumer;
        this.producer = producer;
        this.decider = decider;
        this.request = request;
        this.filter = request.filter();
        this.fingerprint = filter.fingerprint();
        this.pacer = new Pacer(request.ratePerSecond(), nanoTime);
        this.nanoTime = nanoTime;
    }

    /** Asks the run to stop soon: it commits what it sent and returns its summary. */
    public void stop() {
        stopRequested = true;
        consumer.wakeup();
    }

    /** Runs the replay over {@code partitions}, all of the dead-letter topic. */
    public ReplaySummary run(List<TopicPartition> partitions, Progress progress) {
        try {
            if (producer != null) {
                // fences an earlier run of this name and aborts what it left open: before its place is read
                producer.initTransactions();
            }
            boolean resumed = loadCursors(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, KAFKA_TIMEOUT);
            Set<TopicPartition> open = seek(partitions, end);
            long total = 0;
            Map<TopicPartition, Long> start = new HashMap<>();
            for (TopicPartition partition : open) {
                start.put(partition, consumer.position(partition, KAFKA_TIMEOUT));
                total += end.get(partition) - start.get(partition);
            }
            progress.started(request.dryRun() ? "dry run" : "replaying", total);
            try {
                loop(open, end, start, progress);
                commit();
            } finally {
                progress.finished();
            }
            return new ReplaySummary(request.name(), request.dryRun(), resumed, read, matched, toDeliveries, toEvents,
                    skipped, skippedWho, replayed, limitReached, stopRequested, note);
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            throw new HooklineException("replay " + request.name() + " was taken over by another run of it; this "
                    + "run stopped (what it committed stays replayed)", e);
        } catch (WakeupException e) {
            throw new HooklineException("replay " + request.name() + " stopped before it began; nothing was sent",
                    e);
        } catch (KafkaException e) {
            throw new HooklineException("replay " + request.name() + " failed: " + KafkaFutures.describe(e)
                    + "; what was not committed is sent by the next run of it", e);
        }
    }

    private boolean loadCursors(List<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions),
                KAFKA_TIMEOUT);
        boolean resumed = false;
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata kept = committed.get(partition);
            if (kept == null) {
                cursors.put(partition, ReplayCursor.fresh());
            } else {
                resumed = true;
                cursors.put(partition, ReplayCursor.decode(kept.offset(), kept.metadata(), fingerprint,
                        request.name()));
            }
        }
        return resumed;
    }

    /** Seeks each partition to where its cursor reads from; returns those with something to read. */
    private Set<TopicPartition> seek(List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
        consumer.assign(partitions);
        Set<TopicPartition> open = new LinkedHashSet<>();
        for (TopicPartition partition : partitions) {
            ReplayCursor cursor = cursors.get(partition);
            long from = cursor.readFrom();
            if (from == 0) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                // an offset that retention removed reads from the earliest left (auto.offset.reset)
                consumer.seek(partition, from);
            }
            if (consumer.position(partition, KAFKA_TIMEOUT) < end.get(partition)) {
                open.add(partition);
            } else if (cursor.reached(end.get(partition))) {
                dirty.add(partition);
            }
        }
        consumer.pause(partitions.stream().filter(p -> !open.contains(p)).toList());
        return open;
    }

    private void loop(Set<TopicPartition> open, Map<TopicPartition, Long> end, Map<TopicPartition, Long> start,
                      Progress progress) {
        long lastMove = nanoTime.getAsLong();
        long done = 0;
        long seen = 0;
        try {
            while (!open.isEmpty() && !stopRequested) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                for (TopicPartition partition : records.partitions()) {
                    for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                        if (record.offset() >= end.get(partition)) {
                            break;
                        }
                        if (!handle(partition, record)) {
                            return;
                        }
                        seen++;
                        progress.advanced(seen);
                    }
                }
                long position = 0;
                for (TopicPartition partition : start.keySet()) {
                    long at = open.contains(partition)
                            ? Math.min(consumer.position(partition, KAFKA_TIMEOUT), end.get(partition))
                            : end.get(partition);
                    position += at - start.get(partition);
                    if (at >= end.get(partition) && open.remove(partition)) {
                        consumer.pause(List.of(partition));
                        if (cursors.get(partition).reached(end.get(partition))) {
                            dirty.add(partition);
                        }
                    }
                }
                if (position != done || !records.isEmpty()) {
                    done = position;
                    lastMove = nanoTime.getAsLong();
                } else if (nanoTime.getAsLong() - lastMove > STALL.toNanos()) {
                    throw new HooklineException("replay " + request.name() + ": nothing read for " + STALL.toSeconds()
                            + " s; is Kafka still reachable? What was committed stays replayed");
                }
                if (inTransaction && (sentInTransaction >= MAX_RECORDS_PER_TRANSACTION
                        || nanoTime.getAsLong() - transactionStarted >= COMMIT_INTERVAL_MS * 1_000_000)) {
                    commit();
                }
            }
        } catch (WakeupException e) {
            if (!stopRequested) {
                throw e;
            }
        }
    }

    /** Handles one record; false when the run must stop before it (limit, stop, no room to keep its place). */
    private boolean handle(TopicPartition partition, ConsumerRecord<String, byte[]> record) {
        ReplayCursor cursor = cursors.get(partition);
        StoredDeadLetter stored = StoredDeadLetter.read(record);
        String subscription = stored == null ? null : stored.subscriptionId();
        if (!cursor.needsLook(record.offset(), subscription)) {
            return true;
        }
        read++;
        if (stored == null) {
            skip(SkipReason.UNREADABLE, StoredDeadLetter.position(partition.partition(), record.offset()));
            mark(partition, cursor, record.offset(), null, false);
            return true;
        }
        if (!filter.matches(stored)) {
            mark(partition, cursor, record.offset(), subscription, false);
            return true;
        }
        ReplayDecision decision = decider.decide(stored);
        if (decision instanceof ReplayDecision.Skip skip) {
            if (skip.reason().waits() && !cursor.canWait(subscription, fingerprint)) {
                note = "partition " + partition.partition() + " has too many subscriptions waiting to keep them "
                        + "all; fix or delete them, or replay under another --name";
                return false;
            }
            matched++;
            skip(skip.reason(), skip.who());
            mark(partition, cursor, record.offset(), subscription, skip.reason().waits());
            return true;
        }
        ReplayDecision.Replay replay = (ReplayDecision.Replay) decision;
        if (request.limit() > 0 && toDeliveries + toEvents >= request.limit()) {
            limitReached = true;
            return false;
        }
        if (!awaitRate()) {
            return false;
        }
        matched++;
        if (producer != null) {
            begin();
            producer.send(replay.record());
            sentInTransaction++;
        }
        pacer.sent();
        if (replay.toEvents()) {
            toEvents++;
        } else {
            toDeliveries++;
        }
        if (replayed.size() < SHOWN) {
            replayed.add(stored);
        }
        mark(partition, cursor, record.offset(), subscription, false);
        return true;
    }

    private void mark(TopicPartition partition, ReplayCursor cursor, long offset, String subscription,
                      boolean waits) {
        cursor.handled(offset, subscription, waits);
        dirty.add(partition);
    }

    private void skip(SkipReason reason, String who) {
        skipped.merge(reason, 1L, Long::sum);
        Set<String> names = skippedWho.computeIfAbsent(reason, r -> new LinkedHashSet<>());
        if (names.size() < SHOWN) {
            names.add(who);
        }
    }

    /**
     * Waits until the rate allows the next send: polls with every partition paused, which
     * returns after the wait. What is open is committed first when it has been open for the
     * commit interval, or the wait is that long, so a slow replay keeps its place as a fast
     * one does without a transaction per record.
     *
     * @return false when the run was stopped while waiting
     */
    private boolean awaitRate() {
        long wait = pacer.waitNanos();
        if (wait == 0) {
            return true;
        }
        long interval = COMMIT_INTERVAL_MS * 1_000_000;
        if (wait >= interval || inTransaction && nanoTime.getAsLong() - transactionStarted >= interval) {
            commit();
        }
        Set<TopicPartition> resume = new HashSet<>(consumer.assignment());
        resume.removeAll(consumer.paused());
        consumer.pause(resume);
        try {
            while (wait > 0 && !stopRequested) {
                consumer.poll(Duration.ofNanos(wait));
                wait = pacer.waitNanos();
            }
        } catch (WakeupException e) {
            if (!stopRequested) {
                throw e;
            }
        } finally {
            consumer.resume(resume);
        }
        return !stopRequested;
    }

    private void begin() {
        if (!inTransaction) {
            producer.beginTransaction();
            inTransaction = true;
            sentInTransaction = 0;
            transactionStarted = nanoTime.getAsLong();
        }
    }

    /** Commits what was sent and the new place of every partition that moved, in one transaction. */
    private void commit() {
        if (producer == null || dirty.isEmpty() && !inTransaction) {
            return;
        }
        begin();
        Map<TopicPartition, OffsetAndMetadata> places = new HashMap<>();
        for (TopicPartition partition : dirty) {
            ReplayCursor cursor = cursors.get(partition);
            places.put(partition, new OffsetAndMetadata(cursor.next(), cursor.encode(fingerprint)));
        }
        producer.sendOffsetsToTransaction(places, consumer.groupMetadata());
        producer.commitTransaction();
        inTransaction = false;
        dirty.clear();
    }
}
