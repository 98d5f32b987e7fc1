package io.hookline.common.config;

import io.hookline.common.HooklineException;
import io.hookline.common.net.Cidr;
import io.hookline.common.net.EgressPolicy;
import io.hookline.common.wire.InvalidRecordException;
import io.hookline.common.wire.Topics;
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
 */
public class HooklineConfig extends AbstractConfig {
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String TOPIC_PREFIX = "topic.prefix";
    public static final String TOPIC_PARTITIONS = "topic.partitions";
    public static final String TOPIC_REPLICATION_FACTOR = "topic.replication.factor";
    public static final String KAFKA_PREFIX = "kafka.";
    public static final String HTTP_ALLOW_PLAIN = "http.allow.plain";
    public static final String HTTP_ALLOW_LOOPBACK = "http.allow.loopback";
    public static final String HTTP_ALLOW_CIDRS = "http.allow.cidrs";

    public static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:9092";

    /** Checks the prefix as {@link Topics} will, so a bad one fails here with the other config errors. */
    private static final ConfigDef.Validator TOPIC_PREFIX_VALIDATOR = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                new Topics((String) value);
            } catch (InvalidRecordException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "1-100 characters of A-Z a-z 0-9 . _ -";
        }
    };

    public HooklineConfig(Map<?, ?> values) {
        this(baseDefinition(), values);
    }

    protected HooklineConfig(ConfigDef definition, Map<?, ?> values) {
        super(definition, values, false);
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
                .define(HTTP_ALLOW_PLAIN, Type.BOOLEAN, false, Importance.MEDIUM,
                        "Accept plain http:// endpoints, not only https://: when a subscription is published "
                                + "and when a delivery is sent. `standalone` turns it on.")
                .define(HTTP_ALLOW_LOOPBACK, Type.BOOLEAN, false, Importance.MEDIUM,
                        "Allow endpoints on loopback addresses (127.0.0.0/8, ::1), which the SSRF guard "
                                + "refuses otherwise. `standalone` turns it on.")
                .define(HTTP_ALLOW_CIDRS, Type.LIST, "", new CidrList(), Importance.MEDIUM,
                        "Address blocks endpoints may be in although the SSRF guard refuses them (private, "
                                + "link-local, CGNAT, …), for on-premises endpoints: e.g. "
                                + "10.20.0.0/16,fd12:3456::/48. Matched against every address connected to, after "
                                + "DNS resolution; empty by default.");
    }

    /** Each element a CIDR block, so a typo fails at start rather than opening or closing a hole later. */
    private static final class CidrList implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            for (Object block : (List<?>) value) {
                try {
                    Cidr.parse((String) block);
                } catch (HooklineException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
            }
        }

        @Override
        public String toString() {
            return "CIDR blocks like 10.0.0.0/8 or fd00::/8, comma-separated";
        }
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
}
