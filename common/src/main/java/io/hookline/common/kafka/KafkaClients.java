package io.hookline.common.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one place Hookline's Kafka client properties are built, in three layers: Hookline's
 * tunable defaults, then the operator's settings ({@code bootstrap.servers} and the
 * {@code kafka.*} pass-through, prefix removed), then what correctness needs, which no
 * setting overrides:
 * <ul>
 *   <li>producers: {@code acks=all} and idempotence, so an acknowledged record is written
 *       once and survives a broker loss;</li>
 *   <li>consumers: no auto-commit (Hookline commits only what is final) and
 *       {@code read_committed} (only what the router's transactions committed);</li>
 *   <li>Kafka Streams: {@code exactly_once_v2}.</li>
 * </ul>
 * Keys are strings and values bytes everywhere: the wire records are (de)serialized by
 * {@code common.wire}, where a bad record is one result among others, not a client error.
 */
public final class KafkaClients {
    /** Hookline's default for producers: a few ms of batching costs little latency and saves much CPU. */
    private static final int DEFAULT_LINGER_MS = 5;
    /**
     * Hookline's default for every client: socket buffers sized by the operating system (-1),
     * which grows them with the connection, instead of Kafka's fixed 32-128 KiB. A fixed
     * receive buffer disables the kernel's autotuning, and a fetch response or produce request
     * larger than it makes the kernel prune the socket's queue and drop a segment; the sender
     * then waits for its retransmission timeout, at least 200 ms on Linux, with everything
     * behind that segment. On loopback (64 KiB segments) that happened 10-64 times per latency
     * run and set its p99 (docs/benchmarks.md, "Socket buffers").
     */
    private static final Map<String, Object> SOCKET_BUFFERS = Map.of(
            CommonClientConfigs.RECEIVE_BUFFER_CONFIG, -1,
            CommonClientConfigs.SEND_BUFFER_CONFIG, -1);

    /**
     * Kafka Streams' {@code processing.guarantee} and {@code exactly_once_v2}, spelled out: Kafka
     * Streams stays in the router module (a router test checks they match StreamsConfig's).
     */
    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    public static final String EXACTLY_ONCE_V2 = "exactly_once_v2";

    private final Map<String, Object> settings;

    /** @param settings {@code bootstrap.servers} and the {@code kafka.*} settings, prefix removed */
    public KafkaClients(Map<String, Object> settings) {
        this.settings = Map.copyOf(settings);
    }

    /** A producer of string keys and byte values. */
    public Map<String, Object> producer(String clientId) {
        Map<String, Object> properties = new HashMap<>(SOCKET_BUFFERS);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, DEFAULT_LINGER_MS);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        properties.putAll(settings);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return properties;
    }

    /**
     * A consumer of string keys and byte values.
     *
     * @param groupId the consumer group, or null for a consumer that assigns partitions itself
     *                (a group id or instance id the operator set is removed then)
     */
    public Map<String, Object> consumer(String clientId, String groupId) {
        Map<String, Object> properties = new HashMap<>(SOCKET_BUFFERS);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        properties.putAll(settings);
        if (groupId == null) {
            properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
            properties.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        } else {
            properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return properties;
    }

    /** An admin client. */
    public Map<String, Object> admin(String clientId) {
        Map<String, Object> properties = new HashMap<>(SOCKET_BUFFERS);
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        properties.putAll(settings);
        return properties;
    }

    /**
     * Kafka Streams: {@code defaults} (the stage's own, e.g. application id and commit
     * interval), then the operator's settings, then exactly-once.
     */
    public Map<String, Object> streams(Map<String, Object> defaults) {
        Map<String, Object> properties = new HashMap<>(SOCKET_BUFFERS);
        properties.putAll(defaults);
        properties.putAll(settings);
        properties.put(PROCESSING_GUARANTEE, EXACTLY_ONCE_V2);
        return properties;
    }

    /** The operator's settings as given: {@code bootstrap.servers} and the {@code kafka.*} ones. */
    public Map<String, Object> settings() {
        return settings;
    }
}
