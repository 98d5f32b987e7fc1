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

    /** Stops the stage, finishing or handing off what is in flight, within the stage's shutdown timeout. */
    @Override
    void close();
}
