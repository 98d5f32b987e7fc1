package io.hookline.dispatcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The poll loop against Kafka's {@link MockConsumer}: what it commits, when it pauses, and
 * what it does with deliveries across a rebalance. Completions are run by the test, as HTTP
 * and producer threads would run them.
 */
class DeliveryLoopTest {
    private static final String TOPIC = "webhooks.deliveries";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final String RETRY = "webhooks.retry.5s";
    private static final TopicPartition R0 = new TopicPartition(RETRY, 0);
    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);

    private final CommitRecordingConsumer consumer = new CommitRecordingConsumer();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final List<Handled> handled = new ArrayList<>();
    private DeliveryLoop loop;

    private record Handled(ConsumerRecord<String, byte[]> record, Runnable done) {
        long offset() {
            return record.offset();
        }
    }

    @BeforeEach
    void subscribe() throws Exception {
        loop = loop(1000);
    }

    private DeliveryLoop loop(int maxInFlight) throws Exception {
        DeliveryLoop created = new DeliveryLoop(consumer, new InFlightDeliveries(), clock,
                new DeliveryLoop.Settings(maxInFlight, COMMIT_INTERVAL, Duration.ofMillis(50)),
                (record, done) -> handled.add(new Handled(record, done)), timeout -> true, () -> List.of(TOPIC, RETRY));
        created.open();
        created.runOnce(); // subscribes
        consumer.rebalance(List.of(P0, P1, R0));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L, R0, 0L));
        return created;
    }

    @Test
    void aCommitNeverPassesAnUnfinishedDelivery() throws Exception {
        addRecords(P0, 0, 3);
        loop.runOnce();
        assertEquals(3, handled.size());

        handled.get(0).done().run();
        handled.get(2).done().run();
        commitRound();
        assertEquals(1L, committed(P0), "offset 1 is unfinished: the commit stops before it");

        handled.get(1).done().run();
        commitRound();
        assertEquals(3L, committed(P0));
    }

    @Test
    void commitsOnlyOncePerInterval() throws Exception {
        addRecords(P0, 0, 1);
        loop.runOnce();
        handled.get(0).done().run();

        loop.runOnce();
        assertNull(committed(P0), "the interval has not passed");
        commitRound();
        assertEquals(1L, committed(P0));
    }

    @Test
    void partitionsCommitIndependently() throws Exception {
        addRecords(P0, 0, 2);
        addRecords(P1, 0, 2);
        loop.runOnce();
        handled.stream().filter(h -> h.record().partition() == 1).forEach(h -> h.done().run());

        commitRound();

        assertNull(committed(P0));
        assertEquals(2L, committed(P1));
    }

    @Test
    void aRevokedPartitionCommitsOnlyWhatIsFinal() throws Exception {
        addRecords(P0, 0, 3);
        loop.runOnce();
        handled.get(0).done().run();

        consumer.rebalance(List.of(P1, R0)); // P0 revoked: waits 50 ms for offsets 1 and 2, then commits what finished

        assertEquals(1L, committed(P0));
    }

    @Test
    void aLateCompletionFromAnEarlierAssignmentIsIgnored() throws Exception {
        addRecords(P0, 0, 1);
        loop.runOnce();
        Runnable earlier = handled.get(0).done();
        consumer.rebalance(List.of(P1, R0)); // revoked with offset 0 unfinished: nothing committed
        assertNull(committed(P0));

        consumer.rebalance(List.of(P0, P1, R0)); // assigned again, offset 0 polled again
        consumer.seek(P0, 0);
        addRecords(P0, 0, 2);
        loop.runOnce();
        assertEquals(3, handled.size());

        earlier.run(); // the first assignment's delivery finishes now
        commitRound();
        assertNull(committed(P0), "a completion of the earlier assignment says nothing about this one's offsets");

        handled.get(1).done().run();
        commitRound();
        assertEquals(1L, committed(P0));
    }

    @Test
    void pausesEveryPartitionAtTheBoundAndResumesBelowIt() throws Exception {
        handled.clear();
        loop = loop(2);
        addRecords(P0, 0, 2);
        addRecords(P1, 0, 1);
        loop.runOnce();
        assertEquals(3, handled.size(), "the records of one poll may pass the bound");

        loop.runOnce();
        assertEquals(Set.of(P0, P1, R0), consumer.paused());

        handled.get(0).done().run();
        loop.runOnce();
        assertEquals(Set.of(P0, P1, R0), consumer.paused(), "2 still in flight: at the bound");

        handled.get(1).done().run();
        loop.runOnce();
        assertTrue(consumer.paused().isEmpty());
    }

    @Test
    void aCommitNotesWhatFinishedAboveItsOffset() throws Exception {
        addRecords(P0, 0, 5);
        loop.runOnce();
        handled.subList(1, 5).forEach(h -> h.done().run());

        commitRound();

        OffsetAndMetadata offset = consumer.commits.get(P0);
        assertEquals(0L, offset.offset(), "offset 0 is unfinished");
        assertEquals(java.util.Optional.of(new FinishedAbove(0, 5, new java.util.TreeSet<>(List.of(0L)))),
                FinishedAbove.decode(offset.offset(), offset.metadata()));
    }

    @Test
    void aPartitionAssignedAgainSendsOnlyWhatWasUnfinishedBeforeItsCommit() throws Exception {
        addRecords(P0, 0, 5);
        loop.runOnce();
        handled.get(1).done().run();
        handled.get(3).done().run();
        commitRound();
        consumer.rebalance(List.of(P1, R0)); // a crash or a revocation with 0, 2 and 4 unfinished
        handled.clear();

        consumer.rebalance(List.of(P0, P1, R0)); // the next owner reads the commit and its note
        consumer.seek(P0, 0);
        addRecords(P0, 0, 6);
        loop.runOnce();

        assertEquals(List.of(0L, 2L, 4L, 5L), handled.stream().map(Handled::offset).toList(),
                "1 and 3 were final before the commit: not sent again");
        handled.forEach(h -> h.done().run());
        commitRound();
        assertEquals(6L, committed(P0));
    }

    @Test
    void pausesOnlyThePartitionThatRunsTooFarAheadOfItsLowestUnfinishedOffset() throws Exception {
        handled.clear();
        loop = loop(Integer.MAX_VALUE);
        addRecords(P0, 0, (int) DeliveryLoop.MAX_AHEAD);
        addRecords(P1, 0, 1);
        loop.runOnce();
        handled.stream().filter(h -> h.offset() > 0).forEach(h -> h.done().run());

        loop.runOnce();
        assertEquals(Set.of(P0), consumer.paused(), "offset 0 of P0 holds back " + DeliveryLoop.MAX_AHEAD);

        handled.get(0).done().run();
        loop.runOnce();
        assertTrue(consumer.paused().isEmpty());
    }

    @Test
    void dueRetriesAreReadBeforeTheDeliveriesBacklog() throws Exception {
        consumer.updateEndOffsets(Map.of(R0, 2L, P0, 1000L, P1, 1000L));

        loop.runOnce();
        assertEquals(Set.of(P0, P1), consumer.paused(), "R0 has records to read: the deliveries wait");

        addRetry(0, clock.instant());
        addRetry(1, clock.instant());
        loop.runOnce();
        assertEquals(List.of(RETRY, RETRY), handled.stream().map(h -> h.record().topic()).toList());

        loop.runOnce();
        assertTrue(consumer.paused().isEmpty(), "R0 is read to its end: the deliveries go on");
    }

    @Test
    void aRetryNotDueDoesNotHoldTheDeliveriesBack() throws Exception {
        consumer.updateEndOffsets(Map.of(R0, 1L));
        addRetry(0, clock.instant().plusSeconds(30));

        loop.runOnce(); // reads the retry, which is not due: R0 paused until it is
        loop.runOnce();

        assertEquals(Set.of(R0), consumer.paused());
    }

    @Test
    void closeCommitsWhatFinishedAndClosesTheConsumer() throws Exception {
        addRecords(P0, 0, 2);
        loop.runOnce();
        handled.get(0).done().run();

        loop.close();

        assertTrue(consumer.closed());
        assertFalse(loop.isPolling());
    }

    @Test
    void waitsForTheStartConditionBeforeSubscribing() throws Exception {
        MockConsumer<String, byte[]> fresh = new MockConsumer<>("earliest");
        boolean[] ready = {false};
        DeliveryLoop waiting = new DeliveryLoop(fresh, new InFlightDeliveries(), clock,
                new DeliveryLoop.Settings(10, COMMIT_INTERVAL, Duration.ofMillis(50)),
                (record, done) -> handled.add(new Handled(record, done)), timeout -> ready[0], () -> List.of(TOPIC));
        waiting.open();

        waiting.runOnce();
        assertTrue(fresh.subscription().isEmpty());
        assertFalse(waiting.isPolling());

        ready[0] = true;
        waiting.runOnce();
        assertEquals(Set.of(TOPIC), fresh.subscription());
    }

    @Test
    void aRetryIsNotHandedOverBeforeItIsDueAndItsPartitionWaitsWithoutHoldingOthers() throws Exception {
        Instant due = clock.instant().plusSeconds(5);
        addRetry(0, due);
        addRetry(1, due.plusSeconds(1));
        addRecords(P0, 0, 1);

        loop.runOnce();

        assertEquals(List.of(TOPIC), handled.stream().map(h -> h.record().topic()).toList(),
                "the first attempt goes, the retries wait");
        assertTrue(consumer.paused().contains(R0));
        assertEquals(0L, consumer.position(R0), "sought back to the retry that is not due");

        clock.advance(Duration.ofMillis(4_999));
        loop.runOnce();
        assertEquals(1, handled.size(), "1 ms before notBefore: still held");
        assertTrue(consumer.paused().contains(R0));

        clock.advance(Duration.ofMillis(1));
        addRetry(0, due); // what a real consumer fetches again from the sought position
        addRetry(1, due.plusSeconds(1));
        loop.runOnce(); // resumes R0 before polling: the first retry goes, the second waits
        assertEquals(2, handled.size());
        assertEquals(0L, handled.get(1).offset());
        assertTrue(consumer.paused().contains(R0), "the next one is due a second later");
    }

    @Test
    void aRetryWithoutNotBeforeIsDueAtOnce() throws Exception {
        consumer.addRecord(new ConsumerRecord<>(RETRY, 0, 0L, "sub_1", new byte[] {1}));

        loop.runOnce();

        assertEquals(1, handled.size());
        assertFalse(consumer.paused().contains(R0));
    }

    @Test
    void anUnfinishedRetryHeldBackKeepsItsOffsetUncommitted() throws Exception {
        addRetry(0, clock.instant().plusSeconds(60));
        loop.runOnce();

        commitRound();

        assertNull(committed(R0), "nothing of R0 was handed over, nothing passes it");
    }

    private void addRetry(long offset, Instant notBefore) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(RETRY, 0, offset, "sub_1", new byte[] {1});
        NotBeforeHeader.write(record.headers(), notBefore);
        consumer.addRecord(record);
    }

    private void commitRound() throws Exception {
        clock.advance(COMMIT_INTERVAL);
        loop.runOnce();
    }

    /** The last offset committed for {@code partition}; null when none, or when only its start (0) was. */
    private Long committed(TopicPartition partition) {
        OffsetAndMetadata offset = consumer.commits.get(partition);
        return offset == null || offset.offset() == 0 ? null : offset.offset();
    }

    /**
     * Remembers every commit: MockConsumer forgets the commits of a partition once it is
     * revoked, and those are what a revocation test must see.
     */
    private static final class CommitRecordingConsumer extends MockConsumer<String, byte[]> {
        final Map<TopicPartition, OffsetAndMetadata> commits = new java.util.HashMap<>();

        CommitRecordingConsumer() {
            super("earliest");
        }

        @Override
        public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets,
                                             org.apache.kafka.clients.consumer.OffsetCommitCallback callback) {
            commits.putAll(offsets);
            super.commitAsync(offsets, callback);
        }
    }

    private void addRecords(TopicPartition partition, long from, int count) {
        for (long offset = from; offset < from + count; offset++) {
            consumer.addRecord(new ConsumerRecord<>(TOPIC, partition.partition(), offset, "sub_1", new byte[] {1}));
        }
    }
}
