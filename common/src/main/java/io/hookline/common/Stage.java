package io.hookline.common;

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
    java.util.Optional<Throwable> failure();

    /** Stops the stage, finishing or handing off what is in flight, within the stage's shutdown timeout. */
    @Override
    void close();
}
