package io.hookline.dispatcher.internal;

import io.hookline.dispatcher.DispatcherConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Properties of the dispatcher's Kafka clients, in three layers: Hookline's defaults, then
 * the operator's {@code kafka.*} settings, then what correctness depends on (no auto-commit,
 * read_committed, idempotent writes), which cannot be overridden.
 */
public final class ClientProperties {
    private ClientProperties() {
    }

    /** The group consumer of the deliveries topic. */
    public static Map<String, Object> deliveryConsumer(DispatcherConfig config) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.putAll(config.kafkaClientProperties());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        return withConsumerInvariants(properties);
    }

    /** The group-less consumer that reads the whole subscriptions topic. */
    public static Map<String, Object> subscriptionConsumer(DispatcherConfig config) {
        Map<String, Object> properties = new HashMap<>(config.kafkaClientProperties());
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        return withConsumerInvariants(properties);
    }

    /**
     * What correctness depends on, set last so that no {@code kafka.*} setting overrides it: offsets
     * are committed by the dispatcher alone, and only committed (routed) records are read.
     */
    private static Map<String, Object> withConsumerInvariants(Map<String, Object> properties) {
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return properties;
    }

    /** The admin client that finds partitions added to the subscriptions topic. */
    public static Map<String, Object> admin(DispatcherConfig config) {
        return new HashMap<>(config.kafkaClientProperties());
    }

    /** The producer of attempts and dead letters. */
    public static Map<String, Object> producer(DispatcherConfig config) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        properties.putAll(config.kafkaClientProperties());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return properties;
    }
}
