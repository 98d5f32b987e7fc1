package io.hookline.app;

import com.codahale.metrics.MetricRegistry;
import io.hookline.app.internal.Lifecycle;
import io.hookline.common.HooklineException;
import io.hookline.common.Stage;
import io.hookline.common.config.HooklineConfig;
import io.hookline.common.ops.OpsServer;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs one stage against an existing cluster until Ctrl-C, with the ops endpoints beside it.
 * A stage that fails for good ends the process with exit code 1, so that whatever supervises
 * it restarts it. Each stage's command only names it, with the settings it reads and how to
 * create it; picocli needs a class per command for its annotations.
 */
abstract class StageCommand implements Callable<Integer> {
    /** The last line of every stage command's description. */
    static final String SCALES_OUT = "Run as many as you like; they share the work by partition.";

    /** Creates a stage, configured from the merged settings, not yet started. */
    @FunctionalInterface
    interface Factory {
        Stage create(Map<String, Object> values, MetricRegistry metrics);
    }

    private final String stageName;
    private final ConfigDef definition;
    private final Factory factory;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--ops-host", defaultValue = "127.0.0.1",
            description = "Address of /healthz, /readyz and /metrics (default: ${DEFAULT-VALUE}).")
    String opsHost;

    @Option(names = "--ops-port", defaultValue = "8081",
            description = "Port of /healthz, /readyz and /metrics (default: ${DEFAULT-VALUE}).")
    int opsPort;

    StageCommand(String stageName, ConfigDef definition, Factory factory) {
        this.stageName = stageName;
        this.definition = definition;
        this.factory = factory;
    }

    @Override
    public Integer call() throws InterruptedException {
        Map<String, Object> values = kafka.values(definition, Map.of());
        HooklineConfig config = new HooklineConfig(values);
        KafkaOptions.requireReachable(config);
        MetricRegistry metrics = new MetricRegistry();
        Optional<Throwable> failed;
        try (Lifecycle lifecycle = Lifecycle.install();
             Stage stage = factory.create(values, metrics)) {
            stage.start();
            try (OpsServer ops = OpsServer.start(new InetSocketAddress(opsHost, opsPort), metrics, stage::isRunning,
                    () -> stage.failure().isEmpty())) {
                kafka.out().println("hookline " + stageName + " running against " + config.bootstrapServers()
                        + "; ops on http://" + opsHost + ":" + ops.port() + "/readyz. Ctrl-C stops it.");
                failed = lifecycle.awaitStopOrFailure(stage::failure);
            }
        }
        if (failed.isPresent()) {
            throw new HooklineException("the " + stageName + " failed and stopped: " + failed.get().getMessage());
        }
        kafka.out().println("hookline " + stageName + " stopped cleanly.");
        return 0;
    }
}
