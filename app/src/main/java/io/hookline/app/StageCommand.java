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
 * it restarts it. Subclasses say which configuration the stage reads and how to create it.
 */
abstract class StageCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--ops-host", defaultValue = "127.0.0.1",
            description = "Address of /healthz, /readyz and /metrics (default: ${DEFAULT-VALUE}).")
    String opsHost;

    @Option(names = "--ops-port", defaultValue = "8081",
            description = "Port of /healthz, /readyz and /metrics (default: ${DEFAULT-VALUE}).")
    int opsPort;

    abstract String stageName();

    abstract ConfigDef definition();

    /** The stage, configured from {@code values}, not yet started. */
    abstract Stage create(Map<String, Object> values, MetricRegistry metrics);

    @Override
    public Integer call() throws InterruptedException {
        Map<String, Object> values = kafka.values(definition(), Map.of());
        HooklineConfig config = new HooklineConfig(values);
        KafkaOptions.requireReachable(config);
        MetricRegistry metrics = new MetricRegistry();
        Optional<Throwable> failed;
        try (Lifecycle lifecycle = Lifecycle.install();
             Stage stage = create(values, metrics)) {
            stage.start();
            try (OpsServer ops = OpsServer.start(new InetSocketAddress(opsHost, opsPort), metrics, stage::isRunning,
                    () -> stage.failure().isEmpty())) {
                kafka.out().println("hookline " + stageName() + " running against " + config.bootstrapServers()
                        + "; ops on http://" + opsHost + ":" + ops.port() + "/readyz. Ctrl-C stops it.");
                failed = lifecycle.awaitStopOrFailure(stage::failure);
            }
        }
        if (failed.isPresent()) {
            throw new HooklineException("the " + stageName() + " failed and stopped: " + failed.get().getMessage());
        }
        kafka.out().println("hookline " + stageName() + " stopped cleanly.");
        return 0;
    }
}
