package io.hookline.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class RouterConfigTest {

    @Test
    void defaultsGiveAnExactlyOnceStreamsConfig() {
        RouterConfig config = new RouterConfig(Map.of());

        assertEquals("hookline-router", config.applicationId());
        assertEquals(Duration.ofHours(24), config.dedupeWindow());
        assertEquals(Duration.ofMillis(100), config.commitInterval());
        assertEquals(Duration.ofSeconds(30), config.shutdownTimeout());
        Map<String, Object> streams = config.streamsProperties();
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, streams.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals("hookline-router", streams.get(StreamsConfig.APPLICATION_ID_CONFIG));
        assertEquals("127.0.0.1:9092", streams.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        assertEquals(100L, streams.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        assertEquals(-1, streams.get(StreamsConfig.REPLICATION_FACTOR_CONFIG));
        assertFalse(streams.containsKey(StreamsConfig.STATE_DIR_CONFIG), "unset: Kafka Streams' default");
        new StreamsConfig(streams); // Kafka Streams accepts it
    }

    @Test
    void routerKeysAndPassThroughSettingsReachStreams() {
        RouterConfig config = new RouterConfig(Map.of(
                "bootstrap.servers", "broker:9093",
                "topic.prefix", "hooks",
                "router.application.id", "router-eu",
                "router.dedupe.window", "2h",
                "router.state.dir", "/var/lib/hookline/router",
                "router.commit.interval", "1s",
                "kafka.num.stream.threads", "2",
                "kafka.processing.guarantee", "at_least_once"));

        Map<String, Object> streams = config.streamsProperties();
        assertEquals("broker:9093", streams.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        assertEquals("router-eu", streams.get(StreamsConfig.APPLICATION_ID_CONFIG));
        assertEquals("/var/lib/hookline/router", streams.get(StreamsConfig.STATE_DIR_CONFIG));
        assertEquals(1000L, streams.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        assertEquals("2", streams.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG));
        assertEquals("at_least_once", streams.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals(Duration.ofHours(2), config.dedupeWindow());
        assertEquals("hooks.events", config.topics().events().name());
    }

    @Test
    void aStreamsSettingWithARouterKeyCannotBePassedThrough() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new RouterConfig(Map.of("kafka.commit.interval.ms", "5")));
        assertTrue(e.getMessage().contains("router.commit.interval"), e.getMessage());
        assertThrows(ConfigException.class, () -> new RouterConfig(Map.of("kafka.application.id", "x")));
    }

    @Test
    void rejectsBadDurations() {
        assertThrows(ConfigException.class, () -> new RouterConfig(Map.of("router.dedupe.window", "a day")));
        assertThrows(ConfigException.class, () -> new RouterConfig(Map.of("router.dedupe.window", "500ms")));
        assertThrows(ConfigException.class, () -> new RouterConfig(Map.of("router.commit.interval", "-1s")));
    }

    @Test
    void declaresEveryRouterKeyWithDocumentation() {
        for (String key : new String[] {RouterConfig.APPLICATION_ID, RouterConfig.DEDUPE_WINDOW,
                RouterConfig.STATE_DIR, RouterConfig.COMMIT_INTERVAL, RouterConfig.SHUTDOWN_TIMEOUT}) {
            assertFalse(RouterConfig.definition().configKeys().get(key).documentation.isBlank(), key);
        }
    }
}
