package io.hookline.bench.internal;

import java.util.HashSet;
import java.util.Set;

/**
 * Endpoints that misbehave in a run: stalled ones hold every request without answering until
 * long after the client gave up; failing ones answer 500 at once.
 */
public record Faults(Set<Integer> stalled, Set<Integer> failing) {
    public static final Faults NONE = new Faults(Set.of(), Set.of());

    public Faults {
        stalled = Set.copyOf(stalled);
        failing = Set.copyOf(failing);
    }

    /** {@code percent} % of {@code endpoints} stalled and as many failing (at least one each), spread out. */
    public static Faults percent(int endpoints, double percent) {
        int count = Math.max(1, (int) Math.round(endpoints * percent / 100));
        Set<Integer> stalled = new HashSet<>();
        Set<Integer> failing = new HashSet<>();
        int stride = endpoints / count;
        for (int i = 0; i < count; i++) {
            stalled.add((i * stride + stride / 3) % endpoints);
            failing.add((i * stride + 2 * stride / 3 + 1) % endpoints);
        }
        return new Faults(stalled, failing);
    }

    public boolean any() {
        return !stalled.isEmpty() || !failing.isEmpty();
    }

    public boolean healthy(int endpoint) {
        return !stalled.contains(endpoint) && !failing.contains(endpoint);
    }
}
