package io.hookline.router;

import io.hookline.common.config.Durations;
import io.hookline.common.config.HooklineConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The router's settings: {@link HooklineConfig}'s shared keys plus the {@code router.*} keys
 * declared here. Any other Kafka Streams setting passes through with the {@code kafka.} prefix
 * ({@code kafka.num.stream.threads=2}); the Streams settings that have a {@code router.*} key
 * must be set with that key, so that one value never hides another.
 */
public final class RouterConfig extends HooklineConfig {
    public static final String APPLICATION_ID = "router.application.id";
    public static final String DEDUPE_WINDOW = "router.dedupe.window";
    public static final String STATE_DIR = "router.state.dir";
    public static final String COMMIT_INTERVAL = "router.commit.interval";
    public static final String SHUTDOWN_TIMEOUT = "router.shutdown.timeout";

    public static final String DEFAULT_APPLICATION_ID = "hookline-router";

    /** Streams settings owned by a {@code router.*} key, which {@code kafka.*} may not set as well. */
    private static final Map<String, String> OWNED_STREAMS_SETTINGS = Map.of(
            StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID,
            StreamsConfig.STATE_DIR_CONFIG, STATE_DIR,
            StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL);

    private static final ConfigDef DEFINITION = definition();

    public RouterConfig(Map<?, ?> values) {
        super(DEFINITION, values);
        for (Map.Entry<String, String> owned : OWNED_STREAMS_SETTINGS.entrySet()) {
            String passThrough = KAFKA_PREFIX + owned.getKey();
            if (originals().containsKey(passThrough)) {
                throw new ConfigException(passThrough, originals().get(passThrough),
                        "set " + owned.getValue() + " instead");
            }
        }
        if (dedupeWindow().compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigException(DEDUPE_WINDOW, getString(DEDUPE_WINDOW), "must be at least 1s");
        }
    }

    /** Every key the router understands, with its type, default, validator and documentation. */
    public static ConfigDef definition() {
        return baseDefinition()
                .define(APPLICATION_ID, Type.STRING, DEFAULT_APPLICATION_ID, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, "Kafka Streams application id of the router: its consumer group and "
                                + "the prefix of its internal topics. Routers sharing it share the work.")
                .define(DEDUPE_WINDOW, Type.STRING, "24h", Durations.validator(false), Importance.MEDIUM,
                        "An event id already routed for its tenant within this window (measured on record "
                                + "timestamps) is dropped, so producer re-sends do not double-deliver. At least 1s.")
                .define(STATE_DIR, Type.STRING, null, Importance.MEDIUM,
                        "Directory of the router's local state (the dedupe window, the routes per tenant). "
                                + "Unset: Kafka Streams' default, <java.io.tmpdir>/kafka-streams.")
                .define(COMMIT_INTERVAL, Type.STRING, "100ms", Durations.validator(false), Importance.LOW,
                        "How often the router commits its transaction. Read-committed consumers of the "
                                + "deliveries see records only after the commit, so this bounds the added latency.")
                .define(SHUTDOWN_TIMEOUT, Type.STRING, "30s", Durations.validator(false), Importance.LOW,
                        "How long closing the router waits for its threads to finish and commit.");
    }

    public String applicationId() {
        return getString(APPLICATION_ID);
    }

    public Duration dedupeWindow() {
        return Durations.parse(getString(DEDUPE_WINDOW));
    }

    /** The state directory, or null for Kafka Streams' default. */
    public String stateDir() {
        return getString(STATE_DIR);
    }

    public Duration commitInterval() {
        return Durations.parse(getString(COMMIT_INTERVAL));
    }

    public Duration shutdownTimeout() {
        return Durations.parse(getString(SHUTDOWN_TIMEOUT));
    }

    /**
     * The Kafka Streams configuration: exactly-once v2 and the topic replication factor as
     * defaults a {@code kafka.*} setting may override, then the pass-through settings, then the
     * {@code router.*} keys.
     */
    public Map<String, Object> streamsProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) topicReplicationFactor());
        properties.putAll(kafkaClientProperties());
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId());
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval().toMillis());
        if (stateDir() != null) {
            properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir());
        }
        return properties;
    }
}
