package io.hookline.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
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
    })
    void aBadValueIsAKafkaConfigException(String key, String value, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> new HooklineConfig(Map.of(key, value)));

        assertEquals(message, e.getMessage());
    }

    @Test
    void theBaseDefinitionDeclaresEverySharedKey() {
        assertEquals(java.util.Set.of("bootstrap.servers", "topic.prefix", "topic.partitions",
                "topic.replication.factor"), HooklineConfig.baseDefinition().names());
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
