package io.hookline.bench.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one run measured, and whether it counts: a run whose ledger does not balance (a
 * delivery neither delivered nor dead-lettered) or that saw a bad signature is void.
 *
 * @param expected            deliveries the run should account for: events × fan-out
 * @param delivered           answered 2xx by the receiver (or, for router runs, written to the output topic)
 * @param deadLettered        found in the dead-letter topic and not delivered
 * @param alsoDeadLettered    delivered, and dead-lettered too: the endpoint got it but its answers came after
 *                            the request timeout, every attempt (at-least-once: allowed, counted)
 * @param missing             neither: a non-zero count voids the run
 * @param duplicates          delivered more than once (at-least-once: allowed, counted)
 * @param healthyExpected     deliveries to endpoints without faults
 * @param healthyDelivered    of those, delivered
 * @param perSecond           steady deliveries (or records) per second, healthy ones only, over the middle 90 %
 * @param latencyMillis       p50, p90, p99, p99.9 and max of arrival − scheduled send, healthy deliveries, ms
 * @param signaturesChecked   sampled requests whose signature was verified
 * @param signaturesBad       of those, the ones that failed
 * @param seconds             from the first event written until the ledger closed (or the harness gave up)
 * @param voidReason          why the run does not count; null if it does
 * @param timeline            2xx arrivals per second of the run
 * @param counters            how much each of the system's own counters grew during the run ({@link Contender#counters()})
 * @param cpuSeconds          CPU seconds each process of the run used while it ran ({@link ProcessCpu}), by name;
 *                            empty when not measured
 */
public record RunResult(RunSpec spec, long expected, long delivered, long deadLettered,
                        long alsoDeadLettered, long missing,
                        long duplicates, long healthyExpected, long healthyDelivered, double perSecond,
                        double[] latencyMillis, long signaturesChecked, long signaturesBad, double seconds,
                        String voidReason, int[] timeline, Map<String, Long> counters,
                        Map<String, Double> cpuSeconds) {

    public RunResult {
        counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters)); // in the order given
        cpuSeconds = Collections.unmodifiableMap(new LinkedHashMap<>(cpuSeconds));
    }

    /** A result without CPU figures. */
    public RunResult(RunSpec spec, long expected, long delivered, long deadLettered, long alsoDeadLettered,
                     long missing, long duplicates, long healthyExpected, long healthyDelivered, double perSecond,
                     double[] latencyMillis, long signaturesChecked, long signaturesBad, double seconds,
                     String voidReason, int[] timeline, Map<String, Long> counters) {
        this(spec, expected, delivered, deadLettered, alsoDeadLettered, missing, duplicates, healthyExpected,
                healthyDelivered, perSecond, latencyMillis, signaturesChecked, signaturesBad, seconds, voidReason,
                timeline, counters, Map.of());
    }

    /** The same result with the system's counters of the run. */
    public RunResult withCounters(Map<String, Long> runCounters) {
        return new RunResult(spec, expected, delivered, deadLettered, alsoDeadLettered, missing, duplicates,
                healthyExpected, healthyDelivered, perSecond, latencyMillis, signaturesChecked, signaturesBad, seconds,
                voidReason, timeline, runCounters, cpuSeconds);
    }

    /** The same result with the CPU its processes used. */
    public RunResult withCpu(Map<String, Double> runCpuSeconds) {
        return new RunResult(spec, expected, delivered, deadLettered, alsoDeadLettered, missing, duplicates,
                healthyExpected, healthyDelivered, perSecond, latencyMillis, signaturesChecked, signaturesBad, seconds,
                voidReason, timeline, counters, runCpuSeconds);
    }

    /**
     * CPU microseconds per expected delivery (or record, for router runs), all measured
     * processes together; NaN when not measured.
     */
    public double cpuMicrosPerDelivery() {
        if (cpuSeconds.isEmpty() || expected == 0) {
            return Double.NaN;
        }
        return cpuSeconds.values().stream().mapToDouble(Double::doubleValue).sum() * 1e6 / expected;
    }

    public boolean isVoid() {
        return voidReason != null;
    }

    public double p(int index) {
        return latencyMillis == null ? Double.NaN : latencyMillis[index];
    }

    public static final String[] PERCENTILES = {"p50", "p90", "p99", "p99.9", "max"};
}
