package io.hookline.app.internal;

import io.hookline.deadletter.Progress;
import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * A progress bar on one terminal line, redrawn in place at most ten times a second:
 * {@code replaying [########------------]  41% 4,100/10,000  2,050/s}. Only for a terminal:
 * in a pipe or a log it would be noise, so {@link #forTerminal} hands out {@link Progress#NONE}
 * there.
 */
public final class TerminalProgress implements Progress {
    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 100_000_000;

    private final PrintWriter out;
    private final long minTotal;
    private final LongSupplier nanoTime;
    private String what = "";
    private long total;
    private long started;
    private long lastDrawn;
    private boolean shown;

    TerminalProgress(PrintWriter out, long minTotal, LongSupplier nanoTime) {
        this.out = out;
        this.minTotal = minTotal;
        this.nanoTime = nanoTime;
    }

    /**
     * A progress bar on {@code out} when this process runs on a terminal, else nothing.
     *
     * @param minTotal draw only when there are at least this many records: a short read needs no bar
     */
    public static Progress forTerminal(PrintWriter out, long minTotal) {
        return System.console() == null ? Progress.NONE : new TerminalProgress(out, minTotal, System::nanoTime);
    }

    /** True when the process runs on a terminal, where a person can be asked and shown progress. */
    public static boolean onTerminal() {
        return System.console() != null;
    }

    @Override
    public void started(String newWhat, long newTotal) {
        this.what = newWhat;
        this.total = newTotal;
        this.started = nanoTime.getAsLong();
        this.lastDrawn = 0;
    }

    @Override
    public void advanced(long done) {
        if (total < minTotal || total == 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (now - lastDrawn < REDRAW_NANOS) {
            return;
        }
        lastDrawn = now;
        out.print("\r" + line(done, now));
        out.flush();
        shown = true;
    }

    String line(long done, long now) {
        long shownDone = Math.min(done, total);
        int filled = (int) (WIDTH * shownDone / total);
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        return String.format("%s [%s%s] %3d%% %,d/%,d  %,d/s ", what, "#".repeat(filled), "-".repeat(WIDTH - filled),
                100 * shownDone / total, shownDone, total, Math.round(shownDone / seconds));
    }

    @Override
    public void finished() {
        if (shown) {
            out.print("\r" + " ".repeat(80) + "\r");
            out.flush();
            shown = false;
        }
    }
}
