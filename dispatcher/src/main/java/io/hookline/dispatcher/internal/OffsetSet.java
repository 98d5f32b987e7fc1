package io.hookline.dispatcher.internal;

import java.util.BitSet;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * A set of the offsets of one partition that are in flight: one bit per offset, from the
 * lowest one held (rounded down to a word) up, in a {@link BitSet}. Offsets are added mostly in
 * rising order, as a consumer reads them, and removed in any order, so what is held lies in a
 * window from the lowest unfinished offset to the last one read; the window slides up as its
 * lowest offsets are removed. Adding, removing and finding the lowest cost a few word
 * operations, and the window's words are copied once each time it slides by 4,096 offsets,
 * where a {@code TreeSet<Long>} boxed each offset and rebalanced a tree (9 % of the delivery
 * loop's poll thread in a profile: docs/benchmarks.md).
 *
 * <p>The memory is one bit per offset between the lowest held and the highest, which the
 * delivery loop keeps within {@link DeliveryLoop#MAX_AHEAD} (and one poll) by pausing the
 * partition: a few KB. The offsets held must lie within 2^31 of each other.
 *
 * <p>Not thread-safe.
 */
final class OffsetSet {
    /** Slide the window once this many bits below its lowest held offset are free. */
    private static final int SLIDE_BITS = 1 << 12;

    /** The offset of bit 0; a multiple of 64, so that sliding moves whole words. */
    private long base = -1;
    private BitSet bits = new BitSet();
    private int size;
    /** The bit of the lowest offset held, when not empty. */
    private int low;

    /** Adds {@code offset}; returns false if it is held already. */
    boolean add(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset " + offset + " is negative");
        }
        if (size == 0) {
            base = offset & ~63L; // empty: the window starts afresh, all of its bits clear
            low = (int) (offset - base);
        } else if (offset < base) {
            lower(offset & ~63L);
        }
        int bit = bitOf(offset);
        if (bits.get(bit)) {
            return false;
        }
        bits.set(bit);
        size++;
        low = Math.min(low, bit);
        return true;
    }

    /** Removes {@code offset}; returns false if it was not held. */
    boolean remove(long offset) {
        if (!contains(offset)) {
            return false;
        }
        int bit = (int) (offset - base);
        bits.clear(bit);
        size--;
        if (size > 0 && bit == low) {
            low = bits.nextSetBit(low + 1); // low only rises while the set is not empty: linear in all
            if (low >= SLIDE_BITS) {
                slide();
            }
        }
        return true;
    }

    boolean contains(long offset) {
        return size > 0 && offset >= base && offset - base < Integer.MAX_VALUE && bits.get((int) (offset - base));
    }

    /** The lowest offset held, or -1 when empty. */
    long first() {
        return size == 0 ? -1 : base + low;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The offsets held, boxed: for a commit's note, a few times a second. */
    NavigableSet<Long> toSortedSet() {
        NavigableSet<Long> all = new TreeSet<>();
        for (int bit = size == 0 ? -1 : low; bit >= 0; bit = bits.nextSetBit(bit + 1)) {
            all.add(base + bit);
        }
        return all;
    }

    private int bitOf(long offset) {
        long bit = offset - base;
        if (bit >= Integer.MAX_VALUE) {
            throw new IllegalStateException("offset " + offset + " is more than 2^31 above the lowest held, " + first());
        }
        return (int) bit;
    }

    /** Moves the window's start down to {@code newBase}: rare (offsets mostly come in rising order). */
    private void lower(long newBase) {
        long shift = base - newBase;
        if (shift + bits.length() >= Integer.MAX_VALUE) {
            throw new IllegalStateException("offset " + newBase + " is more than 2^31 below the highest held");
        }
        BitSet lowered = new BitSet(bits.length() + (int) shift);
        for (int bit = bits.nextSetBit(0); bit >= 0; bit = bits.nextSetBit(bit + 1)) {
            lowered.set(bit + (int) shift);
        }
        bits = lowered;
        base = newBase;
        low += (int) shift;
    }

    /** Drops the whole words below the lowest held offset, once they are many. */
    private void slide() {
        int dropped = low & ~63;
        bits = bits.get(dropped, bits.length());
        base += dropped;
        low -= dropped;
    }

    @Override
    public String toString() {
        return toSortedSet().toString();
    }
}
