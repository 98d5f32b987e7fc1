package io.hookline.bench.internal;

import io.hookline.common.HooklineException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waiting for things that give no notice: a stage being ready (with Awaitility), and the
 * harness's progress tick while a run's ledger fills up, off every measured path.
 */
public final class Await {

    private static final Duration POLL = Duration.ofMillis(50);

    private Await() {
    }

    /** Waits until {@code done} is true, failing after {@code timeout} with "timed out waiting for {what}". */
    public static void until(BooleanSupplier done, Duration timeout, String what) {
        until(done, timeout, () -> what);
    }

    /**
     * As {@link #until(BooleanSupplier, Duration, String)}, with the text asked for when the wait
     * times out: it can say where things stood then.
     */
    public static void until(BooleanSupplier done, Duration timeout, Supplier<String> what) {
        try {
            Awaitility.await().atMost(timeout).pollInterval(POLL).until(done::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new HooklineException("timed out after " + timeout.toSeconds() + " s waiting for " + what.get(), e);
        }
    }

    /**
     * The harness's tick between two looks at a running run (progress line, ledger, failure):
     * the stages and the receiver in its own JVM have nothing to block on instead.
     */
    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HooklineException("interrupted while waiting", e);
        }
    }
}
