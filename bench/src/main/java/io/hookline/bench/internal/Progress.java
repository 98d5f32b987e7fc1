package io.hookline.bench.internal;

import java.io.PrintWriter;

/**
 * The live progress line: rewritten in place on a terminal, a new line every few seconds
 * otherwise (a log, a CI run).
 */
public final class Progress {
    private static final long LINE_EVERY_NANOS = 5_000_000_000L;

    private final PrintWriter out;
    private final boolean terminal;
    private long lastLine;
    private int lastLength;

    public Progress(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    public void show(String text) {
        if (terminal) {
            String padded = text.length() < lastLength ? text + " ".repeat(lastLength - text.length()) : text;
            out.print("\r" + padded);
            out.flush();
            lastLength = text.length();
        } else if (System.nanoTime() - lastLine > LINE_EVERY_NANOS) {
            out.println("  " + text);
            out.flush();
            lastLine = System.nanoTime();
        }
    }

    /** Ends the progress of a step with its final line. */
    public void done(String text) {
        if (terminal) {
            show(text);
            out.println();
        } else {
            out.println("  " + text);
        }
        out.flush();
        lastLength = 0;
        lastLine = 0;
    }

    public void line(String text) {
        out.println(text);
        out.flush();
    }
}
