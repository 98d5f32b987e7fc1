package io.hookline.common.ops;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.util.Objects;

/**
 * Base of a stage's metrics: a fixed set of names, each metric a field declared once with its
 * name, as {@code private final Counter delivered = counter(DELIVERED);}. Field initializers run
 * after this constructor, so every metric is registered when the instance is made: each name
 * shows in {@code /metrics}, at 0, before anything happened. A registry holds one metric per
 * name, so instances over one registry count into the same metrics.
 */
public abstract class StageMetrics {
    private final MetricRegistry registry;

    protected StageMetrics(MetricRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    protected final MetricRegistry registry() {
        return registry;
    }

    /** The counter named {@code name}, registered now unless it is already. */
    protected final Counter counter(String name) {
        return registry.counter(name);
    }

    /** The timer named {@code name}, registered now unless it is already. */
    protected final Timer timer(String name) {
        return registry.timer(name);
    }
}
