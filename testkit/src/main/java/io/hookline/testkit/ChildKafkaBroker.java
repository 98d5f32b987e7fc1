package io.hookline.testkit;

import io.hookline.common.HooklineException;
import io.hookline.testkit.internal.ChildBrokerMain;
import io.hookline.testkit.internal.FileTrees;
import io.hookline.testkit.internal.KafkaClients;
import io.hookline.testkit.internal.KraftNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * {@code broker.log} with the child's output. The child runs on the test classpath and
 * halts by itself if the test JVM disappears.
 */
public final class ChildKafkaBroker implements KafkaBroker {
    private static final Logger log = LoggerFactory.getLogger(ChildKafkaBroker.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final int LOG_ERROR_LINES = 10;
    private static final int LOG_TAIL_LINES = 20;
    private static final String LOG_MARKER = "=== hookline testkit, ";
    private static final List<String> JVM_OPTIONS = List.of(
            "-Xmx512m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
            // C1 only: starts in about half the time on a busy 2-core box; a test broker needs no C2
            "-XX:TieredStopAtLevel=1",
            "-Dlogback.configurationFile=io/hookline/testkit/child-broker-logback.xml");

    /**
     * After a SIGKILL the restarted broker cannot register again until the controller has
     * given up on the killed one's session: 9 s by default, 3 s here.
     */
    private static final Map<String, String> QUICK_REREGISTRATION = Map.of(
            "broker.session.timeout.ms", "3000",
            "broker.heartbeat.interval.ms", "500");

    private final KraftNode node;
    private final Path logFile;
    private final Thread killOnExit = new Thread(this::killQuietly, "hookline-child-kafka-kill");
    private volatile Process process;

    private ChildKafkaBroker(KraftNode node) {
        this.node = node;
        this.logFile = node.dataDir().resolve("broker.log");
    }

    /**
     * Starts a broker on {@code dataDir} and waits until it answers. A new directory is
     * formatted first; an existing one (from an earlier broker) keeps its data and ports.
     *
     * @throws HooklineException if the broker does not come up; the message quotes the first
     *     errors and the last lines of its log
     */
    public static ChildKafkaBroker start(Path dataDir) {
        ChildKafkaBroker broker = new ChildKafkaBroker(KraftNode.in(dataDir, QUICK_REREGISTRATION));
        if (!broker.node.formatted()) {
            broker.format();
        }
        Runtime.getRuntime().addShutdownHook(broker.killOnExit);
        try {
            broker.launch();
        } catch (RuntimeException e) {
            Runtime.getRuntime().removeShutdownHook(broker.killOnExit);
            throw e;
        }
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
        return logFile;
    }

    /** Whether the child JVM is alive. */
    public boolean isRunning() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** The child JVM's process id, e.g. to freeze it with SIGSTOP. */
    public long pid() {
        Process current = process;
        if (current == null) {
            throw new IllegalStateException("the broker has not been started");
        }
        return current.pid();
    }

    /** Kills the broker with SIGKILL (no clean shutdown, like a crash) and waits until it is gone. */
    public synchronized void kill() {
        Process current = process;
        if (current != null && current.isAlive()) {
            current.destroyForcibly();
            awaitExit(current, STOP_TIMEOUT);
        }
    }

    /** Stops the broker cleanly (SIGTERM), killing it if it takes longer than 30 s. */
    public synchronized void stop() {
        Process current = process;
        if (current != null && current.isAlive()) {
            current.destroy();
            if (!awaitExit(current, STOP_TIMEOUT)) {
                log.warn("the Kafka broker in {} did not stop within {}, killing it", node.dataDir(), STOP_TIMEOUT);
                kill();
            }
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
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException alreadyExiting) {
            // the hook runs anyway, and finds nothing left to kill
        }
    }

    @Override
    public String toString() {
        return "Kafka broker in a child JVM at " + bootstrapServers() + " (data in " + node.dataDir() + ")";
    }

    private void format() {
        List<String> command = javaCommand();
        command.add("kafka.tools.StorageTool");
        command.addAll(node.formatArguments());
        Process formatter = spawn(command, "formatting storage");
        if (!awaitExit(formatter, FORMAT_TIMEOUT)) {
            formatter.destroyForcibly();
            throw failure("formatting the storage took more than " + FORMAT_TIMEOUT);
        }
        if (formatter.exitValue() != 0) {
            throw failure("formatting the storage failed with exit code " + formatter.exitValue());
        }
    }

    private synchronized void launch() {
        long started = System.nanoTime();
        List<String> command = javaCommand();
        command.add(ChildBrokerMain.class.getName());
        command.add(Long.toString(ProcessHandle.current().pid()));
        command.add(node.serverProperties().toString());
        process = spawn(command, "starting the broker");
        awaitReady(Instant.now().plus(START_TIMEOUT));
        log.info("{} ready in {} ms (pid {})", this, (System.nanoTime() - started) / 1_000_000, process.pid());
    }

    /** Waits until the broker accepts connections and its cluster lists it; fails early if it dies. */
    private void awaitReady(Instant deadline) {
        // A bare TCP check first: an admin client would log a warning per refused connection.
        while (!accepts(node.port())) {
            if (waitForExit(Duration.ofMillis(50))) {
                throw failure("the broker exited with code " + process.exitValue() + " while starting");
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
                if (!process.isAlive()) {
                    throw failure("the broker exited with code " + process.exitValue() + " while starting");
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

    /** Waits up to {@code timeout} for the current child to exit; true if it did. */
    private boolean waitForExit(Duration timeout) {
        return awaitExit(process, timeout);
    }

    private static boolean awaitExit(Process child, Duration timeout) {
        try {
            child.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HooklineException("interrupted while waiting for the Kafka broker's JVM", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Process.onExit() does not fail", e);
        }
    }

    private Process spawn(List<String> command, String what) {
        try {
            Files.writeString(logFile, System.lineSeparator() + LOG_MARKER + Instant.now() + ": "
                    + what + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(node.dataDir().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            // in the environment rather than -cp: keeps the command line readable in ps
            builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
            return builder.start();
        } catch (IOException e) {
            throw new HooklineException("cannot start a JVM for " + what + ": " + e.getMessage(), e);
        }
    }

    private HooklineException failure(String what) {
        Process current = process;
        if (current != null && current.isAlive()) {
            current.destroyForcibly();
        }
        return new HooklineException("Kafka broker in " + node.dataDir() + ": " + what + "; from " + logFile
                + ":" + System.lineSeparator() + FileTrees.errorsAndTail(logFile, LOG_MARKER, LOG_ERROR_LINES, LOG_TAIL_LINES));
    }

    private void killQuietly() {
        Process current = process;
        if (current != null) {
            current.destroyForcibly();
        }
    }

    private static List<String> javaCommand() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        return command;
    }

    private static Duration min(Duration a, Duration b) {
        Duration smaller = a.compareTo(b) <= 0 ? a : b;
        return smaller.isNegative() || smaller.isZero() ? Duration.ofMillis(1) : smaller;
    }
}
