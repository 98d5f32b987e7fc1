package io.hookline.router.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what happens when a router stream thread dies. The router's processors do not throw
 * on bad records, so a dying thread means a broker problem or a bug: a new thread is worth a
 * try, a few times. A thread that keeps dying (a bug hit by the same record again and again)
 * or missing topics (which no retry will create) shut the router down, so that readiness
 * fails and an operator looks, instead of a loop that only fills logs.
 */
public final class StreamThreadFailureHandler implements StreamsUncaughtExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(StreamThreadFailureHandler.class);

    private final int maxReplacements;
    private final Duration period;
    private final Clock clock;
    private final Deque<Instant> replacements = new ArrayDeque<>();

    /** Replaces at most {@code maxReplacements} threads in any {@code period}. */
    public StreamThreadFailureHandler(int maxReplacements, Duration period, Clock clock) {
        this.maxReplacements = maxReplacements;
        this.period = period;
        this.clock = clock;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable failure) {
        if (causedBy(failure, MissingSourceTopicException.class)) {
            log.error("Router shutting down: a topic it reads does not exist. Create Hookline's topics "
                    + "(`hookline topics create`) and start it again.", failure);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        Instant now = clock.instant();
        while (!replacements.isEmpty() && !replacements.peekFirst().isAfter(now.minus(period))) {
            replacements.removeFirst();
        }
        if (replacements.size() >= maxReplacements) {
            log.error("Router shutting down: a stream thread failed again after {} replacements within {}",
                    replacements.size(), period, failure);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replacements.addLast(now);
        log.error("Router stream thread failed; replacing it ({} of at most {} within {})",
                replacements.size(), maxReplacements, period, failure);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
