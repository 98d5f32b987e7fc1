package io.hookline.app.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TerminalProgressTest {
    private final AtomicLong now = new AtomicLong();
    private final StringWriter written = new StringWriter();
    private final TerminalProgress progress = new TerminalProgress(new PrintWriter(written), 100, now::get);

    @Test
    void drawsABarWithShareCountAndRateInPlace() {
        progress.started("replaying", 1000);
        now.set(2_000_000_000L);
        progress.advanced(250);
        assertEquals("\rreplaying [######------------------]  25% 250/1,000  125/s ", written.toString());
    }

    @Test
    void redrawsAtMostTenTimesASecondAndClearsTheLineAtTheEnd() {
        progress.started("replaying", 1000);
        now.set(1_000_000_000L);
        progress.advanced(1);
        now.addAndGet(50_000_000L);
        progress.advanced(2);
        assertEquals(1, written.toString().chars().filter(c -> c == '\r').count());
        progress.finished();
        assertTrue(written.toString().endsWith("\r" + " ".repeat(80) + "\r"));
    }

    @Test
    void aShortReadShowsNothing() {
        progress.started("reading", 99);
        now.set(1_000_000_000L);
        progress.advanced(50);
        progress.finished();
        assertEquals("", written.toString());
    }
}
