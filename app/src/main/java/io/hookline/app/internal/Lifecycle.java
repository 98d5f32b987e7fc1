package io.hookline.app.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * How a long-running command ends: on Ctrl-C or SIGTERM, or when one of its stages fails.
 * Installed before anything starts, so that a signal during startup still leads to a clean
 * close; the JVM's shutdown waits (bounded) until {@link #close()} says everything is closed.
 *
 * <pre>{@code
 * try (Lifecycle lifecycle = Lifecycle.install()) {
 *     start things …
 *     Optional<Throwable> failed = lifecycle.awaitStopOrFailure(stage::failure);
 *     close things …
 * }
 * }</pre>
 */
public final class Lifecycle implements AutoCloseable {
    /** How long a signal waits for the command to close; beyond it the JVM halts anyway. */
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(90);
    private static final long CHECK_MILLIS = 200;

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);

    private Lifecycle() {
    }

    public static Lifecycle install() {
        Lifecycle lifecycle = new Lifecycle();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            lifecycle.stopRequested.countDown();
            try {
                lifecycle.closed.await(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "hookline-shutdown"));
        return lifecycle;
    }

    public boolean stopRequested() {
        return stopRequested.getCount() == 0;
    }

    /**
     * Blocks until a stop is requested (then empty) or {@code failure} reports one (then it).
     */
    public Optional<Throwable> awaitStopOrFailure(Supplier<Optional<Throwable>> failure) throws InterruptedException {
        while (!stopRequested.await(CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
            Optional<Throwable> failed = failure.get();
            if (failed.isPresent()) {
                return failed;
            }
        }
        return Optional.empty();
    }

    /** Everything is closed: a waiting shutdown may let the JVM end. */
    @Override
    public void close() {
        closed.countDown();
    }
}
