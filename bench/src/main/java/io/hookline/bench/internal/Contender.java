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

    /** What stopped it, if something did: a failed contender voids its run. */
    Optional<Throwable> failure();

    @Override
    void close();
}
