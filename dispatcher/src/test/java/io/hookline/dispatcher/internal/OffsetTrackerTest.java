package io.hookline.dispatcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    @Test
    void hasNothingToCommitBeforeTheFirstOffset() {
        assertEquals(OptionalLong.empty(), new OffsetTracker().committable());
    }

    @Test
    void commitsTheLowestUnfinishedOffset() {
        OffsetTracker tracker = tracking(10, 11, 12);

        assertEquals(OptionalLong.of(10), tracker.committable());
        tracker.finish(10);
        assertEquals(OptionalLong.of(11), tracker.committable());
    }

    @Test
    void outOfOrderCompletionNeverCommitsPastAnUnfinishedOffset() {
        OffsetTracker tracker = tracking(5, 6, 7, 8);

        tracker.finish(8);
        tracker.finish(6);
        tracker.finish(7);
        assertEquals(OptionalLong.of(5), tracker.committable(), "5 is still in flight");
        assertEquals(1, tracker.inFlight());

        tracker.finish(5);
        assertEquals(OptionalLong.of(9), tracker.committable(), "all finished: one past the last");
        assertEquals(0, tracker.inFlight());
    }

    @Test
    void skipsGapsInOffsetsAsCompactionAndTransactionMarkersLeaveThem() {
        OffsetTracker tracker = tracking(3, 7, 20);

        tracker.finish(7);
        tracker.finish(3);
        assertEquals(OptionalLong.of(20), tracker.committable());
        tracker.finish(20);
        assertEquals(OptionalLong.of(21), tracker.committable());
    }

    @Test
    void offersAnOffsetOnlyOnceCommitted() {
        OffsetTracker tracker = tracking(0, 1);
        tracker.finish(0);
        assertEquals(OptionalLong.of(1), tracker.uncommitted());

        tracker.committed(1);
        assertEquals(OptionalLong.empty(), tracker.uncommitted(), "1 is committed already");

        tracker.finish(1);
        assertEquals(OptionalLong.of(2), tracker.uncommitted());
        tracker.committed(2);
        tracker.committed(1);
        assertEquals(OptionalLong.empty(), tracker.uncommitted(), "a late, older commit does not go back");
    }

    @Test
    void refusesOffsetsOutOfOrderAndUnknownCompletions() {
        OffsetTracker tracker = tracking(4);

        assertThrows(IllegalStateException.class, () -> tracker.track(3));
        assertThrows(IllegalStateException.class, () -> tracker.finish(9));
        tracker.finish(4);
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> tracker.finish(4));
        assertTrue(twice.getMessage().contains("4"));
    }

    private static OffsetTracker tracking(long... offsets) {
        OffsetTracker tracker = new OffsetTracker();
        for (long offset : offsets) {
            tracker.track(offset);
        }
        return tracker;
    }
}
