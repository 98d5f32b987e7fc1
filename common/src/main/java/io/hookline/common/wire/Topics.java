package io.hookline.common.wire;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
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
    /** What follows {@code <prefix>.retry.}: a count and a unit, as {@link #delayName} writes them. */
    private static final Pattern DELAY_NAME = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
    private static final String RETRY_INFIX = ".retry.";
    /** The one key of the keys topic: compaction keeps its newest value. */
    public static final String KEYS_RECORD = "dispatchers";
    /** Events and attempts are kept this long; a retry record this long after it is due. */
    private static final Duration WEEK = Duration.ofDays(7);

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

    /**
     * Compacted. Key: {@link #KEYS_RECORD}; value: the dispatchers' public keys (a Tink keyset in
     * JSON, no secret in it), which admins seal subscription secrets to. The newest record is the
     * keyset in force.
     */
    public Topic<String, String> keys() {
        return new Topic<>(prefix + ".keys", Serdes.String(), Serdes.String());
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

    /**
     * Compacted. Key: subscription id; value: {@link EndpointFailing} while its endpoint fails
     * without a success, null = not failing. Small: one record per failing subscription.
     */
    public Topic<String, EndpointFailing> endpointHealth() {
        return new Topic<>(prefix + ".endpoint-health", Serdes.String(), JsonSerde.of(EndpointFailing.class));
    }

    /** One retry tier, named by its delay: {@code webhooks.retry.5s}, {@code .1m}, {@code .2h}. */
    public Topic<String, Delivery> retry(Duration delay) {
        return new Topic<>(prefix + RETRY_INFIX + delayName(delay), Serdes.String(), JsonSerde.of(Delivery.class));
    }

    /**
     * The delay of a retry tier of this prefix, read back from its name: {@code webhooks.retry.1m}
     * → 1 minute; empty for any other topic. Names a human wrote are read too ({@code .60s} is
     * 1 minute, though {@link #retry} names that tier {@code .1m}), so a tier created by hand is
     * drained like the others rather than stranded.
     */
    public Optional<Duration> parseRetryTopic(String topic) {
        String start = prefix + RETRY_INFIX;
        if (topic == null || !topic.startsWith(start)) {
            return Optional.empty();
        }
        Matcher m = DELAY_NAME.matcher(topic.substring(start.length()));
        if (!m.matches()) {
            return Optional.empty();
        }
        String unit = m.group(2);
        long unitMillis = unit.equals("ms") ? 1 : UNITS.stream()
                .filter(u -> u.getKey().equals(unit)).findFirst().orElseThrow().getValue();
        Duration delay = Duration.ofMillis(Long.parseLong(m.group(1)) * unitMillis);
        return delay.isZero() ? Optional.empty() : Optional.of(delay);
    }

    /**
     * The retry tiers of this prefix among {@code topicNames} (e.g. what {@code Admin.listTopics}
     * found), each with its delay, shortest first. Tiers a former {@code retry.schedule} created
     * are among them: their records must still be drained.
     */
    public Map<String, Duration> retryTopics(Collection<String> topicNames) {
        Map<String, Duration> tiers = new LinkedHashMap<>();
        topicNames.stream()
                .flatMap(name -> parseRetryTopic(name).map(delay -> Map.entry(name, delay)).stream())
                .sorted(Map.Entry.<String, Duration>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .forEach(tier -> tiers.put(tier.getKey(), tier.getValue()));
        return tiers;
    }

    /**
     * Every topic of this prefix with its settings, as in DESIGN.md's topic table: events and
     * attempts kept 7 days, dead letters 30 days, subscriptions, keys and endpoint health compacted. One retry topic per
     * distinct delay in {@code retryDelays}, shortest first, each kept 7 days plus its delay: a
     * record waits there its delay before it is due, then gets the week events get, whatever
     * the broker's default retention is. The order is stable: events first.
     */
    public Map<String, Map<String, String>> settings(Collection<Duration> retryDelays) {
        Map<String, Map<String, String>> settings = new LinkedHashMap<>();
        settings.put(events().name(), deleteAfter(WEEK));
        settings.put(subscriptions().name(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_COMPACT));
        settings.put(keys().name(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_COMPACT));
        settings.put(deliveries().name(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_DELETE));
        settings.put(attempts().name(), deleteAfter(WEEK));
        settings.put(deadLetter().name(), deleteAfter(Duration.ofDays(30)));
        settings.put(endpointHealth().name(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_COMPACT));
        retryDelays.stream().distinct().sorted(Comparator.naturalOrder())
                .forEach(delay -> settings.put(retry(delay).name(), deleteAfter(WEEK.plus(delay))));
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
