package io.hookline.app;

import com.codahale.metrics.MetricRegistry;
import io.hookline.common.Stage;
import io.hookline.common.config.HooklineConfig;
import io.hookline.common.ops.OpsServer;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs one stage against an existing cluster until Ctrl-C, with the ops endpoints beside it.
 * Subclasses say which configuration the stage reads and how to start it.
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
        Stage stage = create(values, metrics);
        stage.start();
        OpsServer ops;
        try {
            ops = OpsServer.start(new InetSocketAddress(opsHost, opsPort), metrics, stage::isRunning);
        } catch (RuntimeException e) {
            stage.close();
            throw e;
        }
        System.out.println("hookline " + stageName() + " running against " + config.bootstrapServers()
                + "; ops on http://" + opsHost + ":" + ops.port() + "/readyz. Ctrl-C stops it.");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                ops.close();
                stage.close();
                System.out.println("hookline " + stageName() + " stopped cleanly.");
            } finally {
                stopped.countDown();
            }
        }, "hookline-shutdown"));
        stopped.await();
        return 0;
    }
}
