package io.hookline.bench;

import io.hookline.bench.internal.ChartWriter;
import io.hookline.bench.internal.Harness;
import io.hookline.bench.internal.HooklineInstance;
import io.hookline.bench.internal.LoadGenerator;
import io.hookline.bench.internal.Progress;
import io.hookline.bench.internal.ResultWriter;
import io.hookline.bench.internal.RunResult;
import io.hookline.bench.internal.ScenarioPlan;
import io.hookline.bench.internal.StageLog;
import io.hookline.common.HooklineException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * {@code hookline bench}: measures Hookline against baselines run side by side in the same
 * invocation, on a real broker, with a receiver in its own JVM, and accounts for every
 * expected delivery. Writes {@code <resultsDir>/<time>/results.json}, {@code report.md} and
 * PNG charts.
 *
 * <pre>{@code
 * BenchReport report = Bench.run(options, out);
 * report.balanced();   // false if any run's ledger did not balance
 * }</pre>
 */
public final class Bench {

    private Bench() {
    }

    public static BenchReport run(BenchOptions options, PrintWriter out) {
        quietStages();
        Instant started = Instant.now();
        Path resultsDir = options.resultsDir().resolve(ResultWriter.stamp(started));
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("started", started.toString());
        header.put("command", options.commandLine());
        header.put("quick", options.quick());
        header.put("payload", options.payload().label());
        header.put("machine", ResultWriter.machine());
        Progress progress = new Progress(out, options.terminal());
        Path work = temporaryDirectory();
        Duration idle = options.quick() ? Duration.ofSeconds(20) : Duration.ofSeconds(60);
        List<RunResult> results;
        Map<String, String> summary;
        List<Path> charts = List.of();
        StageLog stageLog = StageLog.to(resultsDir.resolve("stages.log"));
        try (stageLog; Harness harness = new Harness(options.bootstrapServers(), work, options.endpoints(), 6, idle,
                options.hooklineSettings(), options.answerDelay(), options.payload(), progress)) {
            header.put("broker", harness.describeBroker());
            ScenarioPlan plan = new ScenarioPlan(harness, options.quick(), options.endpoints(), progress::line);
            try {
                for (Scenario scenario : options.scenarios()) {
                    switch (scenario) {
                        case THROUGHPUT -> plan.throughput(options.throughputFanOuts(), options.variantSettings());
                        case SLOW_ENDPOINTS -> plan.slowEndpoints();
                        case LATENCY -> plan.latency(options.variantSettings());
                        case ROUTER -> plan.router(options.routerFanOuts());
                        case SUBSCRIPTIONS -> plan.subscriptions();
                        case SCALE_OUT -> plan.scaleOut();
                        case REPLAY -> plan.replay();
                        default -> throw new IllegalStateException("no plan for " + scenario);
                    }
                }
            } finally {
                results = plan.results();
                summary = plan.summary();
                header.put("loadAverage1mAtEnd", ResultWriter.machine().get("loadAverage1m"));
                ResultWriter.write(resultsDir, header, results, summary, notes(options));
                charts = charts(resultsDir, results, plan.marks(), out);
            }
        } finally {
            deleteQuietly(work);
        }
        List<String> voided = results.stream().filter(RunResult::isVoid)
                .map(r -> r.spec().title() + ": " + r.voidReason()).toList();
        out.println();
        out.println("Summary (ratios of runs in this invocation):");
        summary.forEach((k, v) -> out.println("  " + k + ": " + v));
        out.println(voided.isEmpty() ? "Every run's ledger balanced." : voided.size() + " run(s) VOID: " + voided);
        out.println("Results: " + resultsDir.resolve("report.md"));
        long warnings = stageLog.lines();
        if (warnings == 0) {
            deleteQuietly(stageLog.file());
        } else {
            out.printf("The router's and dispatcher's warnings (failed attempts, dead letters): %,d lines in %s%n",
                    warnings, stageLog.file());
        }
        charts.forEach(chart -> out.println("Chart: " + chart));
        out.flush();
        return new BenchReport(resultsDir, results.size(), voided);
    }

    /** The PNG charts beside the JSON; a chart that cannot be drawn costs the charts, not the results. */
    private static List<Path> charts(Path resultsDir, List<RunResult> results,
                                     Map<Integer, List<ChartWriter.Mark>> marks, PrintWriter out) {
        try {
            List<Path> charts = ChartWriter.write(resultsDir, results, marks);
            ResultWriter.appendCharts(resultsDir, charts);
            return charts;
        } catch (RuntimeException e) {
            out.println("No charts: " + e.getMessage());
            return List.of();
        }
    }

    /** The testkit's lifecycle lines would break the progress line; the stages' go to {@link StageLog}. */
    private static void quietStages() {
        if (LoggerFactory.getLogger("io.hookline.testkit") instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }

    private static List<String> notes(BenchOptions options) {
        List<String> notes = new ArrayList<>();
        notes.add("Everything shares this machine's CPUs: broker (child JVM), receiver (child JVM, one Jetty "
                + "connector per endpoint), the load generator and the system measured (this JVM).");
        notes.add("Throughput runs drain a backlog: per s is the steady rate of 2xx arrivals at the receiver between "
                + "the 5 % and the 95 % mark of the run, so start-up and stragglers are left out. Baselines read "
                + "pre-fanned deliveries written before they start; Hookline's events are written before its run "
                + "starts too (its router paused meanwhile), and it routes them itself.");
        notes.add("Latency is arrival at the receiver minus the time the open-loop generator scheduled the "
                + "event's send (stamped in the event), so queueing anywhere counts; it is reported for paced runs.");
        notes.add("Ledger: every (event, subscription) must be answered 2xx or be in the dead-letter topic; a run "
                + "with any missing (or a bad signature, of the 1 in 50 the receiver checks) is VOID.");
        notes.add("Bench settings of Hookline: retry.schedule=" + HooklineInstance.RETRY_SCHEDULE + ", maxAttempts="
                + HooklineInstance.MAX_ATTEMPTS + " on every subscription, http.request.timeout "
                + ScenarioPlan.SLOW_REQUEST_TIMEOUT.toSeconds() + " s in slow-endpoints (15 s, the default, elsewhere), "
                + "loopback and plain http allowed; everything else default. Events of about "
                + LoadGenerator.EVENT_BYTES + " bytes, " + options.endpoints() + " endpoints, one subscription each.");
        notes.add("Baselines: naive = one consumer, one signed synchronous POST at a time (JDK HttpClient), commit "
                + "per poll; limit = one consumer, async httpclient5 POSTs (1,000 in flight, 50 per endpoint) of "
                + "pre-fanned records, no signing, retries, attempt records or commits; copy = consume and produce "
                + "the same fan-out in transactions committed as often as the router's (router.commit.interval).");
        notes.add(options.payload() == Payload.VARIED
                ? "Event data (--payload varied): the stamp, then an order (ids, words of a small vocabulary, "
                        + "numbers, a few items), varied from event to event: it compresses about as real JSON does."
                : "Event data (--payload padded): the stamp, then one character repeated; it compresses far better "
                        + "than real events, which matters to every figure with kafka.compression.type set.");
        if (!options.answerDelay().isZero()) {
            notes.add("Every healthy endpoint answers 200 " + options.answerDelay().toMillis() + " ms after a request "
                    + "arrives (--answer-delay), as a real endpoint's own work or a network's round trip would; "
                    + "arrivals are timed when they arrive.");
        }
        if (!options.variantSettings().isEmpty()) {
            notes.add("variant: a second Hookline, with " + Harness.describe(options.variantSettings()) + " on top "
                    + "of the first one's settings, drains the same backlogs in the throughput scenario and runs "
                    + "the latency scenario's steps at the same rates (the first one's saturation); the two take "
                    + "turns going first, round by round or step by step. Both run (idle) while the other systems "
                    + "run.");
        }
        if (options.scenarios().contains(Scenario.SUBSCRIPTIONS)) {
            notes.add("subscriptions: the loaded subscriptions match no event sent (types bench.unsent.*); a share of "
                    + "them is in a measured tenant, so its events meet them all. 'last published → routed' is from "
                    + "Kafka acknowledging the last one until a delivery to it is in the deliveries topic "
                    + "(read-committed), probing its tenant every 100 ms.");
        }
        if (options.scenarios().contains(Scenario.SCALE_OUT)) {
            notes.add("scale-out: 2 routers and 2 dispatchers, each a JVM of its own (-Xmx512m) running the stage as "
                    + "its command does; SIGTERM is a graceful stop, SIGKILL a crash whose partitions wait for the "
                    + "45 s session timeout. Deliveries received twice are at-least-once, counted, not voided.");
        }
        if (options.scenarios().contains(Scenario.REPLAY)) {
            notes.add("Replay: dlq replay's engine (DeadLetters.replay) and, as its copy, a raw consume-and-produce of "
                    + "the same dead-letter topic in transactions every 200 ms or 5,000 records, each in a child JVM "
                    + "with -Xmx256m that reports the most heap it used; per s is records over the child's whole run.");
        }
        if (options.quick()) {
            notes.add("--quick: small runs, a smoke test of the harness; its rates are dominated by start-up and noise.");
        }
        return notes;
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("hookline-bench-");
        } catch (IOException e) {
            throw new HooklineException("cannot create a working directory: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind is no reason to fail a run that produced its results
        }
    }
}
