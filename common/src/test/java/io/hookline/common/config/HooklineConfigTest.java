package io.hookline.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hookline.common.retry.RetrySchedule;
import java.time.Duration;
import io.hookline.common.net.AddressPolicy;
import io.hookline.common.net.Cidr;
import io.hookline.common.net.EgressPolicy;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HooklineConfigTest {

    @Test
    void defaults() {
        HooklineConfig config = new HooklineConfig(Map.of());

        assertEquals("127.0.0.1:9092", config.bootstrapServers());
        assertEquals("webhooks.events", config.topics().events().name());
        assertEquals(6, config.topicPartitions());
        assertEquals((short) -1, config.topicReplicationFactor());
        assertEquals(Map.of("bootstrap.servers", "127.0.0.1:9092"), config.kafkaClientProperties());
        assertEquals(new RetrySchedule(List.of(Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofMinutes(5),
                Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(6), Duration.ofHours(12),
                Duration.ofHours(24), Duration.ofHours(24)), 0.2), config.retrySchedule());
    }

    @Test
    void readsTheRetryScheduleAndJitter() {
        HooklineConfig config = new HooklineConfig(Map.of("retry.schedule", " 1s, 2s ", "retry.jitter", "0"));

        assertEquals(new RetrySchedule(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), 0),
                config.retrySchedule());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), config.retrySchedule().distinctDelays());
        assertEquals(3, config.retrySchedule().maxAttempts());
    }

    @Test
    void webhooksGoOnlyToPublicHttpsEndpointsByDefault() {
        assertEquals(EgressPolicy.STRICT, new HooklineConfig(Map.of()).egressPolicy());
    }

    @Test
    void theHttpAllowSettingsWidenTheEgressPolicy() {
        HooklineConfig config = new HooklineConfig(Map.of("http.allow.plain", "true", "http.allow.loopback", "true",
                "http.allow.cidrs", "10.20.0.0/16, fd12:3456::/48"));

        assertEquals(new EgressPolicy(AddressPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1"),
                Cidr.parse("10.20.0.0/16"), Cidr.parse("fd12:3456::/48"))), true), config.egressPolicy());
        assertEquals(EgressPolicy.LOCAL, new HooklineConfig(Map.of("http.allow.plain", "true",
                "http.allow.loopback", "true")).egressPolicy());
    }

    @Test
    void refusesAnAllowlistEntryThatIsNotACidrBlock() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new HooklineConfig(Map.of("http.allow.cidrs", "10.0.0.0/8,10.1.2.3/16")));
        assertEquals("Invalid value [10.0.0.0/8, 10.1.2.3/16] for configuration http.allow.cidrs: 10.1.2.3/16 has "
                + "bits set beyond /16; the block starts at 10.1.0.0", e.getMessage());
        assertThrows(ConfigException.class, () -> new HooklineConfig(Map.of("http.allow.cidrs", "internal.example")));
    }

    @Test
    void readsTypedValuesFromStrings() {
        HooklineConfig config = new HooklineConfig(Map.of("bootstrap.servers", "a:9092,b:9092", "topic.prefix", "acme",
                "topic.partitions", "24", "topic.replication.factor", "3"));

        assertEquals("a:9092,b:9092", config.bootstrapServers());
        assertEquals("acme.deliveries", config.topics().deliveries().name());
        assertEquals(24, config.topicPartitions());
        assertEquals((short) 3, config.topicReplicationFactor());
    }

    @Test
    void kafkaClientPropertiesHoldBootstrapAndThePassThroughSettingsOnly() {
        HooklineConfig config = new HooklineConfig(Map.of("bootstrap.servers", "broker:9092", "topic.prefix", "acme",
                "kafka.linger.ms", "5", "kafka.ssl.truststore.password", "changeit", "retry.schedule", "1s"));

        assertEquals(Map.of("bootstrap.servers", "broker:9092", "linger.ms", "5", "ssl.truststore.password",
                "changeit"), config.kafkaClientProperties());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "topic.partitions         | abc      | Invalid value abc for configuration topic.partitions: Not a number "
                    + "of type INT",
            "topic.partitions         | 0        | Invalid value 0 for configuration topic.partitions: Value must be "
                    + "at least 1",
            "topic.partitions         | 10001    | Invalid value 10001 for configuration topic.partitions: Value must "
                    + "be no more than 10000",
            "topic.replication.factor | three    | Invalid value three for configuration topic.replication.factor: "
                    + "Not a number of type SHORT",
            "topic.replication.factor | 0        | Invalid value 0 for configuration topic.replication.factor: "
                    + "must be -1 (the broker's default) or at least 1",
            "bootstrap.servers        | ''       | Invalid value  for configuration bootstrap.servers: String must be "
                    + "non-empty",
            "topic.prefix             | ''       | Invalid value  for configuration topic.prefix: topic prefix must be "
                    + "1-100 characters of A-Z a-z 0-9 . _ -",
            "topic.prefix             | my hooks | Invalid value my hooks for configuration topic.prefix: topic prefix "
                    + "must be 1-100 characters of A-Z a-z 0-9 . _ -",
            "topic.prefix             | a/b      | Invalid value a/b for configuration topic.prefix: topic prefix "
                    + "must be 1-100 characters of A-Z a-z 0-9 . _ -",
            "retry.schedule           | ''       | Invalid value  for configuration retry.schedule: a retry schedule "
                    + "needs at least one delay",
            "retry.schedule           | 1s,0s    | Invalid value 1s,0s for configuration retry.schedule: delay 2 of "
                    + "the retry schedule is zero; every delay must be longer than zero",
            "retry.schedule           | 1s,2     | Invalid value 1s,2 for configuration retry.schedule: '2' is not a "
                    + "duration like 500ms, 5s, 1m, 2h or 1d",
            "retry.schedule           | 1s;2s    | Invalid value 1s;2s for configuration retry.schedule: '1s;2s' is "
                    + "not a duration like 500ms, 5s, 1m, 2h or 1d",
            "retry.jitter             | 0.6      | Invalid value 0.6 for configuration retry.jitter: Value must be no "
                    + "more than 0.5",
            "retry.jitter             | -0.1     | Invalid value -0.1 for configuration retry.jitter: Value must be at "
                    + "least 0.0",
            "retry.jitter             | lots     | Invalid value lots for configuration retry.jitter: Not a number of "
                    + "type DOUBLE",
    })
    void aBadValueIsAKafkaConfigException(String key, String value, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> new HooklineConfig(Map.of(key, value)));

        assertEquals(message, e.getMessage());
    }

    @Test
    void theBaseDefinitionDeclaresEverySharedKey() {
        assertEquals(java.util.Set.of("bootstrap.servers", "topic.prefix", "topic.partitions",
                "topic.replication.factor", "retry.schedule", "retry.jitter", "http.allow.plain", "http.allow.loopback",
                "http.allow.cidrs", "ops.tenant"), HooklineConfig.baseDefinition().names());
    }

    @Test
    void aScheduleOfMoreThan99DelaysIsRefused() {
        String hundred = String.join(",", java.util.Collections.nCopies(100, "1s"));

        assertEquals("Invalid value " + hundred + " for configuration retry.schedule: a retry schedule has at most "
                + "99 delays, got 100", assertThrows(ConfigException.class,
                () -> new HooklineConfig(Map.of("retry.schedule", hundred))).getMessage());
    }

    @Test
    void theRetryScheduleValidatorDescribesItselfForTheGeneratedDocs() {
        assertEquals("1-99 comma-separated durations above zero, like 5s,1m,2h",
                HooklineConfig.baseDefinition().configKeys().get("retry.schedule").validator.toString());
    }

    @Test
    void theTopicPrefixValidatorDescribesItselfForTheGeneratedDocs() {
        assertEquals("1-100 characters of A-Z a-z 0-9 . _ -",
                HooklineConfig.baseDefinition().configKeys().get("topic.prefix").validator.toString());
    }

    /** A stage's config as a stage declares one: the shared keys plus a duration, a list of them and a string. */
    private static final class StageConfig extends HooklineConfig {
        StageConfig(Map<?, ?> values) {
            super(baseDefinition()
                    .define("stage.timeout", Type.STRING, "15s", Durations.atLeast(Duration.ofMillis(1)),
                            Importance.LOW, "A timeout.")
                    .define("stage.schedule", Type.STRING, "5s,1m", Durations.eachAtLeast(Duration.ofSeconds(1)),
                            Importance.LOW, "A schedule.")
                    .define("stage.name", Type.STRING, "x", Importance.LOW, "A name."), values);
        }
    }

    @Test
    void parsesEachDurationSettingOnceWhenBuilt() {
        StageConfig config = new StageConfig(Map.of("stage.timeout", "1500ms"));

        assertEquals(Duration.ofMillis(1500), config.duration("stage.timeout"));
        assertSame(config.duration("stage.timeout"), config.duration("stage.timeout"), "held, not parsed again");
        assertEquals(List.of(Duration.ofSeconds(5), Duration.ofMinutes(1)), config.durationList("stage.schedule"));
        assertSame(config.durationList("stage.schedule"), config.durationList("stage.schedule"));
    }

    @Test
    void aDurationBelowItsMinimumFailsWhenBuilt() {
        ConfigException e = assertThrows(ConfigException.class, () -> new StageConfig(Map.of("stage.timeout", "0s")));

        assertEquals("Invalid value 0s for configuration stage.timeout: must be at least 1ms", e.getMessage());
    }

    @Test
    void onlyDeclaredDurationSettingsHaveDurations() {
        StageConfig config = new StageConfig(Map.of());

        assertEquals("stage.name is not declared as a duration setting",
                assertThrows(IllegalArgumentException.class, () -> config.duration("stage.name")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> config.duration("no.such.key"));
        assertThrows(IllegalArgumentException.class, () -> config.duration("stage.schedule"));
        assertThrows(IllegalArgumentException.class, () -> config.durationList("stage.timeout"));
    }
}
