package io.hookline.dispatcher.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What a committed offset's metadata says about the offsets above it: which of them were
 * already final when it was committed. A commit never passes an unfinished delivery, so one
 * slow delivery holds its partition's committed offset back while thousands after it finish;
 * without this note, a crash would send all of those again. With it, the next owner of the
 * partition skips them and sends again only what was really unfinished.
 *
 * <p>The note covers {@code [committed, end)}: every offset there is final except
 * {@code unfinished}. Offsets without a record (transaction markers) count as final: no
 * record will ask about them. Written into the commit's metadata as {@code hl1:} and the URL-safe
 * Base64 of varint run lengths from the committed offset: unfinished, then final, alternately.
 * The broker keeps at most {@code offset.metadata.max.bytes} (4096 by default): a note that
 * would not fit in {@link #MAX_CHARS} is cut short, which is as safe as no note.
 *
 * @param committed  the committed offset, the lowest unfinished one
 * @param end        one past the last offset the note covers; at least {@code committed}
 * @param unfinished the offsets in {@code [committed, end)} that were not final
 */
record FinishedAbove(long committed, long end, NavigableSet<Long> unfinished) {
    static final String PREFIX = "hl1:";
    /** Under the broker's default 4096, with room to spare. */
    static final int MAX_CHARS = 3_000;
    /** More unfinished offsets in a row than a dispatcher has in flight: a damaged note. */
    private static final long MAX_UNFINISHED_RUN = 1_000_000;

    FinishedAbove {
        if (committed < 0 || end < committed) {
            throw new IllegalArgumentException("a note covers [" + committed + ", " + end + ")");
        }
        unfinished = new TreeSet<>(Objects.requireNonNull(unfinished, "unfinished"));
        if (!unfinished.isEmpty() && (unfinished.first() < committed || unfinished.last() >= end)) {
            throw new IllegalArgumentException("unfinished offsets outside [" + committed + ", " + end + ")");
        }
    }

    /** Whether the delivery at {@code offset} was final when the note was written. */
    boolean isFinished(long offset) {
        return offset >= committed && offset < end && !unfinished.contains(offset);
    }

    /**
     * The metadata to commit with {@link #committed}. A note too long for {@link #MAX_CHARS} is
     * cut: it then covers less, and what it no longer covers counts as unfinished, sent again
     * after a crash as it would be without a note.
     */
    String encode() {
        int budget = (MAX_CHARS - PREFIX.length()) / 4 * 3;
        ByteArrayOutputStream runs = new ByteArrayOutputStream();
        ByteArrayOutputStream pair = new ByteArrayOutputStream();
        long at = committed;
        while (at < end) {
            long unfinishedRun = 0;
            while (at < end && unfinished.contains(at)) {
                unfinishedRun++;
                at++;
            }
            Long nextUnfinished = unfinished.ceiling(at);
            long finishedRun = (nextUnfinished == null ? end : nextUnfinished) - at;
            at += finishedRun;
            pair.reset();
            writeVarint(pair, unfinishedRun);
            writeVarint(pair, finishedRun);
            if (runs.size() + pair.size() > budget) {
                break;
            }
            runs.writeBytes(pair.toByteArray());
        }
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(runs.toByteArray());
    }

    /**
     * Reads the note committed with {@code committed}; empty when the metadata is not one
     * (empty, or written by something else) or is damaged: then nothing above is skipped.
     */
    static Optional<FinishedAbove> decode(long committed, String metadata) {
        if (committed < 0 || metadata == null || !metadata.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            byte[] runs = Base64.getUrlDecoder().decode(metadata.substring(PREFIX.length()).getBytes(
                    StandardCharsets.US_ASCII));
            NavigableSet<Long> unfinished = new TreeSet<>();
            int[] position = {0};
            long at = committed;
            while (position[0] < runs.length) {
                long unfinishedRun = readVarint(runs, position);
                long finishedRun = readVarint(runs, position);
                if (unfinishedRun > MAX_UNFINISHED_RUN) {
                    throw new IllegalArgumentException("an unfinished run longer than any note writes");
                }
                for (long i = 0; i < unfinishedRun; i++) {
                    unfinished.add(at++);
                }
                at = Math.addExact(at, finishedRun);
            }
            return Optional.of(new FinishedAbove(committed, at, unfinished));
        } catch (IllegalArgumentException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            out.write((int) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        out.write((int) rest);
    }

    private static long readVarint(byte[] in, int[] position) {
        long value = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            if (position[0] >= in.length) {
                throw new IllegalArgumentException("a run length is cut short");
            }
            byte b = in[position[0]++];
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("a run length is too long");
    }
}
