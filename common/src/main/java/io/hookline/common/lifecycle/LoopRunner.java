package io.hookline.common.lifecycle;

import io.hookline.common.HooklineException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Loop} on one thread and owns its life: one {@link LoopState} instead of a
 * handful of flags, moved only along the transitions the enum allows. Other threads may
 * {@linkplain #fail(Throwable) fail} it (a producer callback that cannot record an outcome),
 * {@linkplain #close(Duration) close} it, and ask its {@linkplain #state() state}.
 */
public final class LoopRunner {
    private static final Logger log = LoggerFactory.getLogger(LoopRunner.class);

    private final String name;
    private final Loop loop;
    private final AtomicReference<LoopState> state = new AtomicReference<>(LoopState.CREATED);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Thread thread;

    /** @param name the thread's name, and the loop's in log lines */
    public LoopRunner(String name, Loop loop) {
        this.name = name;
        this.loop = loop;
    }

    /** Runs the loop on a new thread named after the runner. */
    public void start() {
        Thread runner = new Thread(this::run, name);
        runner.setDaemon(true);
        if (!move(LoopState.CREATED, LoopState.STARTING)) {
            throw new IllegalStateException(name + " runs once; it is " + state.get());
        }
        thread = runner;
        runner.start();
    }

    private void run() {
        try {
            loop.open();
            move(LoopState.STARTING, LoopState.RUNNING);
            while (state.get() == LoopState.RUNNING) {
                throwIfFailed();
                loop.runOnce();
            }
        } catch (WakeupException e) {
            if (state.get() != LoopState.STOPPING) {
                record(failure.get() != null ? failure.get() : e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            record(e);
        } catch (Throwable e) { // an Error ends the loop too, and must be seen
            record(e);
        } finally {
            closeLoop();
            LoopState last = failure.get() != null ? LoopState.FAILED : LoopState.STOPPED;
            state.set(last);
            stopped.countDown();
            if (last == LoopState.FAILED) {
                Throwable e = failure.get();
                if (e instanceof HooklineException) {
                    log.error("{} stopped: {}", name, e.getMessage());
                } else {
                    log.error("{} stopped: {}", name, e.toString(), e);
                }
            }
        }
    }

    private void throwIfFailed() throws Exception {
        Throwable e = failure.get();
        if (e instanceof Exception exception) {
            throw exception;
        }
        if (e instanceof Error error) {
            throw error;
        }
    }

    private void closeLoop() {
        try {
            loop.close();
        } catch (RuntimeException e) {
            log.warn("{} did not close cleanly: {}", name, e.toString());
        }
    }

    private void record(Throwable e) {
        failure.compareAndSet(null, e);
    }

    /**
     * Any thread: something the loop depends on broke for good. The loop stops as
     * {@link LoopState#FAILED}; ignored once it is stopping or stopped.
     */
    public void fail(Throwable e) {
        LoopState now = state.get();
        if (now == LoopState.STOPPING || now.isFinal()) {
            log.debug("{}: after close: {}", name, e.toString());
            return;
        }
        if (failure.compareAndSet(null, e)) {
            loop.wakeup();
        }
    }

    public LoopState state() {
        return state.get();
    }

    /** What stopped the loop on its own, if something did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /**
     * Waits until the loop has stopped, at most {@code timeout}.
     *
     * @return whether it has stopped
     */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Asks the loop to stop after its current round and waits until it has, at most
     * {@code timeout}. Safe from any thread and more than once; from the loop's own thread it
     * only asks. A runner never started closes its loop here.
     */
    public void close(Duration timeout) {
        if (move(LoopState.CREATED, LoopState.STOPPED)) {
            closeLoop();
            stopped.countDown();
            return;
        }
        if (move(LoopState.RUNNING, LoopState.STOPPING) || move(LoopState.STARTING, LoopState.STOPPING)) {
            loop.wakeup();
        }
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            if (!awaitStopped(timeout)) {
                log.warn("{} did not stop within {} s", name, timeout.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean move(LoopState from, LoopState to) {
        if (!from.canMoveTo(to)) {
            throw new IllegalStateException(from + " -> " + to + " is not a transition");
        }
        return state.compareAndSet(from, to);
    }
}
