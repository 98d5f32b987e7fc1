package io.hookline.testkit;

import io.hookline.common.HooklineException;
import io.hookline.testkit.internal.ContainerKafka;
import io.hookline.testkit.internal.ExternalKafka;
import io.hookline.testkit.internal.FileTrees;
import io.hookline.testkit.internal.InProcessKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka broker shared by every test of a JVM: started on first use, stopped by a
 * shutdown hook. Tests isolate themselves with unique topic names
 * ({@link TestTopics#unique(String)}), not with brokers of their own.
 *
 * <p>Which broker, chosen by system properties:
 * <ul>
 *   <li>{@code -Dhookline.test.bootstrap=host:port}: an external cluster, never stopped by us;
 *   <li>{@code -Dhookline.test.broker=in-process} (the default): a single-node KRaft broker
 *       inside the test JVM, on a temporary data directory;
 *   <li>{@code -Dhookline.test.broker=child}: the same broker in a child JVM
 *       ({@link ChildKafkaBroker}), off the test JVM's heap;
 *   <li>{@code -Dhookline.test.broker=testcontainers}: Testcontainers' Kafka module; fails
 *       with a clear message when Docker is absent.
 * </ul>
 *
 * <p>The in-process broker's threads are not daemons: the JVM ends when the test runner
 * calls {@code System.exit}, as surefire, failsafe and IDE runners do, and the hook then
 * stops the broker (under a second) and deletes its data.
 */
public final class TestKafka {
    /** System property naming an external cluster to use instead of starting a broker. */
    public static final String BOOTSTRAP_PROPERTY = "hookline.test.bootstrap";
    /** System property choosing how the broker runs: in-process, child or testcontainers. */
    public static final String BROKER_PROPERTY = "hookline.test.broker";

    private static final Logger log = LoggerFactory.getLogger(TestKafka.class);
    private static KafkaBroker shared;
    private static RuntimeException startFailure;

    private TestKafka() {
    }

    /**
     * The broker of this JVM, started on the first call (a few seconds). Its
     * {@link KafkaBroker#close()} does nothing: the broker outlives every test and stops
     * when the JVM exits.
     */
    public static synchronized KafkaBroker shared() {
        if (startFailure != null) {
            // every later test would wait as long again for the same failure
            throw new HooklineException("the shared Kafka broker failed to start earlier in this JVM: "
                    + startFailure.getMessage(), startFailure);
        }
        if (shared == null) {
            long started = System.nanoTime();
            KafkaBroker broker;
            try {
                broker = startConfigured();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
            log.info("{} ready in {} ms", broker, (System.nanoTime() - started) / 1_000_000);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(broker), "hookline-test-kafka-stop"));
            shared = new Shared(broker);
        }
        return shared;
    }

    private static KafkaBroker startConfigured() {
        String bootstrap = System.getProperty(BOOTSTRAP_PROPERTY, "").trim();
        if (!bootstrap.isEmpty()) {
            return ExternalKafka.connect(bootstrap, "-D" + BOOTSTRAP_PROPERTY);
        }
        String kind = System.getProperty(BROKER_PROPERTY, "in-process").trim().toLowerCase(Locale.ROOT);
        return switch (kind) {
            case "in-process", "" -> InProcessKafka.start();
            case "child" -> childInTemporaryDirectory();
            case "testcontainers" -> ContainerKafka.start("-D" + BROKER_PROPERTY + "=testcontainers");
            default -> throw new HooklineException("-D" + BROKER_PROPERTY + "=" + kind
                    + " is not a broker kind; use in-process (default), child or testcontainers");
        };
    }

    private static KafkaBroker childInTemporaryDirectory() {
        Path dir;
        try {
            dir = Files.createTempDirectory("hookline-test-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data directory for the test broker", e);
        }
        ChildKafkaBroker child = ChildKafkaBroker.start(dir);
        return new KafkaBroker() {
            @Override
            public String bootstrapServers() {
                return child.bootstrapServers();
            }

            @Override
            public void close() {
                child.close();
                FileTrees.deleteQuietly(dir);
            }

            @Override
            public String toString() {
                return child.toString();
            }
        };
    }

    private static void stopQuietly(KafkaBroker broker) {
        try {
            broker.close();
        } catch (RuntimeException e) {
            // the JVM is exiting: say what happened, do not fail the exit
            System.err.println("hookline testkit: stopping " + broker + " failed: " + e);
        }
    }

    /** The shared broker as handed to tests: closing it is a no-op. */
    private record Shared(KafkaBroker broker) implements KafkaBroker {
        @Override
        public String bootstrapServers() {
            return broker.bootstrapServers();
        }

        @Override
        public void close() {
            // shared by every test of this JVM; the shutdown hook stops it
        }

        @Override
        public String toString() {
            return broker.toString();
        }
    }
}
