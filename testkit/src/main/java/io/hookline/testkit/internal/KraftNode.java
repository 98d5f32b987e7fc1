package io.hookline.testkit.internal;

import io.hookline.common.HooklineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.Uuid;

/**
 * The on-disk layout of a single-node KRaft broker (combined broker and controller) in a
 * data directory: {@code server.properties}, written once with two free loopback ports and
 * read back on later starts so the ports survive restarts, and the Kafka logs in
 * {@code kafka-logs/}. Both the in-process and the child-JVM broker run from it.
 */
public record KraftNode(Path dataDir, int port, int controllerPort) {
    public static final String HOST = "127.0.0.1";
    private static final Pattern LISTENER_PORT = Pattern.compile("(PLAINTEXT|CONTROLLER)://[^,:]+:(\\d+)");

    /**
     * The node of {@code dataDir}: its existing {@code server.properties}, or a new one with
     * {@link BrokerSettings#SINGLE_NODE} and {@code extraSettings}.
     */
    public static KraftNode in(Path dataDir, Map<String, String> extraSettings) {
        Path dir = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
            Path properties = dir.resolve("server.properties");
            return Files.exists(properties) ? read(dir, properties) : write(dir, properties, extraSettings);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Kafka data directory " + dir, e);
        }
    }

    public Path serverProperties() {
        return dataDir.resolve("server.properties");
    }

    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** Whether the storage has been formatted (a fresh directory has not). */
    public boolean formatted() {
        return Files.exists(dataDir.resolve("kafka-logs").resolve("meta.properties"));
    }

    /** The arguments of {@code kafka.tools.StorageTool} that format this node's storage, for a new cluster. */
    public List<String> formatArguments() {
        return List.of("format", "-t", Uuid.randomUuid().toString(), "-c", serverProperties().toString(),
                "--standalone");
    }

    /** The settings of {@code server.properties}. */
    public Properties properties() {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(serverProperties())) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + serverProperties(), e);
        }
        return properties;
    }

    private static KraftNode write(Path dir, Path file, Map<String, String> extraSettings) throws IOException {
        int[] ports = freePorts(2);
        Map<String, String> settings = new TreeMap<>(BrokerSettings.SINGLE_NODE);
        settings.putAll(extraSettings);
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", "1");
        settings.put("listeners", "PLAINTEXT://" + HOST + ":" + ports[0] + ",CONTROLLER://" + HOST + ":" + ports[1]);
        settings.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + ports[0]);
        settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        settings.put("inter.broker.listener.name", "PLAINTEXT");
        settings.put("controller.listener.names", "CONTROLLER");
        // formatted with --standalone: the voters come from the formatted log, so no static voter list
        settings.put("controller.quorum.bootstrap.servers", HOST + ":" + ports[1]);
        settings.put("log.dirs", dir.resolve("kafka-logs").toString());
        StringBuilder text = new StringBuilder("# written by the hookline testkit; read again on every start\n");
        settings.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return new KraftNode(dir, ports[0], ports[1]);
    }

    private static KraftNode read(Path dir, Path file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        int[] ports = new int[2];
        Matcher matcher = LISTENER_PORT.matcher(properties.getProperty("listeners", ""));
        while (matcher.find()) {
            ports[matcher.group(1).equals("PLAINTEXT") ? 0 : 1] = Integer.parseInt(matcher.group(2));
        }
        if (ports[0] == 0 || ports[1] == 0) {
            throw new HooklineException(file + " has no PLAINTEXT and CONTROLLER listeners with ports");
        }
        return new KraftNode(dir, ports[0], ports[1]);
    }

    /**
     * Ports free right now, held open together so they differ. Another process could take
     * one before the broker binds it; on loopback in a test run that is rare enough.
     */
    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST));
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
