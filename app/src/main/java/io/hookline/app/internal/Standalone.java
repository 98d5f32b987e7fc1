package io.hookline.app.internal;

import com.codahale.metrics.MetricRegistry;
import io.hookline.common.Stage;
import io.hookline.common.config.HooklineConfig;
import io.hookline.common.net.EgressPolicy;
import io.hookline.common.ops.OpsServer;
import io.hookline.common.secrets.Envelope;
import io.hookline.common.secrets.PrivateKeys;
import io.hookline.common.secrets.PublicKeys;
import io.hookline.dispatcher.Dispatcher;
import io.hookline.dispatcher.DispatcherConfig;
import io.hookline.router.Router;
import io.hookline.router.RouterConfig;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;

/**
 * Everything in one process: an embedded Kafka under the data directory, Hookline's topics,
 * the router, the dispatcher and the ops endpoints. Started in dependency order, closed in
 * reverse; {@link #ready()} is what {@code /readyz} reports. Unless configured otherwise, its
 * dispatcher sends to loopback addresses and over plain http too (receivers on this machine),
 * and says so at start. Its dispatcher's private keys live under the data directory too, made
 * at the first start, their public half published in the keys topic (see {@link #prepareKeys}).
 */
public final class Standalone implements AutoCloseable {
    private final Started started = new Started("clean shutdown failed");
    private final MetricRegistry metrics = new MetricRegistry();
    private final PrintStream out;
    private EmbeddedKafka kafka;
    private Router router;
    private Dispatcher dispatcher;
    private OpsServer ops;
    private HooklineConfig config;
    private PrivateKeys privateKeys;

    /**
     * @param values configuration (file, environment, flags already merged); bootstrap.servers is
     *               set here to the embedded broker
     */
    public record Settings(Path dataDir, String host, int kafkaPort, int opsPort, Map<String, Object> values) {
    }

    private Standalone(PrintStream out) {
        this.out = out;
    }

    public static Standalone start(Settings settings, PrintStream out) {
        Standalone standalone = new Standalone(out);
        try {
            standalone.startAll(settings);
            return standalone;
        } catch (RuntimeException e) {
            standalone.close();
            throw e;
        }
    }

    private void startAll(Settings settings) {
        long startedAt = System.nanoTime();
        kafka = EmbeddedKafka.start(settings.dataDir(), settings.host(), settings.kafkaPort());
        started.add(kafka);
        out.println("Kafka      " + kafka.bootstrapServers() + "  (data in " + settings.dataDir().resolve("kafka") + ")");

        Map<String, Object> values = new HashMap<>(settings.values());
        values.put(HooklineConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        values.putIfAbsent(HooklineConfig.TOPIC_PARTITIONS, 3);
        values.putIfAbsent(RouterConfig.STATE_DIR, settings.dataDir().resolve("router").toAbsolutePath().toString());
        values.putIfAbsent(HooklineConfig.HTTP_ALLOW_LOOPBACK, true);
        values.putIfAbsent(HooklineConfig.HTTP_ALLOW_PLAIN, true);
        config = new HooklineConfig(values);
        EgressPolicy egress = config.egressPolicy();
        out.println("Endpoints  " + egress + " (a dispatcher against a cluster allows only https to public "
                + "addresses, unless configured)");
        if (egress.allowPlainHttp() || !egress.addresses().allowlist().isEmpty()) {
            out.println("           publish local URLs with: hookline subscriptions put --allow-loopback "
                    + "--allow-plain-http …");
        }

        try (Admin admin = Admin.create(config.kafkaClientProperties())) {
            new TopicCreator(admin).createAll(config.topics(), config.topicPartitions(), (short) 1,
                    config.retrySchedule().distinctDelays());
        }
        out.println("Topics     " + config.topics().prefix() + ".* ready");
        Path keyFile = Optional.ofNullable(values.get(DispatcherConfig.SECRETS_PRIVATE_KEYS_FILE))
                .map(value -> value.toString().strip()).filter(value -> !value.isEmpty()).map(Path::of)
                .orElse(settings.dataDir().resolve("keys").resolve("private-keys.json"));
        values.put(DispatcherConfig.SECRETS_PRIVATE_KEYS_FILE, keyFile.toAbsolutePath().toString());
        privateKeys = prepareKeys(keyFile);

        router = Router.create(new RouterConfig(values), metrics);
        started.add(router);
        router.start();
        dispatcher = new Dispatcher(new DispatcherConfig(values), metrics);
        started.add(dispatcher);
        dispatcher.start();

        ops = OpsServer.start(new InetSocketAddress(settings.host(), settings.opsPort()), metrics, this::ready,
                () -> failure().isEmpty());
        started.add(ops);
        out.println("Ops HTTP   http://" + settings.host() + ":" + ops.port() + "/readyz  /healthz  /metrics");
        out.printf("Started    in %.1f s; the router and the dispatcher are joining their groups%n",
                (System.nanoTime() - startedAt) / 1e9);
    }

    /**
     * The dispatcher's private keys from {@code file}, made there when absent, and their public
     * half published to the keys topic unless it is there already: so that {@code subscriptions
     * put} against this standalone seals secrets at once.
     */
    private PrivateKeys prepareKeys(Path file) {
        boolean generate = !Files.exists(file);
        PrivateKeys keys = generate ? PrivateKeys.generate() : PrivateKeys.read(file);
        if (generate) {
            keys.write(file);
        }
        KeyDirectory directory = new KeyDirectory(config.kafkaClients(), config.topics());
        Optional<PublicKeys> published = directory.current();
        boolean publish = published.map(current -> current.keyId() != keys.primaryKeyId()).orElse(true);
        if (publish) {
            directory.publish(keys.publicKeys());
        }
        out.println("Secrets    " + (generate ? "generated a key pair in " : "private keys in ") + file
                + " (keep it: it opens every subscription secret); secrets are sealed to key "
                + Envelope.keyIdText(keys.primaryKeyId()) + (publish ? ", published to " + directory.topic() : ""));
        return keys;
    }

    /** The dispatcher's private keys: the demo reads its own subscriptions' secrets with them. */
    public PrivateKeys privateKeys() {
        return privateKeys;
    }

    /** True once the router and the dispatcher run. */
    public boolean ready() {
        return router != null && router.isRunning() && dispatcher != null && dispatcher.isRunning();
    }

    /** What stopped the router or the dispatcher on its own, if anything did. */
    public Optional<Throwable> failure() {
        return Stage.firstFailure(router, dispatcher);
    }

    /**
     * Waits until {@link #ready()}, printing progress every few seconds.
     *
     * @param giveUp checked while waiting, e.g. whether Ctrl-C was pressed
     * @return false if it was not ready within {@code timeout}, a stage failed, or {@code giveUp} said so
     */
    public boolean awaitReady(Duration timeout, BooleanSupplier giveUp) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long nextReport = start + TimeUnit.SECONDS.toNanos(5);
        while (!ready()) {
            long now = System.nanoTime();
            if (now > deadline || failure().isPresent() || giveUp.getAsBoolean()) {
                return false;
            }
            if (now > nextReport) {
                out.printf("  … still waiting for the router (%s) and the dispatcher (%s)%n", router.state(),
                        dispatcher.readiness());
                nextReport = now + TimeUnit.SECONDS.toNanos(5);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        out.printf("Ready      after %.1f s%n", (System.nanoTime() - start) / 1e9);
        return true;
    }

    /** The enabled subscriptions of {@code tenant} the router routes to now (none before it runs). */
    public List<String> routedSubscriptionIds(String tenant) {
        return router == null ? List.of() : router.routedSubscriptionIds(tenant);
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public HooklineConfig config() {
        return config;
    }

    public MetricRegistry metrics() {
        return metrics;
    }

    public int opsPort() {
        return ops.port();
    }

    @Override
    public void close() {
        started.close();
    }
}
