package io.hookline.dispatcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
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
        Runnable p0o0 = inFlight.track(P0, 0);
        Runnable p0o1 = inFlight.track(P0, 1);
        Runnable p1o7 = inFlight.track(P1, 7);
        assertEquals(3, inFlight.count());

        p0o1.run();
        p1o7.run();
        assertEquals(1, inFlight.count(), "counted as soon as finished, before the poll thread drains");
        inFlight.drain();

        assertEquals(Map.of(P0, new OffsetAndMetadata(0), P1, new OffsetAndMetadata(8)),
                inFlight.uncommitted(List.of(P0, P1)));
        p0o0.run();
        inFlight.drain();
        assertEquals(Map.of(P0, new OffsetAndMetadata(2), P1, new OffsetAndMetadata(8)),
                inFlight.uncommitted(List.of(P0, P1)));
    }

    @Test
    void offersNothingTwiceOnceCommitted() {
        inFlight.track(P0, 3).run();
        inFlight.drain();
        Map<TopicPartition, OffsetAndMetadata> offsets = inFlight.uncommitted(List.of(P0));
        inFlight.committed(offsets);

        assertEquals(Map.of(), inFlight.uncommitted(List.of(P0)));
    }

    @Test
    void finishingTwiceCountsOnce() {
        Runnable done = inFlight.track(P0, 0);
        inFlight.track(P0, 1);
        done.run();
        done.run();
        inFlight.drain();

        assertEquals(1, inFlight.count());
        assertEquals(Map.of(P0, new OffsetAndMetadata(1)), inFlight.uncommitted(List.of(P0)));
    }

    @Test
    void dropsDeliveriesOfAPreviousAssignmentOfTheSamePartition() {
        Runnable old = inFlight.track(P0, 5);
        inFlight.forget(List.of(P0));
        // assigned again, and offset 5 is read again and in flight again
        inFlight.track(P0, 5);

        old.run();
        inFlight.drain();

        assertEquals(Map.of(P0, new OffsetAndMetadata(5)), inFlight.uncommitted(List.of(P0)),
                "the old assignment's finish must not let the commit pass the new, unfinished 5");
    }

    @Test
    void waitsForTheDeliveriesOfRevokedPartitionsOnly() throws Exception {
        Runnable p0 = inFlight.track(P0, 0);
        inFlight.track(P1, 0);
        CompletableFuture.runAsync(p0, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));

        assertEquals(0, inFlight.awaitFinished(List.of(P0), Duration.ofSeconds(5)));
        assertEquals(Map.of(P0, new OffsetAndMetadata(1)), inFlight.uncommitted(List.of(P0)));
    }

    @Test
    void givesUpWaitingAfterTheTimeout() throws Exception {
        inFlight.track(P0, 0);
        long started = System.nanoTime();

        assertEquals(1, inFlight.awaitFinished(List.of(P0), Duration.ofMillis(100)));
        assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(100));
    }
}
