package io.hookline.bench.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time spent by the processes of a run — the harness's JVM (the systems, the load
 * generator, the ledger), the receiver's and the broker's when it is a child — read from the
 * operating system ({@link ProcessHandle.Info#totalCpuDuration()}, user and system time).
 * On a shared machine the wall-clock rate of a run moves with whatever else runs; the CPU a
 * delivery costs moves much less, and two cores' worth of it bounds what the box can do.
 *
 * <pre>{@code
 * ProcessCpu cpu = new ProcessCpu(Map.of("harness", ProcessHandle.current().pid()));
 * Map<String, Long> before = cpu.nanos();
 * ...
 * Map<String, Double> seconds = ProcessCpu.spent(before, cpu.nanos());
 * }</pre>
 */
final class ProcessCpu {
    private final Map<String, Long> pids;

    /** @param pids the processes by name, in the order reports list them */
    ProcessCpu(Map<String, Long> pids) {
        this.pids = new LinkedHashMap<>(pids);
    }

    /** CPU nanoseconds each process has used so far; a process that is gone or unreadable is left out. */
    Map<String, Long> nanos() {
        Map<String, Long> nanos = new LinkedHashMap<>();
        pids.forEach((name, pid) -> ProcessHandle.of(pid)
                .flatMap(handle -> handle.info().totalCpuDuration())
                .map(Duration::toNanos)
                .ifPresent(cpu -> nanos.put(name, cpu)));
        return nanos;
    }

    /**
     * Seconds of CPU each process used between two readings; empty when a process read before
     * cannot be read after (it exited or restarted), since part of the run's work is then unknown.
     */
    static Map<String, Double> spent(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (Map.Entry<String, Long> start : before.entrySet()) {
            Long end = after.get(start.getKey());
            if (end == null || end < start.getValue()) {
                return Map.of();
            }
            seconds.put(start.getKey(), (end - start.getValue()) / 1e9);
        }
        return seconds;
    }
}
