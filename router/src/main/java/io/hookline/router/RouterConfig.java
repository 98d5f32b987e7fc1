package io.hookline.router;

import io.hookline.common.config.Durations;
import io.hookline.common.config.HooklineConfig;
import io.hookline.router.internal.BoundedRocksDbMemory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
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
    public static final String MAX_EVENT_BYTES = "router.max.event.bytes";

    public static final String DEFAULT_APPLICATION_ID = "hookline-router";
    public static final int DEFAULT_MAX_EVENT_BYTES = 256 * 1024;
    /**
     * {@code router.commit.interval}: deliveries reach the dispatcher (read-committed) only
     * when the transaction commits, so this is most of the router's share of the latency. At
     * 20 ms the median from event to webhook was lower than at 30 ms in every load step of three
     * side-by-side runs (by 5-9 ms at half and three quarters of saturation), and a backlog
     * drained no slower end to end; the router alone routed about 6 % fewer records a second,
     * still several times what the dispatcher delivers. 100 ms doubles the median and drains a
     * backlog no faster (docs/benchmarks.md, docs/decisions.md).
     */
    public static final String DEFAULT_COMMIT_INTERVAL = "20ms";

    /**
     * What a delivery may add to twice its event's size: its ids, type and tenant (each at most
     * 128 characters), the body's id and timestamp, and the record's own overhead; generously.
     */
    private static final int DELIVERY_OVERHEAD_BYTES = 16 * 1024;
    /** Kafka's default max.request.size. */
    private static final int PRODUCER_DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;
    /** The router's producer batch size: 128 KiB, against Kafka's 16 KiB. */
    private static final int PRODUCER_BATCH_BYTES = 128 * 1024;
    /** How long the broker may hold the router's fetches when nothing is new: 10 ms, against Kafka's 500 ms. */
    static final int FETCH_MAX_WAIT_MS = 10;

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
        requireDeliveriesFitTheProducer();
    }

    /**
     * A delivery holds its event's body as an escaped JSON string: every quote and backslash
     * doubles, so it can take twice the event's bytes. A record over the producer's
     * max.request.size fails the router's transaction and, since the same event comes back
     * after every restart, would stop it for good; so the event limit must leave room for it.
     */
    private void requireDeliveriesFitTheProducer() {
        int maxRequestSize = producerMaxRequestSize();
        long largestDelivery = 2L * maxEventBytes() + DELIVERY_OVERHEAD_BYTES;
        if (largestDelivery > maxRequestSize) {
            throw new ConfigException(MAX_EVENT_BYTES, maxEventBytes(), "a delivery can take twice the event's "
                    + "size plus " + DELIVERY_OVERHEAD_BYTES + " bytes, more than the producer's max.request.size ("
                    + maxRequestSize + "); set it to at most " + (maxRequestSize - DELIVERY_OVERHEAD_BYTES) / 2
                    + " or raise " + KAFKA_PREFIX + ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        }
    }

    /** max.request.size of the router's producer, as Kafka Streams will set it: producer.* wins. */
    private int producerMaxRequestSize() {
        String[] keys = {KAFKA_PREFIX + StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                KAFKA_PREFIX + ProducerConfig.MAX_REQUEST_SIZE_CONFIG};
        for (String key : keys) {
            Object value = originals().get(key);
            if (value != null) {
                return (Integer) ConfigDef.parseType(key, value, Type.INT);
            }
        }
        return PRODUCER_DEFAULT_MAX_REQUEST_SIZE;
    }

    /** Every key the router understands, with its type, default, validator and documentation. */
    public static ConfigDef definition() {
        return baseDefinition()
                .define(APPLICATION_ID, Type.STRING, DEFAULT_APPLICATION_ID, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, "Kafka Streams application id of the router: its consumer group and "
                                + "the prefix of its internal topics. Routers sharing it share the work.")
                .define(DEDUPE_WINDOW, Type.STRING, "24h", Durations.atLeast(Duration.ofSeconds(1)),
                        Importance.MEDIUM, "An event id already routed for its tenant within this window (measured "
                                + "on record timestamps) is dropped, so producer re-sends do not double-deliver.")
                .define(STATE_DIR, Type.STRING, null, Importance.MEDIUM,
                        "Directory of the router's local state (the dedupe window, the routes per tenant). "
                                + "Unset: Kafka Streams' default, <java.io.tmpdir>/kafka-streams.")
                .define(COMMIT_INTERVAL, Type.STRING, DEFAULT_COMMIT_INTERVAL, Durations.atLeast(Duration.ZERO),
                        Importance.LOW, "How often the router commits its transaction. Read-committed consumers of "
                                + "the deliveries see records only after the commit, so every delivery waits on "
                                + "average half of it. Longer intervals mean fewer transactions (less work for the "
                                + "broker's transaction coordinator), but measured side by side a backlog drained "
                                + "no faster at 100ms than at 30ms, nor at 30ms than at 20ms, while the median "
                                + "latency was about twice as high at 100ms and 5-9 ms higher at 30ms. Raise it where a "
                                + "commit takes long (replicas across zones) or many routers share one cluster.")
                .define(SHUTDOWN_TIMEOUT, Type.STRING, "30s", Durations.atLeast(Duration.ZERO), Importance.LOW,
                        "How long closing the router waits for its threads to finish and commit.")
                .define(MAX_EVENT_BYTES, Type.INT, DEFAULT_MAX_EVENT_BYTES, ConfigDef.Range.atLeast(1024),
                        Importance.MEDIUM, "Largest event record (key and value, in bytes) the router routes. A "
                                + "larger one goes to the dead-letter topic (reason event_too_large) with where it "
                                + "was but without its bytes. A delivery holds the event as an escaped JSON "
                                + "string, up to twice its size, so twice this plus 16 KiB must fit the "
                                + "producer's max.request.size (kafka.max.request.size, 1 MiB by default; checked "
                                + "at startup) and the deliveries topic's max.message.bytes.");
    }

    public String applicationId() {
        return getString(APPLICATION_ID);
    }

    public Duration dedupeWindow() {
        return duration(DEDUPE_WINDOW);
    }

    /** The state directory, or null for Kafka Streams' default. */
    public String stateDir() {
        return getString(STATE_DIR);
    }

    public Duration commitInterval() {
        return duration(COMMIT_INTERVAL);
    }

    public Duration shutdownTimeout() {
        return duration(SHUTDOWN_TIMEOUT);
    }

    /** The largest event record, key plus value, the router routes rather than dead-letters. */
    public int maxEventBytes() {
        return getInt(MAX_EVENT_BYTES);
    }

    /**
     * The Kafka Streams configuration, built by {@link KafkaClients#streams}: the topic
     * replication factor as a default a {@code kafka.*} setting may override, then the
     * pass-through settings, then exactly-once v2 and the {@code router.*} keys.
     */
    public Map<String, Object> streamsProperties() {
        Map<String, Object> defaults = new HashMap<>();
        defaults.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) topicReplicationFactor());
        defaults.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        // Transactional state stores (KIP-892) keep a store's writes apart until the changelog
        // transaction commits, so a store never holds uncommitted state. Without them, exactly-once
        // must treat a store without a committed offset as corrupt, wipe it and restore it whole;
        // and an empty window store (a tenant partition without a routed event) has no segment to
        // keep that offset in, so every restart wiped and restored its task, routes included; after
        // a crash, every store was rebuilt from its changelog. With them, a clean restart restores
        // nothing and a crash restores only what was written since the last commit. See
        // docs/decisions.md.
        defaults.put(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, true);
        // Throughput defaults, each a kafka.* setting may override (docs/benchmarks.md, "Profile: the router"):
        // no idling for empty partitions. The join task reads the events partition and two
        // repartition partitions that are empty almost always; with idling on (0, Kafka's default)
        // Kafka Streams 4.4 formats a log message per empty partition for every record it
        // processes, a fifth of the stream thread's time. The router does not rely on timestamp
        // synchronization of routes and events (docs/decisions.md), so it loses nothing.
        defaults.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // larger producer batches: a fan-out writes many deliveries of about 1.5 KB to each partition
        // between two commits, and the commit flushes them anyway, so this costs no latency
        defaults.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_BYTES);
        // Latency: a fetch asks only for partitions with nothing buffered, and the join task's two
        // repartition partitions are empty almost always. While every events partition still has
        // records buffered, the fetch in flight asks only for those two, the broker holds it for
        // fetch.max.wait.ms, and new events cannot be fetched until it returns: at Kafka's 500 ms,
        // stalls in the router's p99. Side by side in four invocations, both ways round, 10 ms
        // gave a p99 from event to routed lower by 18-62 % in 6 of 12 load steps and within ±7 % in
        // the rest (50 ms: mixed); the median did not move (docs/benchmarks.md, "The
        // router's fetch wait"). An idle router fetches about 100 times a second.
        defaults.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
        Map<String, Object> properties = kafkaClients().streams(defaults);
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId());
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval().toMillis());
        if (stateDir() != null) {
            properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir());
        }
        return properties;
    }
}
