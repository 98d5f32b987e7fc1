package io.hookline.app;

import io.hookline.app.internal.Demo;
import io.hookline.app.internal.Lifecycle;
import io.hookline.app.internal.Standalone;
import io.hookline.dispatcher.DispatcherConfig;
import io.hookline.router.RouterConfig;
import io.hookline.common.HooklineException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hookline standalone}: Kafka and every stage in one process, for trying Hookline and for development. */
@Command(name = "standalone", mixinStandardHelpOptions = true,
        description = {"Run everything in one process: an embedded single-node Kafka (data kept under "
                + "--data-dir across restarts), Hookline's topics, the router, the dispatcher and the ops "
                + "endpoints. Ctrl-C stops it cleanly.", "",
            "With --demo it also starts a local receiver, publishes three demo subscriptions and sends demo "
                    + "events, printing each delivery as it arrives with its verified signature and the time: one "
                    + "endpoint fails each first attempt (retried, then delivered), one answers 410 Gone "
                    + "(dead-lettered)."})
final class StandaloneCommand implements Callable<Integer> {
    @Option(names = "--demo", description = "Also run the demo: receiver, subscriptions and a stream of events.")
    boolean demo;

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

    @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR",
            description = "Where Kafka's log and the router's state live (default: ./${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--ops-port", defaultValue = "8081",
            description = "Port of /healthz, /readyz and /metrics (default: ${DEFAULT-VALUE}).")
    int opsPort;

    @Option(names = "--demo-interval", defaultValue = "1000", paramLabel = "MILLIS",
            description = "Time between demo events (default: ${DEFAULT-VALUE} ms).")
    long demoInterval;

    @Mixin
    ConfigOptions settings;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, Object> values = settings.values(allDefinitions(), Map.of());
        PrintStream out = System.out;
        out.println("Hookline standalone: everything in one process. Ctrl-C stops it.");
        Optional<Throwable> failed;
        String demoSummary = null;
        try (Lifecycle lifecycle = Lifecycle.install()) {
            try (Standalone standalone = Standalone.start(
                    new Standalone.Settings(dataDir, host, kafkaPort, opsPort, values), out)) {
                boolean ready = standalone.awaitReady(READY_TIMEOUT, lifecycle::stopRequested);
                if (!ready && !lifecycle.stopRequested()) {
                    throw new HooklineException(standalone.failure().map(f -> "startup failed: " + f.getMessage())
                            .orElse("the router and the dispatcher did not start within "
                                    + READY_TIMEOUT.toMinutes() + " minutes; see the log lines above"));
                }
                try (Demo running = demo && ready ? Demo.start(standalone, host, demoInterval, out) : null) {
                    failed = lifecycle.awaitStopOrFailure(standalone::failure);
                    out.println("Stopping…");
                    demoSummary = running == null ? null : running.totals().summary();
                }
            }
            // Before the lifecycle closes: after Ctrl-C, the JVM ends as soon as it has.
            if (failed.isEmpty()) {
                out.println("Stopped cleanly" + (demoSummary != null ? "; " + demoSummary + "." : "."));
            }
        }
        if (failed.isPresent()) {
            throw new HooklineException("stopped because a stage failed: " + failed.get().getMessage());
        }
        return 0;
    }

    private static ConfigDef allDefinitions() {
        ConfigDef all = new ConfigDef(RouterConfig.definition());
        DispatcherConfig.definition().configKeys().values().stream()
                .filter(key -> !all.names().contains(key.name))
                .forEach(all::define);
        return all;
    }
}
