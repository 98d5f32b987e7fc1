package io.hookline.app;

import io.hookline.common.HooklineException;
import io.hookline.common.config.HooklineConfig;
import io.hookline.common.kafka.KafkaClients;
import io.hookline.common.kafka.KafkaFutures;
import java.time.Duration;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options of every command that talks to Kafka, beside {@code --config}. */
public final class KafkaOptions extends ConfigOptions {
    /** How long a command waits for Kafka before it says it cannot reach it. */
    static final Duration CLI_TIMEOUT = Duration.ofSeconds(8);
    private static final int CLI_TIMEOUT_MS = (int) CLI_TIMEOUT.toMillis();

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
            description = "Kafka to connect to (default: bootstrap.servers from --config or "
                    + "HOOKLINE_BOOTSTRAP_SERVERS, else " + HooklineConfig.DEFAULT_BOOTSTRAP_SERVERS + ").")
    String bootstrapServer;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX",
            description = "Prefix of Hookline's topics (default: webhooks).")
    String topicPrefix;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Where the command prints its results (stdout, or what a test set). */
    PrintWriter out() {
        return command.commandLine().getOut();
    }

    /** Where the command prints notes and warnings (stderr, or what a test set). */
    PrintWriter err() {
        return command.commandLine().getErr();
    }

    /** Flags given on the command line, as configuration keys. */
    Map<String, Object> flags() {
        Map<String, Object> flags = new HashMap<>();
        if (bootstrapServer != null) {
            flags.put(HooklineConfig.BOOTSTRAP_SERVERS, bootstrapServer);
        }
        if (topicPrefix != null) {
            flags.put(HooklineConfig.TOPIC_PREFIX, topicPrefix);
        }
        return flags;
    }

    /** The merged values for {@code definition}, with these flags and then {@code extraFlags} as the top layer. */
    @Override
    Map<String, Object> values(ConfigDef definition, Map<String, Object> extraFlags) {
        Map<String, Object> flags = flags();
        flags.putAll(extraFlags);
        return super.values(definition, flags);
    }

    HooklineConfig config() {
        return new HooklineConfig(values(HooklineConfig.baseDefinition(), Map.of()));
    }

    /**
     * Client properties for a short-lived command: fail within seconds, not the clients'
     * default minute, when Kafka is not there.
     */
    static KafkaClients commandClients(HooklineConfig config) {
        Map<String, Object> properties = config.kafkaClientProperties();
        properties.putIfAbsent(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, CLI_TIMEOUT_MS);
        properties.putIfAbsent(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, CLI_TIMEOUT_MS);
        properties.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, CLI_TIMEOUT_MS);
        properties.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, CLI_TIMEOUT_MS * 2);
        properties.putIfAbsent(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        return new KafkaClients(properties);
    }

    /** Fails with one clear line when Kafka cannot be reached. */
    static void requireReachable(HooklineConfig config) {
        try (Admin admin = Admin.create(commandClients(config).admin("hookline-cli-check"))) {
            KafkaFutures.await(admin.describeCluster().clusterId(), CLI_TIMEOUT, "reach Kafka");
        } catch (HooklineException e) {
            throw new HooklineException("cannot reach Kafka at " + config.bootstrapServers() + " (no answer within "
                    + CLI_TIMEOUT.toSeconds() + " s). Is it running? `bin/hookline standalone` starts one; "
                    + "--bootstrap-server points elsewhere.");
        }
    }
}
