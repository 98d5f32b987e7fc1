package io.hookline.bench.internal;

import java.util.Optional;

/** A system under measurement, started before its run's events are counted and closed after. */
public interface Contender extends AutoCloseable {

    /** Starts consuming; returns at once. */
    void start();

    /** What stopped it, if something did: a failed contender voids its run. */
    Optional<Throwable> failure();

    @Override
    void close();
}
