package io.hookline.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hookline.common.net.AddressPolicy;
import io.hookline.common.net.Cidr;
import io.hookline.common.net.EgressPolicy;
import java.util.List;
import java.util.Map;
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
    })
    void aBadValueIsAKafkaConfigException(String key, String value, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> new HooklineConfig(Map.of(key, value)));

        assertEquals(message, e.getMessage());
    }

    @Test
    void theBaseDefinitionDeclaresEverySharedKey() {
        assertEquals(java.util.Set.of("bootstrap.servers", "topic.prefix", "topic.partitions",
                "topic.replication.factor", "http.allow.plain", "http.allow.loopback", "http.allow.cidrs"),
                HooklineConfig.baseDefinition().names());
    }

    @Test
    void theTopicPrefixValidatorDescribesItselfForTheGeneratedDocs() {
        assertEquals("1-100 characters of A-Z a-z 0-9 . _ -",
                HooklineConfig.baseDefinition().configKeys().get("topic.prefix").validator.toString());
    }
}
