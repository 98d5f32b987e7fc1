package io.hookline.common.config;

import io.hookline.common.kafka.KafkaClients;
import io.hookline.common.retry.RetrySchedule;
import io.hookline.common.net.Cidr;
import io.hookline.common.net.EgressPolicy;
import io.hookline.common.wire.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings every Hookline stage shares. Each stage extends {@link #baseDefinition()} with its
 * own keys, so every setting is declared once (name, type, default, validator, doc) and the
 * reference documentation is generated from that declaration.
 *
 * <p>Values come in layers, see {@link ConfigLayers}: defaults, then a properties file, then
 * {@code HOOKLINE_*} environment variables, then command-line flags. Kafka client settings
 * pass through with a {@code kafka.} prefix ({@code kafka.linger.ms=5}).
 *
 * <p>A duration setting is declared with {@link Durations#atLeast} (or {@link Durations#eachAtLeast}
 * for a list) as its validator; its text is checked against the minimum and parsed once, here,
 * so that {@link #duration(String)} hands out the typed value and a stage never parses twice.
 */
public class HooklineConfig extends AbstractConfig {
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String TOPIC_PREFIX = "topic.prefix";
    public static final String TOPIC_PARTITIONS = "topic.partitions";
    public static final String TOPIC_REPLICATION_FACTOR = "topic.replication.factor";
    public static final String RETRY_SCHEDULE = "retry.schedule";
    public static final String RETRY_JITTER = "retry.jitter";
    public static final String KAFKA_PREFIX = "kafka.";
    public static final String OPS_TENANT = "ops.tenant";
    public static final String HTTP_ALLOW_PLAIN = "http.allow.plain";
    public static final String HTTP_ALLOW_LOOPBACK = "http.allow.loopback";
    public static final String HTTP_ALLOW_CIDRS = "http.allow.cidrs";

    public static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:9092";
    /** DESIGN.md's schedule: about 3 days in all, like the longest anchors. */
    public static final String DEFAULT_RETRY_SCHEDULE = "5s,1m,5m,30m,2h,6h,12h,24h,24h";

    /** Checks the prefix as {@link Topics} will, so a bad one fails here with the other config errors. */
    private static final ConfigDef.Validator TOPIC_PREFIX_VALIDATOR =
            ParseValidator.of("1-100 characters of A-Z a-z 0-9 . _ -", Topics::new);

    /**
     * Checks a schedule as {@link RetrySchedule} will (durations, at least one, each above zero),
     * so a bad one fails here with the other config errors.
     */
    private static final ConfigDef.Validator RETRY_SCHEDULE_VALIDATOR = ParseValidator.of(
            "1-" + RetrySchedule.MAX_DELAYS + " comma-separated durations above zero, like 5s,1m,2h",
            schedule -> retrySchedule(schedule, RetrySchedule.DEFAULT_JITTER));

    /** Each element a CIDR block, so a typo fails at start rather than opening or closing a hole later. */
    private static final ConfigDef.Validator CIDR_LIST_VALIDATOR =
            ParseValidator.eachOf("CIDR blocks like 10.0.0.0/8 or fd00::/8, comma-separated", Cidr::parse);

    private final RetrySchedule retrySchedule;

    public HooklineConfig(Map<?, ?> values) {
        this(baseDefinition(), values);
    }

    private final Map<String, Duration> durations;
    private final Map<String, List<Duration>> durationLists;

    protected HooklineConfig(ConfigDef definition, Map<?, ?> values) {
        super(definition, values, false);
        Map<String, Duration> single = new HashMap<>();
        Map<String, List<Duration>> lists = new HashMap<>();
        for (ConfigDef.ConfigKey key : definition.configKeys().values()) {
            if (key.validator instanceof Durations.DurationValidator validator) {
                String text = getString(key.name); // valid: the validator has checked it
                if (validator.isList()) {
                    lists.put(key.name, List.copyOf(Durations.parseList(text)));
                } else {
                    single.put(key.name, Durations.parse(text));
                }
            }
        }
        this.durations = Map.copyOf(single);
        this.durationLists = Map.copyOf(lists);
        retrySchedule = retrySchedule(getString(RETRY_SCHEDULE), getDouble(RETRY_JITTER));
    }

    /** The keys every stage understands; stages add theirs with {@code define}. */
    public static ConfigDef baseDefinition() {
        return new ConfigDef()
                .define(BOOTSTRAP_SERVERS, Type.STRING, DEFAULT_BOOTSTRAP_SERVERS, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, "Kafka brokers to connect to, host:port[,host:port…].")
                .define(TOPIC_PREFIX, Type.STRING, Topics.DEFAULT_PREFIX, TOPIC_PREFIX_VALIDATOR,
                        Importance.MEDIUM, "Prefix of every Hookline topic: <prefix>.events, <prefix>.deliveries, …")
                .define(TOPIC_PARTITIONS, Type.INT, 6, ConfigDef.Range.between(1, 10_000), Importance.MEDIUM,
                        "Partitions of the topics `topics create` makes: the most routers or dispatchers that "
                                + "can share the work.")
                .define(TOPIC_REPLICATION_FACTOR, Type.SHORT, (short) -1, new ReplicationFactor(), Importance.MEDIUM,
                        "Replication factor of created topics; -1 takes the broker's default.")
                .define(RETRY_SCHEDULE, Type.STRING, DEFAULT_RETRY_SCHEDULE, RETRY_SCHEDULE_VALIDATOR,
                        Importance.MEDIUM, "Waits before trying a failed delivery again: the n-th delay follows "
                                + "the n-th failed attempt, so k delays allow k + 1 attempts (a subscription's "
                                + "maxAttempts may stop earlier). Each distinct delay is a topic "
                                + "`<prefix>.retry.<delay>`, which `topics create` and `standalone` create; a tier "
                                + "dropped from the schedule is still drained by the dispatcher. Every stage must "
                                + "see the same schedule.")
                .define(RETRY_JITTER, Type.DOUBLE, RetrySchedule.DEFAULT_JITTER,
                        ConfigDef.Range.between(0.0, RetrySchedule.MAX_JITTER), Importance.LOW,
                        "Each retry delay is spread at random by up to this fraction either way (0.2 = ±20 %), at most "
                                + "5 minutes either way (a tier is read in order: a record due late holds up those behind it), "
                                + "so deliveries that failed together are not all tried again together.")
                .define(OPS_TENANT, Type.STRING, "hookline-ops", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "Tenant of the events Hookline publishes to tell operators what goes wrong "
                                + "(delivery.dead_lettered, endpoint.failing, endpoint.disabled, endpoint.enabled): "
                                + "subscribe to them like to any events. Never published about this tenant's own "
                                + "subscriptions.")
                .define(HTTP_ALLOW_PLAIN, Type.BOOLEAN, false, Importance.MEDIUM,
                        "Accept plain http:// endpoints, not only https://: when a subscription is published "
                                + "and when a delivery is sent. `standalone` turns it on.")
                .define(HTTP_ALLOW_LOOPBACK, Type.BOOLEAN, false, Importance.MEDIUM,
                        "Allow endpoints on loopback addresses (127.0.0.0/8, ::1), which the SSRF guard "
                                + "refuses otherwise. `standalone` turns it on.")
                .define(HTTP_ALLOW_CIDRS, Type.LIST, "", CIDR_LIST_VALIDATOR, Importance.MEDIUM,
                        "Address blocks endpoints may be in although the SSRF guard refuses them (private, "
                                + "link-local, CGNAT, …), for on-premises endpoints: e.g. "
                                + "10.20.0.0/16,fd12:3456::/48. Matched against every address connected to, after "
                                + "DNS resolution; empty by default.");
    }

    /** -1 (the broker's default) or a real factor; 0 and below are mistakes Kafka would only report later. */
    private static final class ReplicationFactor implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            short factor = (Short) value;
            if (factor != -1 && factor < 1) {
                throw new ConfigException(name, value, "must be -1 (the broker's default) or at least 1");
            }
        }

        @Override
        public String toString() {
            return "-1 or at least 1";
        }
    }

    public String bootstrapServers() {
        return getString(BOOTSTRAP_SERVERS);
    }

    public Topics topics() {
        return new Topics(getString(TOPIC_PREFIX));
    }

    public int topicPartitions() {
        return getInt(TOPIC_PARTITIONS);
    }

    public short topicReplicationFactor() {
        return getShort(TOPIC_REPLICATION_FACTOR);
    }

    /** The value of the duration setting {@code key}, parsed when this config was built. */
    public Duration duration(String key) {
        Duration value = durations.get(key);
        if (value == null) {
            throw new IllegalArgumentException(key + " is not declared as a duration setting");
        }
        return value;
    }

    /** The value of the setting {@code key} that lists durations, parsed when this config was built. */
    public List<Duration> durationList(String key) {
        List<Duration> value = durationLists.get(key);
        if (value == null) {
            throw new IllegalArgumentException(key + " is not declared as a list of durations");
        }
        return value;
    }

    /** {@code retry.schedule} and {@code retry.jitter}, parsed once. */
    public RetrySchedule retrySchedule() {
        return retrySchedule;
    }

    private static RetrySchedule retrySchedule(String delays, double jitter) {
        return new RetrySchedule(Durations.parseList(delays), jitter);
    }

    /** Where webhooks may go: the {@code http.allow.*} settings. */
    public EgressPolicy egressPolicy() {
        return EgressPolicy.of(getBoolean(HTTP_ALLOW_PLAIN), getBoolean(HTTP_ALLOW_LOOPBACK),
                getList(HTTP_ALLOW_CIDRS).stream().map(Cidr::parse).toList());
    }

    /**
     * Properties for a Kafka client: {@code bootstrap.servers} and every {@code kafka.*}
     * pass-through setting, prefix removed.
     */
    public Map<String, Object> kafkaClientProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.putAll(originalsWithPrefix(KAFKA_PREFIX));
        return properties;
    }

    /** The tenant of Hookline's own operator events. */
    public String opsTenant() {
        return getString(OPS_TENANT);
    }

    /** Builds the properties of every Kafka client from {@link #kafkaClientProperties()}. */
    public KafkaClients kafkaClients() {
        return new KafkaClients(kafkaClientProperties());
    }
}
