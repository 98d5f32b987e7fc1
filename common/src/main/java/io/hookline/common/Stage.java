package io.hookline.common;

import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A pipeline stage (router, dispatcher, …) as a process runs it: started once, asked whether
 * it is running for {@code /readyz}, closed once on shutdown.
 */
public interface Stage extends AutoCloseable {
    /** Starts the stage's work in the background and returns at once. */
    void start();

    /** True while the stage does its work: what {@code /readyz} reports. */
    boolean isRunning();

    /**
     * What stopped the stage on its own, if something did (not a {@link #close()}): a stage
     * that has failed will not recover, so its process should end and be restarted.
     */
    Optional<Throwable> failure();

    /** The first {@link #failure()} of {@code stages}, in their order; null stages (not started) are skipped. */
    static Optional<Throwable> firstFailure(Stage... stages) {
        return Stream.of(stages)
                .filter(Objects::nonNull)
                .map(Stage::failure)
                .flatMap(Optional::stream)
                .findFirst();
    }

    /** Stops the stage, finishing or handing off what is in flight, within the stage's shutdown timeout. */
    @Override
    void close();
}
