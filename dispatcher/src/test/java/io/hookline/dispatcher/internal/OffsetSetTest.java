package io.hookline.dispatcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class OffsetSetTest {

    @Test
    void holdsOffsetsAndFindsTheLowest() {
        OffsetSet set = new OffsetSet();
        assertTrue(set.isEmpty());
        assertEquals(-1, set.first());

        assertTrue(set.add(70));
        assertTrue(set.add(71));
        assertTrue(set.add(200));
        assertFalse(set.add(71), "held already");
        assertEquals(3, set.size());
        assertEquals(70, set.first());

        assertTrue(set.remove(70));
        assertFalse(set.remove(70), "not held any more");
        assertFalse(set.remove(5), "never held");
        assertEquals(71, set.first());
        assertTrue(set.remove(200));
        assertEquals(71, set.first());
        assertTrue(set.contains(71));
        assertFalse(set.contains(200));
        assertEquals(new TreeSet<>(List.of(71L)), set.toSortedSet());
    }

    @Test
    void slidesPastAFarGapAndBack() {
        OffsetSet set = new OffsetSet();
        set.add(3);
        set.add(1_000_000);
        set.add(3_000_000);
        set.remove(3);
        assertEquals(1_000_000, set.first());
        set.remove(1_000_000);
        assertEquals(3_000_000, set.first());
        assertTrue(set.add(2_999_000), "below the lowest held: the window moves down");
        assertEquals(2_999_000, set.first());
        assertEquals(new TreeSet<>(List.of(2_999_000L, 3_000_000L)), set.toSortedSet());
    }

    @Test
    void refusesAnOffsetTooFarFromTheLowestHeld() {
        OffsetSet set = new OffsetSet();
        set.add(3);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> set.add(5_000_000_000L));
        assertTrue(e.getMessage().contains("5000000000"), e.getMessage());
        assertEquals(1, set.size());
    }

    @Test
    void startsAfreshOnceEmpty() {
        OffsetSet set = new OffsetSet();
        set.add(10);
        set.remove(10);
        assertTrue(set.add(2), "lower than anything held before: fine when empty");
        assertEquals(2, set.first());
        assertFalse(set.contains(10));
    }

    @Test
    void refusesNegativeOffsets() {
        assertThrows(IllegalArgumentException.class, () -> new OffsetSet().add(-1));
    }

    @Test
    void agreesWithATreeSetOverRandomDeliveriesInFlight() {
        SplittableRandom random = new SplittableRandom(7);
        for (int run = 0; run < 10; run++) {
            OffsetSet set = new OffsetSet();
            NavigableSet<Long> expected = new TreeSet<>();
            List<Long> inFlight = new ArrayList<>();
            long next = random.nextLong(1L << 40);
            for (int step = 0; step < 50_000; step++) {
                int what = random.nextInt(100);
                if (what < 50 || inFlight.isEmpty()) {
                    // a new record, after a gap now and then (markers, compaction, a far jump)
                    next += random.nextInt(1_000) < 950 ? 1 : random.nextInt(random.nextInt(10) > 0 ? 10 : 100_000);
                    assertEquals(expected.add(next), set.add(next));
                    inFlight.add(next);
                } else if (what < 97) {
                    // one finishes, mostly among the oldest, sometimes the one held longest stays
                    int index = random.nextInt(100) < 70 ? random.nextInt(Math.min(inFlight.size(), 8))
                            : random.nextInt(inFlight.size());
                    if (index == 0 && inFlight.size() > 1 && random.nextInt(10) < 9) {
                        index = 1; // the lowest one holds on for long
                    }
                    long offset = inFlight.remove(index);
                    assertEquals(expected.remove(offset), set.remove(offset));
                } else {
                    // an offset read again below what is held (a rewind)
                    long offset = Math.max(0, (expected.isEmpty() ? next : expected.first()) - random.nextInt(300));
                    boolean added = set.add(offset);
                    assertEquals(expected.add(offset), added);
                    if (added) {
                        inFlight.add(offset);
                    }
                }
                assertEquals(expected.size(), set.size());
                assertEquals(expected.isEmpty() ? -1 : expected.first(), set.first());
                long probe = next - random.nextInt(1_000);
                assertEquals(expected.contains(probe), set.contains(probe));
            }
            assertEquals(expected, set.toSortedSet());
        }
    }
}
