package io.hookline.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.kafka.KafkaClients;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class RouterConfigTest {

    @Test
    void defaultsGiveAnExactlyOnceStreamsConfig() {
        RouterConfig config = new RouterConfig(Map.of());

        assertEquals("hookline-router", config.applicationId());
        assertEquals(Duration.ofHours(24), config.dedupeWindow());
        assertEquals(Duration.ofMillis(20), config.commitInterval());
        assertEquals(Duration.ofSeconds(30), config.shutdownTimeout());
        assertEquals(262_144, config.maxEventBytes());
        Map<String, Object> streams = config.streamsProperties();
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, streams.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals("hookline-router", streams.get(StreamsConfig.APPLICATION_ID_CONFIG));
        assertEquals("127.0.0.1:9092", streams.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        assertEquals(20L, streams.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        assertEquals(-1, streams.get(StreamsConfig.REPLICATION_FACTOR_CONFIG));
        assertFalse(streams.containsKey(StreamsConfig.STATE_DIR_CONFIG), "unset: Kafka Streams' default");
        assertEquals(10, streams.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), "not Kafka's 500 ms: latency");
        new StreamsConfig(streams); // Kafka Streams accepts it
    }

    @Test
    void anOperatorsFetchWaitWins() {
        Map<String, Object> streams = new RouterConfig(Map.of("kafka.fetch.max.wait.ms", "200")).streamsProperties();

        assertEquals("200", streams.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG));
        assertEquals("200", String.valueOf(new StreamsConfig(streams).getMainConsumerConfigs("g", "c", 0)
                .get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG)), "what the router's consumer gets");
        Map<String, Object> defaults = new RouterConfig(Map.of()).streamsProperties();
        assertEquals("10", String.valueOf(new StreamsConfig(defaults).getMainConsumerConfigs("g", "c", 0)
                .get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG)), "the default reaches the router's consumer");
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
                "router.max.event.bytes", "65536",
                "kafka.num.stream.threads", "2",
                "kafka.processing.guarantee", "at_least_once"));

        Map<String, Object> streams = config.streamsProperties();
        assertEquals("broker:9093", streams.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        assertEquals("router-eu", streams.get(StreamsConfig.APPLICATION_ID_CONFIG));
        assertEquals("/var/lib/hookline/router", streams.get(StreamsConfig.STATE_DIR_CONFIG));
        assertEquals(1000L, streams.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        assertEquals("2", streams.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG));
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, streams.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG),
                "exactly once is what the router promises: no setting turns it off");
        assertEquals(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, KafkaClients.PROCESSING_GUARANTEE);
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, KafkaClients.EXACTLY_ONCE_V2);
        assertEquals(Duration.ofHours(2), config.dedupeWindow());
        assertEquals(65_536, config.maxEventBytes());
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
        assertEquals("Invalid value 500ms for configuration router.dedupe.window: must be at least 1s",
                assertThrows(ConfigException.class,
                        () -> new RouterConfig(Map.of("router.dedupe.window", "500ms"))).getMessage());
        assertThrows(ConfigException.class, () -> new RouterConfig(Map.of("router.commit.interval", "-1s")));
    }

    @Test
    void holdsItsDurationsParsedOnce() {
        RouterConfig config = new RouterConfig(Map.of("router.dedupe.window", "2h"));

        assertSame(config.dedupeWindow(), config.dedupeWindow());
        assertSame(config.commitInterval(), config.commitInterval());
        assertSame(config.shutdownTimeout(), config.shutdownTimeout());
    }

    @Test
    void declaresTheMinimumOfEachDurationInItsValidator() {
        assertEquals("a duration like 500ms, 5s, 1m, 2h, 1d, at least 1s",
                RouterConfig.definition().configKeys().get(RouterConfig.DEDUPE_WINDOW).validator.toString());
        assertEquals(Duration.ZERO, new RouterConfig(Map.of("router.commit.interval", "0ms")).commitInterval());
    }

    @Test
    void rejectsAMaxEventSizeBelowOneKiB() {
        assertThrows(ConfigException.class, () -> new RouterConfig(Map.of("router.max.event.bytes", "1023")));
        assertThrows(ConfigException.class, () -> new RouterConfig(Map.of("router.max.event.bytes", "256k")));
        assertEquals(1024, new RouterConfig(Map.of("router.max.event.bytes", "1024")).maxEventBytes());
    }

    @Test
    void requiresTheLargestDeliveryToFitTheProducersMaxRequestSize() {
        // a delivery can take twice the event plus 16 KiB; the producer takes 1 MiB by default
        assertEquals(516_096, new RouterConfig(Map.of("router.max.event.bytes", "516096")).maxEventBytes());
        ConfigException e = assertThrows(ConfigException.class,
                () -> new RouterConfig(Map.of("router.max.event.bytes", "516097")));
        assertTrue(e.getMessage().contains("at most 516096"), e.getMessage());

        assertThrows(ConfigException.class, () -> new RouterConfig(Map.of("kafka.max.request.size", "524288")));
        assertEquals(1_000_000, new RouterConfig(Map.of("router.max.event.bytes", 1_000_000,
                "kafka.max.request.size", 2_100_000)).maxEventBytes());
        // producer.* is what Kafka Streams gives the producer over the unprefixed setting
        assertThrows(ConfigException.class, () -> new RouterConfig(Map.of("router.max.event.bytes", "400000",
                "kafka.max.request.size", "2000000", "kafka.producer.max.request.size", "800000")));
    }

    @Test
    void declaresEveryRouterKeyWithDocumentation() {
        for (String key : new String[] {RouterConfig.APPLICATION_ID, RouterConfig.DEDUPE_WINDOW,
                RouterConfig.STATE_DIR, RouterConfig.COMMIT_INTERVAL, RouterConfig.SHUTDOWN_TIMEOUT,
                RouterConfig.MAX_EVENT_BYTES}) {
            assertFalse(RouterConfig.definition().configKeys().get(key).documentation.isBlank(), key);
        }
    }
}
