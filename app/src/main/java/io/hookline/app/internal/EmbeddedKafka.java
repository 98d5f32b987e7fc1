package io.hookline.app.internal;

import io.hookline.common.HooklineException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node KRaft Kafka (broker and controller in one) running inside this JVM, with its
 * log under {@code <dataDir>/kafka} so that topics and subscriptions survive a restart.
 *
 * <p>The first start writes {@code server.properties} and formats the storage; later starts
 * reuse both. The controller port is chosen once and kept in that file, because a standalone
 * KRaft quorum records its voter's endpoint in the metadata log.
 */
public record EmbeddedKafka(KafkaRaftServer server, String bootstrapServers) implements AutoCloseable {
    public static EmbeddedKafka start(Path dataDir, String host, int port) {
        Path kafkaDir = dataDir.resolve("kafka").toAbsolutePath();
        Path propertiesFile = kafkaDir.resolve("server.properties");
        Path logDir = kafkaDir.resolve("log");
        requireFree(host, port);
        try {
            Files.createDirectories(logDir);
            Properties properties = Files.exists(propertiesFile)
                    ? read(propertiesFile)
                    : defaults(host, freePort(host), logDir);
            String listenerHost = properties.getProperty("controller.quorum.bootstrap.servers").split(":")[0];
            if (!listenerHost.equals(host)) {
                throw new HooklineException("the Kafka data in " + kafkaDir + " was made for host " + listenerHost
                        + "; start with the same host or move the data directory away");
            }
            int controllerPort = Integer.parseInt(
                    properties.getProperty("controller.quorum.bootstrap.servers").split(":")[1]);
            properties.setProperty("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":"
                    + controllerPort);
            properties.setProperty("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
            write(propertiesFile, properties);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(propertiesFile);
            }
            KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(properties, false), Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                server.shutdown();
                throw new HooklineException("embedded Kafka did not start: " + e.getMessage(), e);
            }
            return new EmbeddedKafka(server, host + ":" + port);
        } catch (IOException e) {
            throw new HooklineException("cannot prepare the Kafka data directory " + kafkaDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private static Properties defaults(String host, int controllerPort, Path logDir) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("controller.quorum.bootstrap.servers", host + ":" + controllerPort);
        p.setProperty("log.dirs", logDir.toString());
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "3");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "3");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("num.partitions", "3");
        p.setProperty("auto.create.topics.enable", "false");
        return p;
    }

    private static void format(Path propertiesFile) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exit = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(),
                "-c", propertiesFile.toString(), "--standalone"}, out);
        }
        if (exit != 0) {
            throw new HooklineException("formatting Kafka storage failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static void requireFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new HooklineException("cannot start Kafka on " + host + ":" + port + ": the port is in use. Is "
                    + "another Kafka or Hookline running? Stop it, or pick another port with --kafka-port.");
        }
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(host, 0));
            return socket.getLocalPort();
        }
    }

    private static Properties read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }

    private static void write(Path file, Properties properties) throws IOException {
        try (Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, "Hookline standalone Kafka: written by hookline, kept across restarts");
        }
    }
}
