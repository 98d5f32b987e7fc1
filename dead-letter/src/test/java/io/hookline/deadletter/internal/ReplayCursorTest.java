package io.hookline.deadletter.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.HooklineException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayCursorTest {
    private static final String FILTERS = "0123456789abcdef";

    @Test
    void aFreshPlaceIsBeforeEverything() {
        ReplayCursor cursor = ReplayCursor.fresh();
        assertEquals(0, cursor.readFrom());
        assertTrue(cursor.needsLook(0, "sub_1"));
        assertEquals("hookline-replay/1|" + FILTERS + "|", cursor.encode(FILTERS));
    }

    @Test
    void handledRecordsMoveThePlaceAndWaitingOnesAreKeptByTheirFirstOffset() {
        ReplayCursor cursor = ReplayCursor.fresh();
        cursor.handled(0, "sub_1", false);
        cursor.handled(1, "sub_2", true);
        cursor.handled(2, "sub_1", false);
        cursor.handled(3, "sub_2", true);
        assertEquals(4, cursor.next());
        assertEquals(Map.of("sub_2", 1L), cursor.waiting());
        assertEquals(1, cursor.readFrom());

        ReplayCursor read = decode(cursor);
        assertEquals(4, read.next());
        assertEquals(Map.of("sub_2", 1L), read.waiting());
        assertFalse(read.needsLook(2, "sub_1"), "sent before: never looked at again");
        assertFalse(read.needsLook(0, "sub_2"), "before the first waiting letter");
        assertTrue(read.needsLook(1, "sub_2"));
        assertTrue(read.needsLook(3, "sub_2"));
        assertTrue(read.needsLook(4, "sub_1"));
    }

    @Test
    void aSubscriptionStillWaitingKeepsItsPlace() {
        ReplayCursor cursor = decode("hookline-replay/1|" + FILTERS + "|sub_2@1", 4);
        cursor.needsLook(1, "sub_2");
        cursor.handled(1, "sub_2", true);
        cursor.needsLook(3, "sub_2");
        cursor.handled(3, "sub_2", true);
        cursor.needsLook(5, "sub_3");
        cursor.handled(5, "sub_3", false);
        assertEquals(Map.of("sub_2", 1L), cursor.waiting());
        assertEquals(6, cursor.next());
    }

    @Test
    void aSubscriptionFitAgainIsSentUpToThePlaceThenForgotten() {
        ReplayCursor cursor = decode("hookline-replay/1|" + FILTERS + "|sub_2@1,sub_9@2", 4);
        assertTrue(cursor.needsLook(1, "sub_2"));
        cursor.handled(1, "sub_2", false);
        assertEquals(Map.of("sub_2", 2L, "sub_9", 2L), cursor.waiting(), "a run stopped here goes on after it");
        cursor.needsLook(2, "sub_9");
        cursor.handled(2, "sub_9", true);
        assertTrue(cursor.needsLook(3, "sub_2"));
        cursor.handled(3, "sub_2", false);
        assertTrue(cursor.needsLook(4, "sub_1"), "past the old place, the revisit is over");
        assertEquals(Map.of("sub_9", 2L), cursor.waiting());
    }

    @Test
    void reachingTheEndEndsTheRevisitAndSkipsMarkers() {
        ReplayCursor cursor = decode("hookline-replay/1|" + FILTERS + "|sub_2@1", 4);
        cursor.needsLook(1, "sub_2");
        cursor.handled(1, "sub_2", false);
        assertTrue(cursor.reached(6));
        assertEquals(6, cursor.next());
        assertEquals(Map.of(), cursor.waiting());
        assertFalse(cursor.reached(6));
    }

    @Test
    void aPlaceKeptWithOtherFiltersOrByAnotherToolIsRefused() {
        HooklineException other = assertThrows(HooklineException.class,
                () -> ReplayCursor.decode(3, "hookline-replay/1|ffffffffffffffff|", FILTERS, "nightly"));
        assertEquals("replay nightly was run with other filters; run it with the same filters, or choose another "
                + "--name", other.getMessage());
        HooklineException foreign = assertThrows(HooklineException.class,
                () -> ReplayCursor.decode(3, "", FILTERS, "nightly"));
        assertTrue(foreign.getMessage().startsWith("replay nightly: its consumer group holds offsets no replay"));
    }

    @Test
    void refusesToKeepMoreWaitingSubscriptionsThanKafkaStoresInOffsetMetadata() {
        ReplayCursor cursor = ReplayCursor.fresh();
        int n = 0;
        while (cursor.canWait("subscription-" + n, FILTERS)) {
            cursor.handled(n, "subscription-" + n, true);
            n++;
        }
        assertTrue(n > 50, "room for many: " + n);
        assertTrue(cursor.encode(FILTERS).length() <= ReplayCursor.MAX_METADATA_CHARS);
        assertTrue(cursor.canWait("subscription-0", FILTERS), "one already waiting takes no more room");
    }

    private static ReplayCursor decode(ReplayCursor cursor) {
        return decode(cursor.encode(FILTERS), cursor.next());
    }

    private static ReplayCursor decode(String metadata, long offset) {
        return ReplayCursor.decode(offset, metadata, FILTERS, "test");
    }
}
