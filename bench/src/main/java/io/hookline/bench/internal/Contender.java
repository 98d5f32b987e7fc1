package io.hookline.bench.internal;

import java.util.Map;
import java.util.Optional;

/** A system under measurement, started before its run's events are counted and closed after. */
public interface Contender extends AutoCloseable {

    /** Starts consuming; returns at once. */
    void start();

    /**
     * Its own counts of what it did so far (for Hookline: the dispatcher's counters of
     * docs/metrics.md, e.g. {@code dispatcher.waited}), by name; none for a baseline. A run
     * reports how much each grew while it ran.
     */
    default Map<String, Long> counters() {
        return Map.of();
    }

    /**
     * Stops taking input until {@link #releaseInput()}, so that a run's backlog is written
     * before it starts on it; false when it cannot, and then takes input as it is written.
     */
    default boolean holdInput() {
        return false;
    }

    /** Takes input again after {@link #holdInput()}. */
    default void releaseInput() {
    }

    /**
     * True when it runs in the harness's own JVM (and the receiver and broker do its HTTP and
     * Kafka work), so that the CPU those processes spend during a run is what the run cost.
     */
    default boolean runsInHarness() {
        return true;
    }

    /** What stopped it, if something did: a failed contender voids its run. */
    Optional<Throwable> failure();

    @Override
    void close();
}
