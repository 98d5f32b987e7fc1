package io.hookline.dispatcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class InFlightDeliveriesTest {
    private static final TopicPartition P0 = new TopicPartition("webhooks.deliveries", 0);
    private static final TopicPartition P1 = new TopicPartition("webhooks.deliveries", 1);

    private final InFlightDeliveries inFlight = new InFlightDeliveries();

    @Test
    void commitsEachPartitionUpToItsLowestUnfinishedDelivery() {
        Runnable p0o0 = track(P0, 0);
        Runnable p0o1 = track(P0, 1);
        Runnable p1o7 = track(P1, 7);
        assertEquals(3, inFlight.count());

        p0o1.run();
        p1o7.run();
        assertEquals(1, inFlight.count(), "counted as soon as finished, before the poll thread drains");
        inFlight.drain();

        assertEquals(Map.of(P0, 0L, P1, 8L),
                offsets(List.of(P0, P1)));
        p0o0.run();
        inFlight.drain();
        assertEquals(Map.of(P0, 2L, P1, 8L),
                offsets(List.of(P0, P1)));
    }

    @Test
    void offersNothingTwiceOnceCommitted() {
        track(P0, 3).run();
        inFlight.drain();
        Map<TopicPartition, OffsetAndMetadata> offsets = inFlight.uncommitted(List.of(P0));
        inFlight.committed(offsets);

        assertEquals(Map.of(), offsets(List.of(P0)));
    }

    @Test
    void finishingTwiceCountsOnce() {
        Runnable done = track(P0, 0);
        track(P0, 1);
        done.run();
        done.run();
        inFlight.drain();

        assertEquals(1, inFlight.count());
        assertEquals(Map.of(P0, 1L), offsets(List.of(P0)));
    }

    @Test
    void dropsDeliveriesOfAPreviousAssignmentOfTheSamePartition() {
        Runnable old = track(P0, 5);
        inFlight.forget(List.of(P0));
        // assigned again, and offset 5 is read again and in flight again
        track(P0, 5);

        old.run();
        inFlight.drain();

        assertEquals(Map.of(P0, 5L), offsets(List.of(P0)),
                "the old assignment's finish must not let the commit pass the new, unfinished 5");
    }

    @Test
    void waitsForTheDeliveriesOfRevokedPartitionsOnly() throws Exception {
        Runnable p0 = track(P0, 0);
        track(P1, 0);
        CompletableFuture.runAsync(p0, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));

        assertEquals(0, inFlight.awaitFinished(List.of(P0), Duration.ofSeconds(5)));
        assertEquals(Map.of(P0, 1L), offsets(List.of(P0)));
    }

    @Test
    void givesUpWaitingAfterTheTimeout() throws Exception {
        track(P0, 0);
        long started = System.nanoTime();

        assertEquals(1, inFlight.awaitFinished(List.of(P0), Duration.ofMillis(100)));
        assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(100));
    }

    @Test
    void aCommitCarriesWhatFinishedAboveItsOffset() {
        Runnable slow = track(P0, 10);
        for (long offset = 11; offset < 20; offset++) {
            track(P0, offset).run();
        }
        track(P0, 20);
        inFlight.drain();

        OffsetAndMetadata offset = inFlight.uncommitted(List.of(P0)).get(P0);
        assertEquals(10, offset.offset());
        FinishedAbove note = FinishedAbove.decode(offset.offset(), offset.metadata()).orElseThrow();
        assertEquals(new FinishedAbove(10, 21, new TreeSet<>(List.of(10L, 20L))), note);
        assertEquals(11, inFlight.ahead(P0), "tracked up to 20, 10 is the lowest unfinished");
        slow.run();
    }

    @Test
    void offersTheSameOffsetAgainOnceMoreFinishedAboveIt() {
        track(P0, 0);
        Runnable later = track(P0, 1);
        inFlight.committed(inFlight.uncommitted(List.of(P0)));
        assertEquals(Map.of(), offsets(List.of(P0)));

        later.run();
        inFlight.drain();

        assertEquals(Map.of(P0, 0L), offsets(List.of(P0)), "the note changed: 1 finished");
    }

    @Test
    void aResumedPartitionSkipsWhatItsNoteSaysFinishedAndSendsTheRestAgain() {
        FinishedAbove earlier = new FinishedAbove(10, 15, new TreeSet<>(List.of(10L, 13L)));
        assertEquals(3, inFlight.resume(P0, new OffsetAndMetadata(10, earlier.encode())));

        assertTrue(inFlight.track(P0, 10).isPresent(), "unfinished before: sent again");
        assertTrue(inFlight.track(P0, 11).isEmpty(), "final before: skipped");
        assertTrue(inFlight.track(P0, 12).isEmpty());
        Runnable thirteen = track(P0, 13);
        assertTrue(inFlight.track(P0, 14).isEmpty());
        Runnable fifteen = track(P0, 15);
        assertEquals(3, inFlight.count());

        thirteen.run();
        fifteen.run();
        inFlight.drain();
        assertEquals(Map.of(P0, 10L), offsets(List.of(P0)), "10 is in flight again");
    }

    @Test
    void aNoteWhoseUnfinishedRecordsAreGoneDoesNotHoldTheCommitBack() {
        FinishedAbove earlier = new FinishedAbove(10, 15, new TreeSet<>(List.of(10L, 13L)));
        inFlight.resume(P0, new OffsetAndMetadata(10, earlier.encode()));

        track(P0, 40).run(); // retention deleted 10 to 39
        inFlight.drain();

        assertEquals(Map.of(P0, 41L), offsets(List.of(P0)));
    }

    @Test
    void aCommitWithoutANoteResumesFromTheOffsetAlone() {
        assertEquals(0, inFlight.resume(P0, new OffsetAndMetadata(10, "")));
        assertEquals(0, inFlight.resume(P1, null));

        assertTrue(inFlight.track(P0, 10).isPresent());
        assertTrue(inFlight.track(P1, 0).isPresent());
    }

    private Runnable track(TopicPartition partition, long offset) {
        return inFlight.track(partition, offset).orElseThrow();
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        inFlight.uncommitted(partitions).forEach((partition, offset) -> offsets.put(partition, offset.offset()));
        return offsets;
    }
}
