package io.hookline.bench.internal;

import io.hookline.common.lifecycle.Loop;
import io.hookline.common.lifecycle.LoopRunner;
import java.time.Duration;
import java.util.Optional;

/**
 * A contender that is one {@link Loop} on its own thread: the baselines, which differ only in
 * what a round does. Closing waits up to 30 s for the loop's last round and its close.
 */
public abstract class LoopContender implements Contender {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final LoopRunner runner;

    /** @param name the loop thread's name */
    protected LoopContender(String name, Loop loop) {
        this.runner = new LoopRunner(name, loop);
    }

    @Override
    public final void start() {
        runner.start();
    }

    @Override
    public final Optional<Throwable> failure() {
        return runner.failure();
    }

    @Override
    public final void close() {
        runner.close(CLOSE_TIMEOUT);
    }
}
