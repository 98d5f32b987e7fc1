package io.hookline.bench.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultWriterTest {
    private static final Layout LAYOUT = new Layout(100, 5);

    @Test
    void aRunReportsHowMuchEachCounterGrewWhileItRan() {
        Map<String, Long> before = new LinkedHashMap<>();
        before.put("dispatcher.delivered", 1_000L);
        before.put("dispatcher.waited", 40L);
        Map<String, Long> after = new LinkedHashMap<>();
        after.put("dispatcher.delivered", 6_000L);
        after.put("dispatcher.waited", 40L);
        after.put("dispatcher.diverted", 7L); // first counted during the run

        assertEquals(Map.of("dispatcher.delivered", 5_000L, "dispatcher.waited", 0L, "dispatcher.diverted", 7L),
                Harness.grown(before, after));
    }

    @Test
    void theReportTabulatesTheCountersOfTheRunsThatHaveThem() {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("dispatcher.delivered", 5_000L);
        counters.put("dispatcher.waited", 1_234L);
        RunResult limit = run(new RunSpec(1, "throughput", SystemKind.LIMIT, "", LAYOUT, 1_000, null, Faults.NONE),
                Map.of());
        RunResult hookline = run(new RunSpec(2, "throughput", SystemKind.HOOKLINE, "warm-up", LAYOUT, 1_000, null,
                Faults.NONE), counters);

        String md = ResultWriter.markdown(Map.of("started", "now"), List.of(limit, hookline), Map.of(), List.of());

        assertTrue(md.contains("| # | label | dispatcher.delivered | dispatcher.waited |\n|---|---|---|---|\n"
                + "| 2 | throughput warm-up | 5,000 | 1,234 |\n"), md);
        String section = md.substring(md.indexOf("## What Hookline counted"));
        assertFalse(section.contains("| 1 |"), "a baseline has no counters: " + section);
        assertEquals("dispatcher.delivered 5,000, dispatcher.waited 1,234", Harness.counts(counters));
    }

    @Test
    void withoutCountersThereIsNoTable() {
        RunResult limit = run(new RunSpec(1, "throughput", SystemKind.LIMIT, "", LAYOUT, 1_000, null, Faults.NONE),
                Map.of());

        assertFalse(ResultWriter.markdown(Map.of(), List.of(limit), Map.of(), List.of()).contains("counted"));
    }

    @Test
    void theReportGivesTheCpuPerDeliveryOfEachProcessOfTheRunsMeasured() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put("harness", 0.5);
        cpu.put("receiver", 0.1);
        cpu.put("broker", 0.05);
        RunResult limit = run(new RunSpec(1, "throughput", SystemKind.LIMIT, "", LAYOUT, 1_000, null, Faults.NONE),
                Map.of()).withCpu(cpu);
        RunResult scaledOut = run(new RunSpec(2, "scale-out", SystemKind.HOOKLINE, "", LAYOUT, 1_000, null,
                Faults.NONE), Map.of());

        String md = ResultWriter.markdown(Map.of("started", "now"), List.of(limit, scaledOut), Map.of(), List.of());

        // 5,000 deliveries: 0.65 s of CPU is 130 µs each
        assertEquals(130, limit.cpuMicrosPerDelivery(), 1e-9);
        assertTrue(md.contains("| # | run | harness | receiver | broker | total |\n|---|---|---|---|---|---|\n"
                + "| 1 | throughput limit f=5 | 100 | 20 | 10 | 130 |\n"), md);
        assertFalse(md.substring(md.indexOf("## CPU per delivery")).contains("| 2 |"), "not measured, not listed");
        assertTrue(Double.isNaN(scaledOut.cpuMicrosPerDelivery()));
        assertTrue(Harness.summary(limit).contains("130 µs CPU per delivery"), Harness.summary(limit));
        assertEquals("1.00 (130 µs vs 130 µs)", ScenarioPlan.cpuRatio(limit, limit));
        assertEquals("not measured", ScenarioPlan.cpuRatio(limit, scaledOut));
    }

    @Test
    void aVariantIsComparedByItsCpuOverEveryRoundWithBothRunsCounted() {
        // round 1: variant 1,000 deliveries × 100 µs, hookline 5,000 × 200 µs; round 2: 5,000 × 160 µs against
        // 5,000 × 200 µs; round 3's hookline run is void and left out
        // the variant first in round 1, Hookline in round 2 (run ids give the order)
        RunResult variant1 = cpuRun(1, SystemKind.VARIANT, 200, 0.1);
        RunResult hookline1 = cpuRun(2, SystemKind.HOOKLINE, 1_000, 1.0);
        RunResult hookline2 = cpuRun(3, SystemKind.HOOKLINE, 1_000, 1.0);
        RunResult variant2 = cpuRun(4, SystemKind.VARIANT, 1_000, 0.8);
        RunResult variant3 = cpuRun(5, SystemKind.VARIANT, 1_000, 0.1);
        RunResult hookline3 = voided(cpuRun(6, SystemKind.HOOKLINE, 1_000, 1.0));

        // (0.1 + 0.8) s over 6,000 deliveries = 150 µs; 2.0 s over 10,000 = 200 µs
        assertEquals("0.75 (150 µs vs 200 µs)", ScenarioPlan.pooledCpuRatio(List.of(
                new RunResult[] {variant1, hookline1}, new RunResult[] {variant2, hookline2},
                new RunResult[] {variant3, hookline3}), "the variant"));
        assertEquals("not measured: no round with both runs counted",
                ScenarioPlan.pooledCpuRatio(List.<RunResult[]>of(new RunResult[] {variant3, hookline3}),
                        "the variant"));
        assertTrue(ScenarioPlan.pooledCpuRatio(List.<RunResult[]>of(new RunResult[] {variant1, hookline1}),
                "the variant")
                .startsWith("0.50 (100 µs vs 200 µs); the variant went first in 1 of the 1 rounds counted"),
                "one side went first more often: said so");
        assertEquals("0.50 (100 µs vs 200 µs)", ScenarioPlan.pooledCpuRatio(List.<RunResult[]>of(
                new RunResult[] {variant1, hookline1}), null), "an order fixed by design: not warned about");
    }

    @Test
    void roundsWeighByHowLongTheyRanWhenTheirRatesArePooled() {
        // side: 1,000 at 1,000/s (1 s) and 3,000 at 3,000/s (1 s): 2,000/s; other: 4,000 at 2,000/s (2 s):
        // 2,000/s. A mean of the rates would give 2,000 against 2,000 as well; the second round's void
        // other run leaves it out
        RunResult side1 = rateRun(1, SystemKind.ROUTER, 1_000, 1_000);
        RunResult other1 = rateRun(2, SystemKind.COPY, 2_000, 1_000);
        RunResult side2 = rateRun(3, SystemKind.ROUTER, 3_000, 3_000);
        RunResult other2 = rateRun(4, SystemKind.COPY, 2_000, 3_000);
        RunResult side3 = rateRun(5, SystemKind.ROUTER, 9_000, 1_000);
        RunResult other3 = voided(rateRun(6, SystemKind.COPY, 1_000, 1_000));

        assertEquals("1.00 (2,000/s vs 2,000/s)", ScenarioPlan.pooledRateRatio(List.of(
                new RunResult[] {side1, other1}, new RunResult[] {side2, other2}, new RunResult[] {side3, other3})));
        assertEquals("0.50 (1,000/s vs 2,000/s)", ScenarioPlan.pooledRateRatio(List.<RunResult[]>of(
                new RunResult[] {side1, other1})));
        assertEquals("not measured: no round with both runs counted",
                ScenarioPlan.pooledRateRatio(List.<RunResult[]>of(new RunResult[] {side3, other3})));
    }

    private static RunResult rateRun(int id, SystemKind system, double perSecond, long events) {
        RunSpec spec = new RunSpec(id, "router", system, "", LAYOUT, events, null, Faults.NONE);
        return new RunResult(spec, spec.expected(), spec.expected(), 0, 0, 0, 0, spec.expected(), spec.expected(),
                perSecond, null, 0, 0, 3, null, new int[0], Map.of());
    }

    private static RunResult cpuRun(int id, SystemKind system, long events, double harnessSeconds) {
        return run(new RunSpec(id, "throughput", system, "", LAYOUT, events, null, Faults.NONE), Map.of())
                .withCpu(Map.of("harness", harnessSeconds));
    }

    private static RunResult voided(RunResult r) {
        return new RunResult(r.spec(), r.expected(), 0, 0, 0, r.expected(), 0, r.expected(), 0, 0, null, 0, 0, 3,
                "missing", new int[0], Map.of(), r.cpuSeconds());
    }

    private static RunResult run(RunSpec spec, Map<String, Long> counters) {
        return new RunResult(spec, spec.expected(), spec.expected(), 0, 0, 0, 0, spec.expected(), spec.expected(),
                1_000, null, 10, 0, 3, null, new int[0], counters);
    }
}
