package io.hookline.testkit.internal;

import io.hookline.common.HooklineException;
import io.hookline.testkit.KafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.internals.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft broker (combined broker and controller) inside the test JVM, on a
 * temporary data directory: the same {@code server.properties} and the same
 * {@code StorageTool format --standalone} as {@link io.hookline.testkit.ChildKafkaBroker},
 * run by {@link KafkaRaftServer}, the class {@code kafka.Kafka} runs.
 *
 * <p>Why not Kafka's {@code KafkaClusterTestKit}: its {@code build()} always creates TLS
 * material with classes from the {@code kafka-clients} test jar and BouncyCastle, which its
 * pom does not declare, and the registry here does not serve the 4.4.0 test jar.
 * {@code KafkaRaftServer} and {@code StorageTool} are internal to Kafka too: this class is
 * the only place that uses them in-process.
 */
public record InProcessKafka(KraftNode node, KafkaRaftServer server) implements KafkaBroker {
    private static final Logger log = LoggerFactory.getLogger(InProcessKafka.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    /** Formats a fresh temporary data directory, starts the broker and waits until it answers. */
    public static InProcessKafka start() {
        KraftNode node = KraftNode.in(temporaryDirectory(), Map.of());
        format(node);
        keepTheJvmAlive();
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(node.properties()), Time.SYSTEM);
        try {
            server.startup();
            try (Admin admin = KafkaClients.admin(node.bootstrapServers())) {
                KafkaClients.describeCluster(admin, READY_TIMEOUT);
            }
        } catch (RuntimeException e) {
            stop(server, node);
            throw new HooklineException("cannot start the in-process Kafka broker in " + node.dataDir() + ": " + e, e);
        }
        return new InProcessKafka(node, server);
    }

    @Override
    public String bootstrapServers() {
        return node.bootstrapServers();
    }

    /** Stops the broker and deletes its data directory. */
    @Override
    public void close() {
        stop(server, node);
    }

    @Override
    public String toString() {
        return "in-process Kafka broker at " + bootstrapServers();
    }

    private static void format(KraftNode node) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            status = kafka.tools.StorageTool.execute(node.formatArguments().toArray(String[]::new), out);
        } catch (RuntimeException e) {
            throw new HooklineException("cannot format " + node.dataDir() + ": " + e.getMessage() + "; "
                    + output.toString(StandardCharsets.UTF_8), e);
        }
        if (status != 0) {
            throw new HooklineException("formatting " + node.dataDir() + " failed with status " + status + ": "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    /**
     * A broker that meets a fatal fault halts its JVM, here the test JVM, which then vanishes
     * without a word. Say what happened instead and let the tests fail on their own timeouts.
     */
    private static void keepTheJvmAlive() {
        Exit.Procedure refuse = (status, message) -> {
            log.error("the in-process Kafka broker asked to end the JVM with status {}: {}", status, message);
            throw new HooklineException("the in-process Kafka broker failed fatally: " + message);
        };
        Exit.setExitProcedure(refuse);
        Exit.setHaltProcedure(refuse);
    }

    private static void stop(KafkaRaftServer server, KraftNode node) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            FileTrees.deleteQuietly(node.dataDir());
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("hookline-test-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data directory for the in-process broker", e);
        }
    }
}
