package io.hookline.testkit;

import io.hookline.common.HooklineException;
import io.hookline.testkit.internal.KafkaClients;
import io.hookline.testkit.internal.KraftNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft broker in a child JVM, for tests that kill and restart Kafka: it can
 * be {@linkplain #kill() SIGKILLed} and {@linkplain #restart() restarted} on the same data
 * directory and the same port, so clients reconnect to the broker they knew.
 *
 * <p>The data directory holds {@code server.properties} (written on the first start, read
 * again on later ones, so the ports survive), the Kafka logs under {@code kafka-logs/}, and
 * {@code broker.log} with the child's output. The child is a {@link ChildJvm}: it runs on
 * the test classpath and halts by itself if the test JVM disappears.
 */
public final class ChildKafkaBroker implements KafkaBroker {
    private static final Logger log = LoggerFactory.getLogger(ChildKafkaBroker.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> JVM_OPTIONS = List.of(
            "-Xmx512m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
            // C1 only: starts in about half the time on a busy 2-core box; a test broker needs no C2
            "-XX:TieredStopAtLevel=1",
            "-Dlogback.configurationFile=io/hookline/testkit/child-broker-logback.xml");
    /**
     * For benchmarks: the JIT and collector a broker runs with in production (C2, G1), since a
     * broker limited to C1 spends CPU that the measured systems on the same box then lack.
     */
    private static final List<String> BENCHMARK_JVM_OPTIONS = List.of(
            "-Xmx512m", "-Djava.awt.headless=true",
            "-Dlogback.configurationFile=io/hookline/testkit/child-broker-logback.xml");

    /**
     * After a SIGKILL the restarted broker cannot register again until the controller has
     * given up on the killed one's session: 9 s by default, 3 s here.
     */
    private static final Map<String, String> QUICK_REREGISTRATION = Map.of(
            "broker.session.timeout.ms", "3000",
            "broker.heartbeat.interval.ms", "500");

    private final KraftNode node;
    private final ChildJvm.Launcher launcher;
    private volatile ChildJvm jvm;

    private ChildKafkaBroker(KraftNode node, List<String> jvmOptions) {
        this.node = node;
        this.launcher = new ChildJvm.Launcher(jvmOptions, node.dataDir(), node.dataDir().resolve("broker.log"));
    }

    /**
     * Starts a broker on {@code dataDir} and waits until it answers. A new directory is
     * formatted first; an existing one (from an earlier broker) keeps its data and ports.
     *
     * @throws HooklineException if the broker does not come up; the message quotes the first
     *     errors and the last lines of its log
     */
    public static ChildKafkaBroker start(Path dataDir) {
        return start(dataDir, JVM_OPTIONS, QUICK_REREGISTRATION);
    }

    /**
     * {@link #start(Path)} with the JIT and collector of a production broker (slower to start)
     * and Kafka's own broker session (9 s, heartbeats every 2 s): for benchmarks, which never
     * kill their broker, and whose load on a busy 2-core box must not make the controller fence
     * the broker (taking every partition's leader away) for a few heartbeats missed.
     */
    public static ChildKafkaBroker startForBenchmarks(Path dataDir) {
        return start(dataDir, BENCHMARK_JVM_OPTIONS, Map.of());
    }

    private static ChildKafkaBroker start(Path dataDir, List<String> jvmOptions, Map<String, String> settings) {
        ChildKafkaBroker broker = new ChildKafkaBroker(KraftNode.in(dataDir, settings), jvmOptions);
        if (!broker.node.formatted()) {
            broker.format();
        }
        broker.launch();
        return broker;
    }

    @Override
    public String bootstrapServers() {
        return node.bootstrapServers();
    }

    /** The broker's data directory, as given to {@link #start(Path)}. */
    public Path dataDir() {
        return node.dataDir();
    }

    /** The child's output (every start appends to it). */
    public Path logFile() {
        return launcher.logFile();
    }

    /** Whether the child JVM is alive. */
    public boolean isRunning() {
        ChildJvm current = jvm;
        return current != null && current.isAlive();
    }

    /** The child JVM's process id, e.g. to freeze it with SIGSTOP. */
    public long pid() {
        ChildJvm current = jvm;
        if (current == null) {
            throw new IllegalStateException("the broker has not been started");
        }
        return current.pid();
    }

    /** Kills the broker with SIGKILL (no clean shutdown, like a crash) and waits until it is gone. */
    public synchronized void kill() {
        ChildJvm current = jvm;
        if (current != null) {
            current.kill();
        }
    }

    /** Stops the broker cleanly (SIGTERM), killing it if it takes longer than 30 s. */
    public synchronized void stop() {
        ChildJvm current = jvm;
        if (current != null && current.isAlive() && !current.stop(STOP_TIMEOUT)) {
            log.warn("the Kafka broker in {} did not stop within {}, killed it", node.dataDir(), STOP_TIMEOUT);
        }
    }

    /**
     * Starts the broker again on the same data directory and port and waits until it answers;
     * a broker still running is stopped cleanly first.
     */
    public synchronized void restart() {
        stop();
        launch();
    }

    /** Stops the broker cleanly; the data directory stays. */
    @Override
    public synchronized void close() {
        stop();
    }

    @Override
    public String toString() {
        return "Kafka broker in a child JVM at " + bootstrapServers() + " (data in " + node.dataDir() + ")";
    }

    private void format() {
        ChildJvm formatter = launcher.start("formatting storage", "kafka.tools.StorageTool", node.formatArguments());
        if (!formatter.awaitExit(FORMAT_TIMEOUT)) {
            formatter.kill();
            throw failure("formatting the storage took more than " + FORMAT_TIMEOUT);
        }
        if (formatter.exitCode() != 0) {
            throw failure("formatting the storage failed with exit code " + formatter.exitCode());
        }
    }

    private synchronized void launch() {
        long started = System.nanoTime();
        jvm = launcher.start("starting the broker", "kafka.Kafka", List.of(node.serverProperties().toString()));
        awaitReady(Instant.now().plus(START_TIMEOUT));
        log.info("{} ready in {} ms (pid {})", this, (System.nanoTime() - started) / 1_000_000, jvm.pid());
    }

    /** Waits until the broker accepts connections and its cluster lists it; fails early if it dies. */
    private void awaitReady(Instant deadline) {
        // A bare TCP check first: an admin client would log a warning per refused connection.
        while (!accepts(node.port())) {
            if (jvm.awaitExit(Duration.ofMillis(50))) {
                throw failure("the broker exited with code " + jvm.exitCode() + " while starting");
            }
            if (Instant.now().isAfter(deadline)) {
                throw failure("the broker did not open port " + node.port() + " within " + START_TIMEOUT);
            }
        }
        try (Admin admin = KafkaClients.admin(bootstrapServers())) {
            while (true) {
                Duration left = Duration.between(Instant.now(), deadline);
                try {
                    if (!KafkaClients.describeCluster(admin, min(left, Duration.ofSeconds(5))).isEmpty()) {
                        return;
                    }
                } catch (HooklineException notYet) {
                    // the broker is still starting; try again until the deadline
                }
                if (!jvm.isAlive()) {
                    throw failure("the broker exited with code " + jvm.exitCode() + " while starting");
                }
                if (Instant.now().isAfter(deadline)) {
                    throw failure("the broker did not answer within " + START_TIMEOUT);
                }
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(KraftNode.HOST, port), 1_000);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private HooklineException failure(String what) {
        ChildJvm current = jvm;
        if (current != null && current.isAlive()) {
            current.kill();
        }
        return new HooklineException("Kafka broker in " + node.dataDir() + ": " + what + "; from " + logFile()
                + ":" + System.lineSeparator() + launcher.logExcerpt());
    }

    private static Duration min(Duration a, Duration b) {
        Duration smaller = a.compareTo(b) <= 0 ? a : b;
        return smaller.isNegative() || smaller.isZero() ? Duration.ofMillis(1) : smaller;
    }
}
