package io.hookline.bench.internal;

/**
 * One measured run: a system delivering {@code events} events of one layout, all at once
 * ({@code rate} null: the run measures how fast the backlog drains) or open-loop at
 * {@code rate} events per second (the run measures latency at that load).
 *
 * @param id       unique within the invocation; stamped into every event
 * @param scenario the scenario it belongs to
 * @param system   which system delivers: see {@link SystemKind}
 * @param label    what distinguishes it within the scenario, e.g. {@code clean} or {@code 50%}
 */
public record RunSpec(int id, String scenario, SystemKind system, String label, Layout layout, long events,
                      Double rate, Faults faults) {

    public RunSpec {
        if (events < 1) {
            throw new IllegalArgumentException("a run needs at least one event");
        }
    }

    public long expected() {
        return events * layout.fanOut();
    }

    public boolean paced() {
        return rate != null;
    }

    public String title() {
        return scenario + " " + system.cliName() + " f=" + layout.fanOut() + (label.isEmpty() ? "" : " " + label);
    }
}
