package io.hookline.bench.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HarnessSettingsTest {
    @Test
    void theBenchsOwnClientsTalkToKafkaAsEveryHooklineDoes() {
        Map<String, Object> settings = Harness.clients("127.0.0.1:9092", Map.of(
                "kafka.compression.type", "lz4", "router.commit.interval", "100ms")).settings();

        assertEquals(Map.of("bootstrap.servers", "127.0.0.1:9092", "compression.type", "lz4"), settings,
                "kafka.* without its prefix, the bench's broker, and no Hookline setting");
    }
}
