package io.hookline.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.HooklineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLayersTest {
    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        return Files.writeString(dir.resolve("hookline.properties"), content);
    }

    private static HooklineConfig config(Path file, Map<String, String> environment, Map<String, ?> flags) {
        return new HooklineConfig(ConfigLayers.merge(HooklineConfig.baseDefinition(), file, environment, flags));
    }

    @Test
    void defaultsApplyWhenNoLayerSetsAValue() {
        HooklineConfig config = config(null, Map.of(), Map.of());

        assertEquals("127.0.0.1:9092", config.bootstrapServers());
        assertEquals("webhooks", config.topics().prefix());
        assertEquals(6, config.topicPartitions());
        assertEquals((short) -1, config.topicReplicationFactor());
    }

    @Test
    void eachLayerOverridesTheOneBefore() throws IOException {
        Path file = file("""
                bootstrap.servers=file:9092
                topic.prefix=from-file
                topic.partitions=3
                topic.replication.factor=2
                """);
        Map<String, String> environment = Map.of("HOOKLINE_TOPIC_PREFIX", "from-env",
                "HOOKLINE_BOOTSTRAP_SERVERS", "env:9092", "HOOKLINE_TOPIC_PARTITIONS", "12");
        Map<String, Object> flags = Map.of("bootstrap.servers", "flag:9092");

        HooklineConfig config = config(file, environment, flags);

        assertEquals((short) 2, config.topicReplicationFactor()); // file over default
        assertEquals(12, config.topicPartitions()); // environment over file
        assertEquals("from-env", config.topics().prefix()); // environment over file
        assertEquals("flag:9092", config.bootstrapServers()); // flag over environment and file
    }

    @Test
    void theFileOverridesDefaults() throws IOException {
        HooklineConfig config = config(file("topic.prefix=from-file\n"), Map.of(), Map.of());

        assertEquals("from-file", config.topics().prefix());
        assertEquals("127.0.0.1:9092", config.bootstrapServers());
    }

    @Test
    void theEnvironmentOverridesTheFile() throws IOException {
        HooklineConfig config = config(file("topic.prefix=from-file\n"), Map.of("HOOKLINE_TOPIC_PREFIX", "from-env"),
                Map.of());

        assertEquals("from-env", config.topics().prefix());
    }

    @Test
    void flagsOverrideTheEnvironment() {
        HooklineConfig config = config(null, Map.of("HOOKLINE_TOPIC_PREFIX", "from-env"),
                Map.of("topic.prefix", "from-flag"));

        assertEquals("from-flag", config.topics().prefix());
    }

    @Test
    void aNullFlagIsNotSet() {
        Map<String, Object> flags = new HashMap<>();
        flags.put("topic.prefix", null);

        HooklineConfig config = config(null, Map.of("HOOKLINE_TOPIC_PREFIX", "from-env"), flags);

        assertEquals("from-env", config.topics().prefix());
    }

    @Test
    void kafkaSettingsPassThroughFromTheEnvironment() {
        Map<String, Object> merged = ConfigLayers.merge(HooklineConfig.baseDefinition(), null,
                Map.of("HOOKLINE_KAFKA_LINGER_MS", "5", "HOOKLINE_KAFKA_MAX_POLL_RECORDS", "100"), Map.of());

        assertEquals(Map.of("kafka.linger.ms", "5", "kafka.max.poll.records", "100"), merged);
        assertEquals(Map.of("bootstrap.servers", "127.0.0.1:9092", "linger.ms", "5", "max.poll.records", "100"),
                new HooklineConfig(merged).kafkaClientProperties());
    }

    @Test
    void kafkaSettingsPassThroughFromEveryLayer() throws IOException {
        Path file = file("kafka.acks=all\nkafka.linger.ms=50\nkafka.client.id=from-file\n");

        HooklineConfig config = config(file, Map.of("HOOKLINE_KAFKA_LINGER_MS", "5"),
                Map.of("kafka.client.id", "from-flag", "bootstrap.servers", "broker:9093"));

        assertEquals(Map.of("bootstrap.servers", "broker:9093", "acks", "all", "linger.ms", "5",
                "client.id", "from-flag"), config.kafkaClientProperties());
    }

    @Test
    void ignoresEnvironmentVariablesThatAreNotSettings() {
        Map<String, String> environment = Map.of("PATH", "/usr/bin", "HOOKLINE_NO_SUCH_SETTING", "x",
                "HOOKLINE_KAFKA_", "empty", "TOPIC_PREFIX", "unprefixed", "hookline_topic_prefix", "lower-case");

        assertEquals(Map.of(), ConfigLayers.merge(HooklineConfig.baseDefinition(), null, environment, Map.of()));
    }

    @Test
    void environmentNamesAreUpperCaseWithUnderscores() {
        assertEquals("HOOKLINE_RETRY_SCHEDULE", ConfigLayers.environmentName("retry.schedule"));
        assertEquals("HOOKLINE_TOPIC_PREFIX", ConfigLayers.environmentName(HooklineConfig.TOPIC_PREFIX));
        assertEquals("HOOKLINE_A_B_C", ConfigLayers.environmentName("a.b-c"));
    }

    @Test
    void trimsValuesFromTheFile() throws IOException {
        HooklineConfig config = config(file("topic.prefix =   spaced  \t\n# a comment\n! another\n\n"), Map.of(),
                Map.of());

        assertEquals("spaced", config.topics().prefix());
    }

    @Test
    void aMissingFileIsAClearError() {
        Path missing = dir.resolve("nope.properties");

        HooklineException e = assertThrows(HooklineException.class, () -> config(missing, Map.of(), Map.of()));

        assertEquals("config file " + missing + " does not exist", e.getMessage());
    }

    @Test
    void anUnreadableFileIsAClearError() throws IOException {
        Path notAFile = Files.createDirectory(dir.resolve("conf.d"));

        HooklineException e = assertThrows(HooklineException.class, () -> config(notAFile, Map.of(), Map.of()));

        assertTrue(e.getMessage().startsWith("cannot read config file " + notAFile + ": "), e.getMessage());
    }

    @Test
    void aFileThatIsNotUtf8IsAClearError() throws IOException {
        Path latin1 = Files.write(dir.resolve("latin1.properties"), new byte[] {'a', '=', (byte) 0xe9, '\n'});

        HooklineException e = assertThrows(HooklineException.class, () -> config(latin1, Map.of(), Map.of()));

        assertTrue(e.getMessage().startsWith("cannot read config file " + latin1 + ": "), e.getMessage());
    }
}
