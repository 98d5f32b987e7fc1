package io.hookline.app.internal;

import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * Where the demo prints: one line per thing that happened, each starting with the local time
 * to the millisecond, so the user reads the timing off the screen (an event sent, its
 * delivery arriving, a retry five seconds later). Thread-safe, as {@link PrintStream} is.
 */
final class DemoConsole {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final PrintStream out;
    private final Clock clock;

    DemoConsole(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    /** Prints {@code text} after the time now. */
    void line(String text) {
        out.println(LocalTime.ofInstant(clock.instant(), clock.getZone()).format(TIME) + "  " + text);
    }

    /** Prints {@code text} as it is: for the demo's heading, which is not part of the timeline. */
    void plain(String text) {
        out.println(text);
    }
}
