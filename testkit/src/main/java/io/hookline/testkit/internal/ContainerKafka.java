package io.hookline.testkit.internal;

import io.hookline.common.HooklineException;
import io.hookline.testkit.KafkaBroker;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A broker in a container (Testcontainers' Kafka module, the {@code apache/kafka} image of
 * the same version as our clients). Only used when asked for and when Docker is there.
 */
public final class ContainerKafka implements KafkaBroker {
    private final KafkaContainer container;

    private ContainerKafka(KafkaContainer container) {
        this.container = container;
    }

    /** @throws HooklineException if Docker is absent or the container does not start */
    public static ContainerKafka start(String origin) {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new HooklineException(origin + " asks for a Kafka broker in a container, but Docker is absent"
                    + " (no Docker environment found); drop that setting to use the in-process broker");
        }
        String image = "apache/kafka:" + clientVersion();
        @SuppressWarnings("resource") // closed by close()
        KafkaContainer container = new KafkaContainer(image).withEnv(environment(BrokerSettings.SINGLE_NODE));
        try {
            container.start();
        } catch (RuntimeException e) {
            container.close();
            throw new HooklineException("cannot start Kafka in a container from " + image + ": " + e.getMessage(), e);
        }
        return new ContainerKafka(container);
    }

    /** The apache/kafka image reads {@code a.b_c} from {@code KAFKA_A_B__C}. */
    private static Map<String, String> environment(Map<String, String> settings) {
        Map<String, String> env = new HashMap<>();
        settings.forEach((name, value) -> env.put("KAFKA_" + name.replace("_", "__").replace("-", "___")
                .replace('.', '_').toUpperCase(Locale.ROOT), value));
        return env;
    }

    /** The version of the Kafka clients on the classpath, as their jar records it. */
    private static String clientVersion() {
        Properties version = new Properties();
        try (InputStream in = Admin.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            if (in != null) {
                version.load(in);
            }
        } catch (IOException e) {
            throw new HooklineException("cannot read the Kafka clients' version: " + e.getMessage(), e);
        }
        String value = version.getProperty("version");
        if (value == null) {
            throw new HooklineException("the Kafka clients on the classpath do not say their version");
        }
        return value;
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        container.close();
    }

    @Override
    public String toString() {
        return "Kafka container at " + bootstrapServers();
    }
}
