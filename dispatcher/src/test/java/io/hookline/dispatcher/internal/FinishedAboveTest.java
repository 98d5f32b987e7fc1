package io.hookline.dispatcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class FinishedAboveTest {

    @Test
    void saysWhichOffsetsAboveTheCommittedOneWereFinal() {
        FinishedAbove note = new FinishedAbove(10, 20, new TreeSet<>(List.of(10L, 15L, 16L)));

        assertFalse(note.isFinished(10));
        assertTrue(note.isFinished(11));
        assertFalse(note.isFinished(16));
        assertTrue(note.isFinished(19));
        assertFalse(note.isFinished(20), "beyond the note: not known");
        assertFalse(note.isFinished(9));
    }

    @Test
    void survivesTheCommitMetadata() {
        FinishedAbove note = new FinishedAbove(1_000_000, 1_020_000,
                new TreeSet<>(List.of(1_000_000L, 1_000_001L, 1_005_000L, 1_019_999L)));

        String metadata = note.encode();

        assertTrue(metadata.startsWith("hl1:"));
        assertTrue(metadata.length() < 40, metadata);
        assertEquals(Optional.of(note), FinishedAbove.decode(1_000_000, metadata));
    }

    @Test
    void aNoteWithNothingAboveIsEmpty() {
        FinishedAbove note = new FinishedAbove(5, 5, new TreeSet<>());

        assertEquals(Optional.of(note), FinishedAbove.decode(5, note.encode()));
    }

    @Test
    void aNoteTooLongIsCutAndCoversLess() {
        // every other offset unfinished: two runs per offset pair, the worst case
        TreeSet<Long> unfinished = LongStream.range(0, 20_000).filter(o -> o % 2 == 0).boxed()
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        FinishedAbove note = new FinishedAbove(0, 20_000, unfinished);

        String metadata = note.encode();

        assertTrue(metadata.length() <= FinishedAbove.MAX_CHARS, metadata.length() + " chars");
        FinishedAbove cut = FinishedAbove.decode(0, metadata).orElseThrow();
        assertTrue(cut.end() > 1_000 && cut.end() < 20_000, "covers " + cut.end());
        for (long offset = 0; offset < 20_000; offset++) {
            assertTrue(!cut.isFinished(offset) || note.isFinished(offset), "never finished when it was not: " + offset);
        }
    }

    @Test
    void metadataThatIsNotANoteSaysNothing() {
        assertEquals(Optional.empty(), FinishedAbove.decode(5, ""));
        assertEquals(Optional.empty(), FinishedAbove.decode(5, null));
        assertEquals(Optional.empty(), FinishedAbove.decode(5, "written by another tool"));
        assertEquals(Optional.empty(), FinishedAbove.decode(5, "hl1:!!"), "not Base64");
        assertEquals(Optional.empty(), FinishedAbove.decode(5, "hl1:gA"), "a run cut short");
        assertEquals(Optional.empty(), FinishedAbove.decode(5, "hl1:_____w8A"), "an absurd unfinished run");
    }

    @Test
    void refusesUnfinishedOffsetsOutsideWhatItCovers() {
        assertThrows(IllegalArgumentException.class, () -> new FinishedAbove(10, 20, new TreeSet<>(List.of(20L))));
        assertThrows(IllegalArgumentException.class, () -> new FinishedAbove(10, 9, new TreeSet<>()));
    }
}
