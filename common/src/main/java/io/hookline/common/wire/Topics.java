package io.hookline.common.wire;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Hookline's topics under one prefix ({@code webhooks} by default): the names of
 * DESIGN.md's topic table, each tied to its key and value serdes.
 */
public record Topics(String prefix) {
    public static final String DEFAULT_PREFIX = "webhooks";
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    /** A topic name tied to the serdes of its keys and values. */
    public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
    }

    public Topics {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new InvalidRecordException("topic prefix must be 1-100 characters of A-Z a-z 0-9 . _ -");
        }
    }

    public static Topics defaults() {
        return new Topics(DEFAULT_PREFIX);
    }

    /** Key: tenant id; value: {@link Event}. */
    public Topic<String, Event> events() {
        return new Topic<>(prefix + ".events", Serdes.String(), JsonSerde.of(Event.class));
    }

    /** Compacted. Key: subscription id; value: {@link Subscription}, null = deleted. */
    public Topic<String, Subscription> subscriptions() {
        return new Topic<>(prefix + ".subscriptions", Serdes.String(), JsonSerde.of(Subscription.class));
    }

    /** Key: subscription id; value: {@link Delivery}. */
    public Topic<String, Delivery> deliveries() {
        return new Topic<>(prefix + ".deliveries", Serdes.String(), JsonSerde.of(Delivery.class));
    }

    /** Key: delivery id; value: {@link Attempt}. */
    public Topic<String, Attempt> attempts() {
        return new Topic<>(prefix + ".attempts", Serdes.String(), JsonSerde.of(Attempt.class));
    }

    /** Key: subscription id (tenant for stage router); value: {@link DeadLetter}. */
    public Topic<String, DeadLetter> deadLetter() {
        return new Topic<>(prefix + ".dead-letter", Serdes.String(), JsonSerde.of(DeadLetter.class));
    }

    /** One retry tier, named by its delay: {@code webhooks.retry.5s}, {@code .1m}, {@code .2h}. */
    public Topic<String, Delivery> retry(Duration delay) {
        return new Topic<>(prefix + ".retry." + delayName(delay), Serdes.String(), JsonSerde.of(Delivery.class));
    }

    /**
     * Every topic of this prefix with its settings, as in DESIGN.md's topic table: events and
     * attempts kept 7 days, dead letters 30 days, subscriptions compacted. One retry topic per
     * delay in {@code retryDelays}. The order is stable: events first.
     */
    public Map<String, Map<String, String>> settings(Collection<Duration> retryDelays) {
        Map<String, Map<String, String>> settings = new LinkedHashMap<>();
        settings.put(events().name(), deleteAfter(Duration.ofDays(7)));
        settings.put(subscriptions().name(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_COMPACT));
        settings.put(deliveries().name(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_DELETE));
        settings.put(attempts().name(), deleteAfter(Duration.ofDays(7)));
        settings.put(deadLetter().name(), deleteAfter(Duration.ofDays(30)));
        for (Duration delay : retryDelays) {
            settings.put(retry(delay).name(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                    TopicConfig.CLEANUP_POLICY_DELETE));
        }
        return settings;
    }

    private static Map<String, String> deleteAfter(Duration retention) {
        return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
    }

    /** The shortest exact name of a delay: 5s, 1m, 2h, 1d; 1500ms when nothing coarser fits. */
    public static String delayName(Duration delay) {
        long millis = delay.toMillis();
        if (millis <= 0) {
            throw new IllegalArgumentException("a retry delay must be positive, got " + delay);
        }
        for (Map.Entry<String, Long> unit : UNITS) {
            if (millis % unit.getValue() == 0) {
                return millis / unit.getValue() + unit.getKey();
            }
        }
        return millis + "ms";
    }

    private static final List<Map.Entry<String, Long>> UNITS = List.of(
            Map.entry("d", 86_400_000L), Map.entry("h", 3_600_000L), Map.entry("m", 60_000L),
            Map.entry("s", 1_000L));
}
