package io.hookline.dispatcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;
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
        assertEquals(OptionalLong.of(1), uncommitted(tracker));

        tracker.committed(1);
        assertEquals(OptionalLong.empty(), uncommitted(tracker), "1 is committed already");

        tracker.finish(1);
        assertEquals(OptionalLong.of(2), uncommitted(tracker));
        tracker.committed(2);
        tracker.committed(1);
        assertEquals(OptionalLong.empty(), uncommitted(tracker), "a late, older commit does not go back");
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

    @Test
    void aTrackerResumedFromANoteSkipsWhatFinishedAndWaitsForTheRest() {
        OffsetTracker tracker = new OffsetTracker(new FinishedAbove(100, 110, new TreeSet<>(List.of(100L, 104L))));
        assertEquals(OptionalLong.empty(), uncommitted(tracker), "nothing changed since the note");
        assertEquals(0, tracker.inFlight(), "nothing handed over yet");

        assertTrue(tracker.admit(100));
        assertFalse(tracker.admit(101));
        assertTrue(tracker.admit(104));
        assertTrue(tracker.admit(110));
        assertEquals(3, tracker.inFlight());
        tracker.finish(100);
        assertEquals(OptionalLong.of(104), tracker.committable());
        tracker.finish(104);
        assertEquals(OptionalLong.of(110), tracker.committable());
    }

    @Test
    void aPendingOffsetTheLogSkippedNoLongerHoldsTheCommitBack() {
        OffsetTracker tracker = new OffsetTracker(new FinishedAbove(100, 110, new TreeSet<>(List.of(100L, 104L))));

        assertFalse(tracker.admit(105), "100 and 104 are gone from the log");
        assertEquals(OptionalLong.of(110), tracker.committable());
    }

    @Test
    void anOffsetOfferedAgainWhenOnlyWhatFinishedAboveItChanged() {
        OffsetTracker tracker = tracking(0, 1, 2);
        tracker.committed(uncommitted(tracker).getAsLong());
        assertEquals(OptionalLong.empty(), uncommitted(tracker));

        tracker.finish(2);
        FinishedAbove note = tracker.uncommitted().orElseThrow();
        assertEquals(new FinishedAbove(0, 3, new TreeSet<>(List.of(0L, 1L))), note);
        assertEquals(3, tracker.ahead());
    }

    @Test
    void aFailedCommitIsOfferedAgain() {
        OffsetTracker tracker = tracking(0, 1);
        tracker.committed(uncommitted(tracker).getAsLong());
        tracker.finish(1);
        assertEquals(OptionalLong.of(0), uncommitted(tracker), "what finished above 0 changed");
        assertEquals(OptionalLong.empty(), uncommitted(tracker), "offered once");

        tracker.commitFailed();
        assertEquals(OptionalLong.of(0), uncommitted(tracker));
    }

    private static OptionalLong uncommitted(OffsetTracker tracker) {
        return tracker.uncommitted().map(note -> OptionalLong.of(note.committed())).orElse(OptionalLong.empty());
    }
}
