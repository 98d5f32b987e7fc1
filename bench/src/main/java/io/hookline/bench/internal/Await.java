package io.hookline.bench.internal;

import io.hookline.common.HooklineException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waiting for things that give no notice: a stage being ready, a run's ledger filling up.
 * The harness looks again after a short pause, off every measured path.
 */
public final class Await {

    private Await() {
    }

    /** Waits until {@code done} is true, failing after {@code timeout} with "timed out waiting for {what}". */
    public static void until(BooleanSupplier done, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new HooklineException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            pause(Duration.ofMillis(50));
        }
    }

    /** Pauses the calling thread: the stages and the receiver have nothing to block on instead. */
    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HooklineException("interrupted while waiting", e);
        }
    }
}
