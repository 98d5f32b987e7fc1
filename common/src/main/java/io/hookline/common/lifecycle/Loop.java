package io.hookline.common.lifecycle;

/**
 * Work a {@link LoopRunner} runs on one thread, after the {@code KafkaConsumer} javadoc's
 * consumer-runner pattern: rounds that each return soon (a bounded poll), a {@link #wakeup()}
 * that makes a blocking round return at once, and a {@link #close()} that runs on the same
 * thread after the last round, whatever ended it.
 */
public interface Loop {
    /** Runner thread, once, before the first round: checks and preparation that may block. */
    default void open() {
    }

    /** Runner thread: one round of the work. An exception ends the loop as failed. */
    void runOnce() throws Exception;

    /**
     * Any thread: makes a round blocked in I/O return soon, e.g. {@code consumer.wakeup()}. The
     * round may then throw {@code WakeupException}, which the runner expects while stopping.
     */
    void wakeup();

    /** Runner thread, once, after the last round (also after a failure): finish and release. */
    void close();
}
