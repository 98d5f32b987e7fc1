package io.hookline.bench.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * The runs of each scenario, in order, and the ratios each scenario reports. Every figure a
 * scenario reports is a ratio between runs of the same invocation: the machine is shared,
 * so absolute figures move with whatever else runs.
 */
public final class ScenarioPlan {
    /** The dispatcher's request timeout in slow-endpoints, so stalled deliveries reach the dead-letter topic in a run. */
    public static final Duration SLOW_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);
    /** About how long a naive run may take when endpoints answer after a delay. */
    private static final Duration NAIVE_RUN = Duration.ofSeconds(30);
    /**
     * Deliveries of a naive run at least, a multiple of every fan-out (1, 5, 20), enough for a
     * steady rate: 100 s at the longest answer delay (1 s).
     */
    private static final long NAIVE_MIN = 100;

    private final Harness harness;
    private final boolean quick;
    private final int endpoints;
    private final List<RunResult> results = new ArrayList<>();
    private final Map<String, String> summary = new LinkedHashMap<>();
    private final Map<Integer, List<ChartWriter.Mark>> marks = new LinkedHashMap<>();
    private final Consumer<String> say;
    private int nextRun = 1;

    public ScenarioPlan(Harness harness, boolean quick, int endpoints, Consumer<String> say) {
        this.harness = harness;
        this.quick = quick;
        this.endpoints = endpoints;
        this.say = say;
    }

    public List<RunResult> results() {
        return results;
    }

    /** Figures each scenario derives from its runs, e.g. {@code throughput f=5 hookline/limit}. */
    public Map<String, String> summary() {
        return summary;
    }

    /** Moments of runs to draw on their timelines (a process stopped, started), by run id. */
    public Map<Integer, List<ChartWriter.Mark>> marks() {
        return marks;
    }

    /** Deliveries per run, at once: small with --quick. */
    private long deliveries(long quickCount, long fullCount) {
        return quick ? quickCount : fullCount;
    }

    private RunSpec spec(String scenario, SystemKind system, String label, Layout layout, long events, Double rate,
                         Faults faults) {
        return new RunSpec(nextRun++, scenario, system, label, layout, Math.max(1, events), rate, faults);
    }

    private RunResult record(RunResult result) {
        results.add(result);
        return result;
    }

    /**
     * naive, limit and Hookline draining the same backlog, a warm-up round first; with
     * {@code variant} settings, a second Hookline with them on top runs beside the first in
     * every round, the two in turns (first, then second) so that neither always runs warmer.
     */
    public void throughput(List<Integer> fanOuts, Map<String, String> variant) {
        say.accept("== throughput: naive, limit and Hookline draining the same backlog, fan-out " + fanOuts
                + (variant.isEmpty() ? "" : "; a second Hookline with " + Harness.describe(variant) + " beside it"));
        List<Layout> layouts = fanOuts.stream().map(f -> new Layout(endpoints, f)).toList();
        boolean repeated = fanOuts.stream().distinct().count() < fanOuts.size();
        long total = deliveries(4_000, 100_000);
        // the naive baseline is an order of magnitude slower: a quarter of the volume keeps its run short
        long naiveTotal = naiveDeliveries(deliveries(4_000, 25_000), harness.answerDelay());
        try (HooklineSide hookline = new HooklineSide("throughput", SystemKind.HOOKLINE, harness.hookline("throughput",
                layouts, true, DEFAULT_REQUEST_TIMEOUT));
             HooklineSide other = variant.isEmpty() ? null : new HooklineSide("throughput", SystemKind.VARIANT,
                     harness.hookline("throughput-variant", layouts, true, DEFAULT_REQUEST_TIMEOUT, variant))) {
            List<HooklineSide> sides = other == null ? List.of(hookline) : List.of(hookline, other);
            if (!quick) {
                // Each system's first runs in this JVM pay for its JIT compilation (C2 took a third of
                // a core through Hookline's first run): a round of all three at full size goes first and
                // counts only for its ledgers, so that every measured run is a warm one. After a
                // quarter-size round, the CPU per delivery of three measured rounds in a row still fell
                // by a third (limit 373, 172, 134 µs; Hookline 329, 288, 203 µs).
                Layout first = layouts.get(0);
                int f = first.fanOut();
                record(harness.runBaseline(spec("throughput", SystemKind.NAIVE, "warm-up", first,
                        naiveTotal / f, null, Faults.NONE)));
                record(harness.runBaseline(spec("throughput", SystemKind.LIMIT, "warm-up", first,
                        total / f, null, Faults.NONE)));
                for (HooklineSide side : sides) {
                    side.run("warm-up", first, total / f);
                }
            }
            List<RunResult[]> pairs = new ArrayList<>();
            Map<Integer, List<RunResult[]>> againstLimit = new LinkedHashMap<>();
            Map<Integer, List<RunResult[]>> againstNaive = new LinkedHashMap<>();
            for (int round = 0; round < layouts.size(); round++) {
                Layout layout = layouts.get(round);
                int f = layout.fanOut();
                // a repeated fan-out's rounds are told apart in titles, charts and the summary
                String label = repeated ? "round " + (round + 1) : "";
                String figure = "throughput f=" + f + (label.isEmpty() ? "" : " " + label);
                RunResult naive = record(harness.runBaseline(spec("throughput", SystemKind.NAIVE, label, layout,
                        naiveTotal / f, null, Faults.NONE)));
                RunResult limit = record(harness.runBaseline(spec("throughput", SystemKind.LIMIT, label, layout,
                        total / f, null, Faults.NONE)));
                Map<SystemKind, RunResult> runs = new LinkedHashMap<>();
                for (HooklineSide side : inTurn(sides, round)) {
                    runs.put(side.kind, side.run(label, layout, total / f));
                }
                RunResult ours = runs.get(SystemKind.HOOKLINE);
                summary.put(figure + " hookline/limit", ratio(ours, limit));
                summary.put(figure + " hookline/naive", ratio(ours, naive));
                summary.put(figure + " CPU per delivery hookline/limit", cpuRatio(ours, limit));
                againstLimit.computeIfAbsent(f, k -> new ArrayList<>()).add(new RunResult[] {ours, limit});
                againstNaive.computeIfAbsent(f, k -> new ArrayList<>()).add(new RunResult[] {ours, naive});
                if (other != null) {
                    RunResult theirs = runs.get(SystemKind.VARIANT);
                    summary.put(figure + " variant/hookline", ratio(theirs, ours));
                    summary.put(figure + " CPU per delivery variant/hookline", cpuRatio(theirs, ours));
                    pairs.add(new RunResult[] {theirs, ours});
                }
            }
            againstLimit.forEach((f, rounds) -> {
                if (rounds.size() > 1) {
                    // the baselines always run before Hookline, by design: no warning about turns
                    summary.put("throughput f=" + f + " hookline/limit, all rounds", pooledRateRatio(rounds));
                    summary.put("throughput f=" + f + " hookline/naive, all rounds",
                            pooledRateRatio(againstNaive.get(f)));
                    summary.put("throughput f=" + f + " CPU per delivery hookline/limit, all rounds",
                            pooledCpuRatio(rounds, null));
                }
            });
            if (other != null) {
                summary.put("throughput variant", Harness.describe(variant) + " on top of the settings of the other "
                        + "Hookline");
                summary.put("throughput variant/hookline, all rounds", pooledRateRatio(pairs));
                summary.put("throughput CPU per delivery variant/hookline, all rounds", pooledCpuRatio(pairs,
                        "the variant"));
            }
        }
    }

    /** {@code sides} in their order in even rounds (0, 2, …), reversed in odd ones: each goes first in turn. */
    private static <T> List<T> inTurn(List<T> sides, int round) {
        List<T> order = new ArrayList<>(sides);
        if (round % 2 == 1) {
            Collections.reverse(order);
        }
        return order;
    }

    /**
     * The naive baseline's deliveries: {@code planned}, or fewer when every answer takes
     * {@code answerDelay}, so that one request at a time still ends within about
     * {@link #NAIVE_RUN} (at 10 ms, 3,000 deliveries: 30 s).
     */
    static long naiveDeliveries(long planned, Duration answerDelay) {
        if (answerDelay.toMillis() == 0) {
            return planned; // the receiver answers in whole milliseconds: at once
        }
        return Math.max(NAIVE_MIN, Math.min(planned, NAIVE_RUN.toMillis() / answerDelay.toMillis()));
    }

    /**
     * The rate of one side's runs over the other's, {@code pairs} being {side, other} per round,
     * each side's rate being its healthy deliveries over its steady seconds summed over every
     * round in which neither run is void: rounds weigh by how long they ran, not one each.
     */
    static String pooledRateRatio(List<RunResult[]> pairs) {
        double[] seconds = new double[2];
        long[] expected = new long[2];
        for (RunResult[] pair : pairs) {
            if (pair[0].isVoid() || pair[1].isVoid() || pair[0].perSecond() <= 0 || pair[1].perSecond() <= 0) {
                continue;
            }
            for (int i = 0; i < 2; i++) {
                seconds[i] += pair[i].healthyExpected() / pair[i].perSecond();
                expected[i] += pair[i].healthyExpected();
            }
        }
        if (expected[0] == 0) {
            return "not measured: no round with both runs counted";
        }
        double a = expected[0] / seconds[0];
        double b = expected[1] / seconds[1];
        return String.format("%.2f (%,.0f/s vs %,.0f/s)", a / b, a, b);
    }

    /**
     * The CPU per delivery of one side's runs over the other's, {@code pairs} being {side,
     * other} per round (a variant and Hookline, the router and the copy), each side's CPU and
     * deliveries summed over every round in which neither run is void; and, when one side went
     * first (the lower run id) in more of those rounds than the other, a warning naming
     * {@code side} (none when it is null: an order fixed by design): the second of two runs in a
     * row was the dearer one by up to a fifth in some invocations.
     */
    static String pooledCpuRatio(List<RunResult[]> pairs, String side) {
        double[] micros = new double[2];
        long[] expected = new long[2];
        int counted = 0;
        int firstWentFirst = 0;
        for (RunResult[] pair : pairs) {
            if (pair[0].isVoid() || pair[1].isVoid() || pair[0].cpuSeconds().isEmpty()
                    || pair[1].cpuSeconds().isEmpty()) {
                continue;
            }
            for (int i = 0; i < 2; i++) {
                micros[i] += pair[i].cpuMicrosPerDelivery() * pair[i].expected();
                expected[i] += pair[i].expected();
            }
            counted++;
            if (pair[0].spec().id() < pair[1].spec().id()) {
                firstWentFirst++;
            }
        }
        if (counted == 0) {
            return "not measured: no round with both runs counted";
        }
        double a = micros[0] / expected[0];
        double b = micros[1] / expected[1];
        String ratio = String.format("%.2f (%,.0f µs vs %,.0f µs)", a / b, a, b);
        if (side == null || 2 * firstWentFirst == counted) {
            return ratio;
        }
        return ratio + String.format("; %s went first in %d of the %d rounds counted, and the second "
                + "of two runs in a row can cost up to a fifth more: an even number of rounds, none void, is fair "
                + "to both", side, firstWentFirst, counted);
    }

    /**
     * One Hookline of a scenario, its dead-letter topic tailed into its ledger; closing it
     * closes the Hookline.
     */
    private final class HooklineSide implements AutoCloseable {
        private final String scenario;
        private final SystemKind kind;
        private final HooklineInstance hookline;
        private final SlotLedger deadLetters = new SlotLedger();
        private final TopicTail tail;

        HooklineSide(String scenario, SystemKind kind, HooklineInstance hookline) {
            this.scenario = scenario;
            this.kind = kind;
            this.hookline = hookline;
            try {
                this.tail = harness.deadLetters(hookline, deadLetters);
            } catch (RuntimeException e) {
                hookline.close();
                throw e;
            }
        }

        /** A backlog of {@code events}, drained. */
        RunResult run(String label, Layout layout, long events) {
            return run(label, layout, events, null, Faults.NONE);
        }

        /** A backlog ({@code rate} null) or {@code events} open-loop at {@code rate} a second, with {@code faults}. */
        RunResult run(String label, Layout layout, long events, Double rate, Faults faults) {
            return record(harness.runHookline(spec(scenario, kind, label, layout, events, rate, faults),
                    hookline, deadLetters));
        }

        /** {@code events} open-loop at {@code rate} a second, timing into {@code visible} when each was routed. */
        RunResult run(String label, Layout layout, long events, double rate, Histogram visible) {
            return record(harness.runHookline(spec(scenario, kind, label, layout, events, rate, Faults.NONE),
                    hookline, deadLetters, visible));
        }

        @Override
        public void close() {
            try (hookline) {
                tail.close();
            }
        }
    }

    public void slowEndpoints() {
        Layout layout = new Layout(endpoints, 5);
        Faults faults = Faults.percent(endpoints, 1);
        say.accept("== slow-endpoints: Hookline at fan-out 5, clean against " + faults.stalled().size()
                + " stalled and " + faults.failing().size() + " failing of " + endpoints + " endpoints (request "
                + "timeout " + SLOW_REQUEST_TIMEOUT.toSeconds() + " s)");
        // a stalled endpoint sheds 50 deliveries (the per-endpoint bound) per request timeout and
        // attempt: its share of a larger run would take minutes to reach the dead-letter topic
        long events = deliveries(5_000, 20_000) / 5;
        if (!quick) {
            // the first Hookline run of a JVM runs JIT-cold: without this, the clean run (first)
            // ran at a quarter of its warm rate and flattered every faulty/clean ratio
            oneBacklog("slow-warm-up", "warm-up", layout, events, Faults.NONE);
        }
        // Each run has a Hookline of its own: the faulty runs leave circuits open and retries
        // pending, which the clean runs must not inherit.
        RunResult clean;
        RunResult cleanPaced = null;
        double rate = 0;
        try (HooklineSide runs = new HooklineSide("slow-endpoints", SystemKind.HOOKLINE,
                harness.hookline("slow-clean", List.of(layout), true, SLOW_REQUEST_TIMEOUT))) {
            clean = runs.run("clean", layout, events, null, Faults.NONE);
            if (!clean.isVoid() && clean.perSecond() > 0) {
                rate = 0.5 * clean.perSecond() / layout.fanOut();
                cleanPaced = runs.run("clean 50%", layout, Math.round(rate * (quick ? 4 : 20)), rate, Faults.NONE);
            }
        }
        RunResult faulty;
        try (HooklineSide runs = new HooklineSide("slow-endpoints", SystemKind.HOOKLINE,
                harness.hookline("slow-faulty", List.of(layout), true, SLOW_REQUEST_TIMEOUT))) {
            faulty = runs.run("faulty", layout, events, null, faults);
            summary.put("slow-endpoints healthy deliveries/s faulty/clean", ratio(faulty, clean));
            if (cleanPaced == null) {
                summary.put("slow-endpoints healthy p99 faulty/clean", "not measured: the clean run is void");
            } else {
                RunResult faultyPaced = runs.run("faulty 50%", layout, Math.round(rate * (quick ? 4 : 20)), rate,
                        faults);
                summary.put("slow-endpoints healthy p99 faulty/clean (at 50 % load)",
                        cleanPaced.isVoid() || faultyPaced.isVoid() ? "void"
                                : String.format("%.2f (%.1f ms / %.1f ms)", faultyPaced.p(2) / cleanPaced.p(2),
                                        faultyPaced.p(2), cleanPaced.p(2)));
            }
        }
        if (!quick) {
            // One backlog each lasts about 5 s, and its ratio moved between 0.77 and 1.21 over four
            // invocations: a second round, faulty first this time, each on a fresh Hookline again.
            RunResult faulty2 = oneBacklog("slow-faulty-2", "faulty, round 2", layout, events, faults);
            RunResult clean2 = oneBacklog("slow-clean-2", "clean, round 2", layout, events, Faults.NONE);
            summary.put("slow-endpoints healthy deliveries/s faulty/clean, round 2", ratio(faulty2, clean2));
            summary.put("slow-endpoints healthy deliveries/s faulty/clean, both rounds", pooledRateRatio(List.of(
                    new RunResult[] {faulty, clean}, new RunResult[] {faulty2, clean2})));
        }
    }

    /** A backlog run of slow-endpoints on a Hookline of its own, closed after it. */
    private RunResult oneBacklog(String instance, String label, Layout layout, long events, Faults faults) {
        try (HooklineSide runs = new HooklineSide("slow-endpoints", SystemKind.HOOKLINE,
                harness.hookline(instance, List.of(layout), true, SLOW_REQUEST_TIMEOUT))) {
            return runs.run(label, layout, events, null, faults);
        }
    }

    /**
     * Hookline at fan-out 5: a warm-up, a backlog for saturation, then open-loop at 25, 50 and
     * 75 % of it; with {@code variant} settings, a second Hookline with them on top runs each
     * step too, at the same rates (the first one's saturation), the two in turns.
     */
    public void latency(Map<String, String> variant) {
        Layout layout = new Layout(endpoints, 5);
        say.accept("== latency: Hookline at fan-out 5, open-loop at 25, 50 and 75 % of the saturation measured first"
                + (variant.isEmpty() ? "" : "; a second Hookline with " + Harness.describe(variant)
                + " at the same rates"));
        try (HooklineSide hookline = new HooklineSide("latency", SystemKind.HOOKLINE, harness.hookline("latency",
                List.of(layout), true, DEFAULT_REQUEST_TIMEOUT));
             HooklineSide other = variant.isEmpty() ? null : new HooklineSide("latency", SystemKind.VARIANT,
                     harness.hookline("latency-variant", List.of(layout), true, DEFAULT_REQUEST_TIMEOUT, variant))) {
            List<HooklineSide> sides = other == null ? List.of(hookline) : List.of(hookline, other);
            if (!quick) {
                // A cold saturation run (JIT compiling through it) measures a half or less of the warm
                // rate, and every paced run would then be offered a fraction of what it says: warm first.
                for (HooklineSide side : sides) {
                    side.run("warm-up", layout, 50_000 / 4 / 5);
                }
            }
            Map<SystemKind, RunResult> saturations = new LinkedHashMap<>();
            for (HooklineSide side : sides) {
                saturations.put(side.kind, side.run("saturation", layout, deliveries(5_000, 50_000) / 5));
            }
            RunResult saturation = saturations.get(SystemKind.HOOKLINE);
            if (other != null) {
                // no saturation ratio: one run each, the second on a JVM the first warmed further, was
                // 1.31-1.78x the first whichever setting ran second; the throughput scenario's rounds
                // compare rates
                summary.put("latency variant", Harness.describe(variant) + " on top of the settings of the other "
                        + "Hookline, at the same rates (compare their rates with --scenario throughput)");
            }
            if (saturation.isVoid() || saturation.perSecond() <= 0) {
                summary.put("latency", "not measured: the saturation run is void");
                return;
            }
            List<Integer> percents = List.of(25, 50, 75);
            for (int step = 0; step < percents.size(); step++) {
                int percent = percents.get(step);
                double rate = percent / 100.0 * saturation.perSecond() / layout.fanOut();
                long events = Math.round(rate * (quick ? 3 : 20));
                String level = "latency at " + percent + " % (" + String.format("%,.0f", rate * layout.fanOut())
                        + " deliveries/s)";
                for (HooklineSide side : inTurn(sides, step)) {
                    Histogram visible = new Histogram(3);
                    RunResult run = side.run(percent + "%", layout, events, rate, visible);
                    String who = side.kind == SystemKind.VARIANT ? " variant" : "";
                    summary.put(level + who + " p50 / p99", run.isVoid() ? "void"
                            : String.format("%.1f ms / %.1f ms", run.p(0), run.p(2)));
                    summary.put(level + who + " routed: visible to read-committed readers, p50 / p99",
                            Harness.p50p99(visible));
                }
            }
        }
    }

    /**
     * Hookline's router alone against an exactly-once consume-and-produce copy, per fan-out of
     * {@code fanOuts}, each draining a backlog of the same deliveries (so fewer events at a larger
     * fan-out); a warm-up round first. The two take turns going first, round by round, and a
     * fan-out repeated (5,5,5,5) gets its rate and CPU ratios over all its rounds: one round's
     * ratio moves by more than most changes to the router do.
     */
    public void router(List<Integer> fanOuts) {
        say.accept("== router: Hookline's router alone against an exactly-once consume-and-produce copy, fan-out "
                + fanOuts);
        boolean repeated = fanOuts.stream().distinct().count() < fanOuts.size();
        long total = deliveries(6_000, 400_000);
        if (!quick) {
            // both run in this JVM: their first runs pay for its JIT compilation, and whichever ran
            // second would look the cheaper, so a round at the first fan-out counts only for its ledgers
            int f = fanOuts.get(0);
            Layout layout = new Layout(endpoints, f);
            record(harness.runRouter(spec("router", SystemKind.COPY, "warm-up", layout, total / f, null,
                    Faults.NONE)));
            record(harness.runRouter(spec("router", SystemKind.ROUTER, "warm-up", layout, total / f, null,
                    Faults.NONE)));
        }
        Map<Integer, List<RunResult[]>> pairs = new LinkedHashMap<>();
        for (int round = 0; round < fanOuts.size(); round++) {
            int f = fanOuts.get(round);
            Layout layout = new Layout(endpoints, f);
            long events = total / f;
            String label = repeated ? "round " + (round + 1) : "";
            String figure = "router f=" + f + (label.isEmpty() ? "" : " " + label);
            Map<SystemKind, RunResult> runs = new LinkedHashMap<>();
            for (SystemKind system : inTurn(List.of(SystemKind.COPY, SystemKind.ROUTER), round)) {
                runs.put(system, record(harness.runRouter(spec("router", system, label, layout, events, null,
                        Faults.NONE))));
            }
            RunResult copy = runs.get(SystemKind.COPY);
            RunResult router = runs.get(SystemKind.ROUTER);
            summary.put(figure + " router/copy", ratio(router, copy));
            summary.put(figure + " CPU per record router/copy", cpuRatio(router, copy));
            if (!router.isVoid() && !copy.isVoid()) {
                summary.put(figure + " events/s router, copy", String.format("%,.0f/s, %,.0f/s",
                        router.perSecond() / f, copy.perSecond() / f));
            }
            pairs.computeIfAbsent(f, k -> new ArrayList<>()).add(new RunResult[] {router, copy});
        }
        pairs.forEach((f, rounds) -> {
            if (rounds.size() > 1) {
                summary.put("router f=" + f + " router/copy, all rounds", pooledRateRatio(rounds));
                summary.put("router f=" + f + " CPU per record router/copy, all rounds",
                        pooledCpuRatio(rounds, "the router"));
            }
        });
    }

    public void subscriptions() {
        Layout layout = new Layout(endpoints, 5);
        SubscriptionLoad load = quick ? new SubscriptionLoad(5_000, 500, layout.tenantName(0))
                : new SubscriptionLoad(100_000, 10_000, layout.tenantName(0));
        Duration timeout = quick ? Duration.ofMinutes(3) : Duration.ofMinutes(30);
        say.accept(String.format("== subscriptions: Hookline at fan-out 5 without and with %,d more subscriptions "
                + "(%,d of them in the measured tenant %s, matching none of its events)", load.total(),
                load.inOneTenant(), load.bigTenant()));
        long events = deliveries(4_000, 50_000) / 5;
        try (HooklineInstance hookline = harness.hookline("subscriptions", List.of(layout), true,
                DEFAULT_REQUEST_TIMEOUT)) {
            SlotLedger deadLetters = new SlotLedger();
            try (TopicTail tail = harness.deadLetters(hookline, deadLetters)) {
                // the first run of a fresh JVM pays for its warm-up (JIT, connections): it would flatter
                // whichever run comes second, so a warm-up run goes first and counts only for its ledger
                record(harness.runHookline(spec("subscriptions", SystemKind.HOOKLINE, "warm-up", layout, events, null,
                        Faults.NONE), hookline, deadLetters));
                RunResult without = record(harness.runHookline(spec("subscriptions", SystemKind.HOOKLINE, "without",
                        layout, events, null, Faults.NONE), hookline, deadLetters));
                SubscriptionLoad.Loaded loaded = harness.loadSubscriptions(hookline, load,
                        load.inOneTenant() + layout.fanOut(), timeout);
                say.accept(String.format("published %,d subscriptions in %.1f s; the one published last routed "
                        + "after %s, all of %s after %s", load.total(), loaded.publishSeconds(),
                        seconds(loaded.probeSeconds()), load.bigTenant(), seconds(loaded.bigTenantSeconds())));
                summary.put("subscriptions loaded", String.format("%,d (%,d in %s), published in %.1f s",
                        load.total(), load.inOneTenant(), load.bigTenant(), loaded.publishSeconds()));
                summary.put("subscriptions: last published → an event routed to it",
                        loaded.probeSeconds() == null ? "not within " + timeout.toMinutes() + " min"
                                : seconds(loaded.probeSeconds()));
                summary.put("subscriptions: last published → all of " + load.bigTenant() + " routed",
                        loaded.bigTenantSeconds() == null ? "not within " + timeout.toMinutes() + " min"
                                : seconds(loaded.bigTenantSeconds()));
                summary.put("subscriptions: resident memory of the JVM with router + dispatcher, before → loaded",
                        loaded.rssBeforeMib() + " MiB → " + loaded.rssAfterMib() + " MiB");
                if (loaded.bigTenantSeconds() == null) {
                    summary.put("subscriptions deliveries/s loaded/without", "not measured: the router did not "
                            + "load them within " + timeout.toMinutes() + " min");
                    return;
                }
                RunResult with = record(harness.runHookline(spec("subscriptions", SystemKind.HOOKLINE,
                        String.format("with %,d", load.total()), layout, events, null, Faults.NONE), hookline,
                        deadLetters));
                summary.put("subscriptions deliveries/s loaded/without", ratio(with, without));
            }
        }
    }

    public void scaleOut() {
        Layout layout = new Layout(endpoints, 5);
        // a SIGKILLed member holds its partitions until its session times out (45 s by default):
        // longer than --quick's minute, so --quick stops gracefully only
        List<ScaledOutHookline.Stop> stops = quick ? List.of(ScaledOutHookline.Stop.SIGTERM)
                : List.of(ScaledOutHookline.Stop.SIGTERM, ScaledOutHookline.Stop.SIGKILL);
        double seconds = quick ? 24 : 60;
        say.accept("== scale-out: Hookline as 2 routers + 2 dispatchers (processes) at fan-out 5: a backlog, then "
                + "open-loop at 50 % of it for " + (int) seconds + " s while router-a and dispatcher-a are stopped "
                + "(" + stops + ") and started again");
        try (ScaledOutHookline hookline = harness.scaledOut("scaleout", List.of(layout), DEFAULT_REQUEST_TIMEOUT)) {
            SlotLedger deadLetters = new SlotLedger();
            try (TopicTail tail = harness.deadLetters(hookline.topics(), deadLetters)) {
                RunResult saturation = record(harness.runHookline(spec("scale-out", SystemKind.HOOKLINE,
                        "saturation", layout, deliveries(4_000, 50_000) / 5, null, Faults.NONE), hookline.topics(),
                        hookline, deadLetters));
                summary.put("scale-out deliveries/s, 2 routers + 2 dispatchers, backlog", saturation.isVoid()
                        ? "void" : String.format("%,.0f/s", saturation.perSecond()));
                if (saturation.isVoid() || saturation.perSecond() <= 0) {
                    return;
                }
                double rate = 0.5 * saturation.perSecond() / layout.fanOut();
                for (ScaledOutHookline.Stop how : stops) {
                    RunSpec run = spec("scale-out", SystemKind.HOOKLINE, how.name().toLowerCase() + " 50%", layout,
                            Math.round(rate * seconds), rate, Faults.NONE);
                    List<ChartWriter.Mark> runMarks = Collections.synchronizedList(new ArrayList<>());
                    marks.put(run.id(), runMarks);
                    long t0 = System.nanoTime();
                    CompletableFuture<Void> chaos = CompletableFuture.runAsync(
                            () -> stopAndStartAgain(hookline, how, t0, seconds, runMarks));
                    RunResult result = record(harness.runHookline(run, hookline.topics(), hookline, deadLetters));
                    String trouble = chaos.handle((v, e) -> e == null ? "" : "; stopping/starting failed: "
                            + e.getMessage()).join();
                    summary.put("scale-out, router-a and dispatcher-a " + how + " and started again mid-run",
                            (result.isVoid() ? "VOID (" + result.voidReason() + ")" : "ledger balanced")
                                    + String.format(": %,d delivered, %,d dead-lettered, %,d missing, %,d delivered "
                                            + "twice; %,.0f/s offered %,.0f/s; p50 %.0f ms, p99 %.0f ms; ",
                                    result.delivered(), result.deadLettered(), result.missing(), result.duplicates(),
                                    result.perSecond(), rate * layout.fanOut(), result.p(0), result.p(2))
                                    + String.join(", ", runMarks.stream().map(m -> String.format("%s at %.1f s",
                                            m.text(), m.seconds())).toList()) + trouble);
                }
            }
        }
    }

    /**
     * Stops router-a and dispatcher-a a quarter into a paced run and starts them again at its
     * half, the two at once (one after the other, a slow start of the first would push the
     * second's out of the run).
     */
    private static void stopAndStartAgain(ScaledOutHookline hookline, ScaledOutHookline.Stop how, long t0,
                                          double seconds, List<ChartWriter.Mark> runMarks) {
        List<String> victims = List.of("router-a", "dispatcher-a");
        pauseUntil(t0, seconds * 0.25);
        allAtOnce(victims, name -> {
            double at = since(t0);
            double took = hookline.stop(name, how);
            runMarks.add(new ChartWriter.Mark(at, String.format("%s %s (gone in %.1f s)", name, how, took)));
        });
        pauseUntil(t0, seconds * 0.5);
        allAtOnce(victims, name -> {
            double at = since(t0);
            double took = hookline.startAgain(name);
            runMarks.add(new ChartWriter.Mark(at, String.format("%s started (running after %.1f s)", name, took)));
        });
    }

    private static void allAtOnce(List<String> names, Consumer<String> action) {
        CompletableFuture.allOf(names.stream().map(name -> CompletableFuture.runAsync(() -> action.accept(name)))
                .toArray(CompletableFuture[]::new)).join();
    }

    private static void pauseUntil(long t0, double seconds) {
        double left = seconds - since(t0);
        if (left > 0) {
            Await.pause(Duration.ofMillis((long) (left * 1000)));
        }
    }

    private static double since(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String seconds(Double seconds) {
        return seconds == null ? "(not within the timeout)" : String.format("%.1f s", seconds);
    }

    public void replay() {
        long letters = deliveries(20_000, 1_000_000);
        Layout layout = new Layout(endpoints, 1);
        say.accept("== replay: dlq replay of " + String.format("%,d", letters) + " dead letters against a raw "
                + "transactional copy of the same topic, each in a child JVM with " + ReplayScenario.HEAP);
        ReplayScenario scenario = harness.replayScenario();
        scenario.prepare(letters);
        ReplayScenario.ChildResult copy = scenario.run(spec("replay", SystemKind.COPY, "", layout, letters, null,
                Faults.NONE));
        ReplayScenario.ChildResult replay = scenario.run(spec("replay", SystemKind.REPLAY, "", layout, letters, null,
                Faults.NONE));
        record(copy.run());
        record(replay.run());
        summary.put("replay records/s replay/copy", ratio(replay.run(), copy.run()));
        summary.put("replay peak heap used (" + ReplayScenario.HEAP + ")", String.format(
                "replay %.0f MiB, copy %.0f MiB", replay.peakHeapBytes() / 1048576.0,
                copy.peakHeapBytes() / 1048576.0));
    }

    /** a/b of the CPU per delivery, with both, or why there is none. */
    static String cpuRatio(RunResult a, RunResult b) {
        if (a.isVoid() || b.isVoid()) {
            return voided(a, b);
        }
        if (a.cpuSeconds().isEmpty() || b.cpuSeconds().isEmpty()) {
            return "not measured";
        }
        return String.format("%.2f (%,.0f µs vs %,.0f µs)", a.cpuMicrosPerDelivery() / b.cpuMicrosPerDelivery(),
                a.cpuMicrosPerDelivery(), b.cpuMicrosPerDelivery());
    }

    /** a/b of the steady rates, with both rates, or why there is none. */
    static String ratio(RunResult a, RunResult b) {
        if (a.isVoid() || b.isVoid()) {
            return voided(a, b);
        }
        if (b.perSecond() <= 0) {
            return "n/a";
        }
        return String.format("%.2f (%,.0f/s vs %,.0f/s)", a.perSecond() / b.perSecond(), a.perSecond(),
                b.perSecond());
    }

    /** Which of two runs, one of them void, made a ratio impossible. */
    private static String voided(RunResult a, RunResult b) {
        return "void (" + (a.isVoid() ? a.spec().title() : b.spec().title()) + ")";
    }
}
