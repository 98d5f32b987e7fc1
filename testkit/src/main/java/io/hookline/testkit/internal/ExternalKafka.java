package io.hookline.testkit.internal;

import io.hookline.common.HooklineException;
import io.hookline.testkit.KafkaBroker;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;

/** A cluster someone else runs: checked for an answer once, never stopped by us. */
public final class ExternalKafka implements KafkaBroker {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

    private final String bootstrapServers;

    private ExternalKafka(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** @throws HooklineException if nothing answers at {@code bootstrapServers} */
    public static ExternalKafka connect(String bootstrapServers, String origin) {
        try (Admin admin = KafkaClients.admin(bootstrapServers)) {
            KafkaClients.describeCluster(admin, CONNECT_TIMEOUT);
        } catch (HooklineException e) {
            throw new HooklineException("no Kafka cluster answers at " + bootstrapServers + " (" + origin
                    + "): " + e.getMessage(), e);
        }
        return new ExternalKafka(bootstrapServers);
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Does nothing: the cluster is not ours to stop. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "external Kafka cluster at " + bootstrapServers;
    }
}
