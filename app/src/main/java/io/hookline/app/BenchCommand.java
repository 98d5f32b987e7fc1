package io.hookline.app;

import io.hookline.bench.Bench;
import io.hookline.bench.BenchOptions;
import io.hookline.bench.BenchReport;
import io.hookline.bench.Payload;
import io.hookline.bench.Scenario;
import io.hookline.common.HooklineException;
import io.hookline.common.config.Durations;
import io.hookline.router.RouterConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hookline bench}: Hookline measured against baselines run side by side in the same invocation. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure Hookline against baselines in the same invocation, on a real broker (a child JVM, "
                + "or --bootstrap-server) with a receiver in its own JVM. Every expected delivery is accounted "
                + "for: a run with anything missing is reported VOID.",
            "",
            "Scenarios: throughput (naive, limit and Hookline at each --fan-out), slow-endpoints (1 %% of endpoints "
                    + "stalled and 1 %% failing, against a clean run), latency (open-loop at 25/50/75 %% of "
                    + "saturation), router (the router alone against an exactly-once copy, at each --fan-out), "
                    + "subscriptions (100,000 more loaded: deliveries/s against without, and how long the last one "
                    + "takes to be routed), scale-out (2 routers + 2 dispatchers as processes, one of each stopped and "
                    + "started again mid-run), replay (dlq replay of 1,000,000 dead letters against a raw copy "
                    + "of the same topic, heap bounded to 256 MiB).",
            "",
            "Writes <results>/<time>/results.json, report.md, PNG charts and stages.log (the router's and "
                    + "dispatcher's warnings: failed attempts, dead letters). The machine's other load moves every "
                    + "absolute figure: read the ratios and the CPU per delivery. See docs/benchmarks.md."})
final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "NAME", split = ",",
            description = "throughput, slow-endpoints, latency, router, subscriptions, scale-out, replay; repeatable or comma-separated "
                    + "(default: all of them).")
    List<String> scenarios;

    @Option(names = "--quick", description = "Small runs: a smoke test of everything in a minute or two "
            + "on a quiet machine; the ledgers mean something, the rates little.")
    boolean quick;

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
            description = "Use this Kafka cluster instead of starting a broker in a child JVM. Topics are "
                    + "created under the prefix bench-<time>-… and left behind.")
    String bootstrapServer;

    @Option(names = "--results", paramLabel = "DIR", defaultValue = "bench/results",
            description = "Where to write <time>/results.json, report.md and charts (default: ${DEFAULT-VALUE}).")
    Path results;

    @Option(names = "--endpoints", paramLabel = "N", defaultValue = "" + BenchOptions.DEFAULT_ENDPOINTS,
            description = "Receiver endpoints, one subscription each, a multiple of 20 (default: ${DEFAULT-VALUE}).")
    int endpoints;

    @Option(names = "--fan-out", paramLabel = "N", split = ",",
            description = "Fan-outs of the throughput and router scenarios, one round each in this order (default: "
                    + "1,5,20 for throughput, 1,5,100 for router). Repeat one for several rounds and ratios over all of "
                    + "them (in router, the copy and the router take turns going first), e.g. --scenario router "
                    + "--fan-out 5,5,5,5.")
    List<Integer> fanOuts;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A Hookline setting (as in docs/configuration.md) for every router and dispatcher the "
                    + "bench starts, applied after the bench's own; repeatable. E.g. --set router.commit.interval=100ms "
                    + "runs every Hookline with a longer transaction interval (the default is "
                    + RouterConfig.DEFAULT_COMMIT_INTERVAL + "); --variant "
                    + "compares one side by side. kafka.* settings apply to the bench's own clients too (load, "
                    + "baselines), so that every system talks to Kafka alike.")
    Map<String, String> hooklineSettings;

    @Option(names = "--variant", paramLabel = "KEY=VALUE",
            description = "Run a second Hookline with this setting on top (repeatable: all of them on one second "
                    + "Hookline) beside the first, the two taking turns: in throughput it drains the same backlogs "
                    + "(variant/hookline by rate and CPU per delivery), in latency it runs each step at the same "
                    + "rate (its p50 and p99 beside the first one's). On a shared machine this is how to see what a "
                    + "setting changes: e.g. --scenario throughput,latency --fan-out 5,5,5,5 "
                    + "--variant router.commit.interval=100ms.")
    Map<String, String> variantSettings;

    @Option(names = "--payload", paramLabel = "KIND", defaultValue = "padded",
            description = "What fills each event's data, to about 1 KiB: padded (one character repeated; the "
                    + "default, comparable with the figures in docs/benchmarks.md) or varied (an order with fields "
                    + "varied from event to event, which compresses about as real JSON does; for measuring "
                    + "kafka.compression.type).")
    String payload;

    @Option(names = "--answer-delay", paramLabel = "DURATION", defaultValue = "0ms",
            description = "How long every healthy endpoint takes to answer 200, as a real endpoint's own work or a "
                    + "network's round trip would (default: ${DEFAULT-VALUE}, at once; at most 1s). Loopback "
                    + "answers at once favour one request at a time: the naive baseline gets no round trip to wait "
                    + "for. E.g. 10ms.")
    String answerDelay;

    @Override
    public Integer call() {
        List<Scenario> chosen;
        BenchOptions options;
        try {
            chosen = scenarios == null ? Arrays.asList(Scenario.values())
                    : scenarios.stream().map(String::trim).map(Scenario::parse).toList();
            options = new BenchOptions(chosen, quick, bootstrapServer, results, endpoints,
                    fanOuts == null ? List.of() : fanOuts,
                    hooklineSettings == null ? Map.of() : hooklineSettings,
                    variantSettings == null ? Map.of() : variantSettings, parseAnswerDelay(), Payload.parse(payload),
                    commandLine(),
                    System.console() != null);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        BenchReport report = Bench.run(options, spec.commandLine().getOut());
        return report.balanced() ? 0 : 1;
    }

    private Duration parseAnswerDelay() {
        try {
            return Durations.parse(answerDelay);
        } catch (HooklineException e) {
            throw new IllegalArgumentException("--answer-delay: " + e.getMessage(), e);
        }
    }

    private String commandLine() {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        return "bin/hookline " + String.join(" ", args); // the whole command line: "bench" is among them
    }
}
