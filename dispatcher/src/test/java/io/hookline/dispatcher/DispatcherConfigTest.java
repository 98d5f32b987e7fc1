package io.hookline.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.net.EgressPolicy;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class DispatcherConfigTest {

    @Test
    void hasTheDefaultsOfTheDesign() {
        DispatcherConfig config = new DispatcherConfig(Map.of());

        assertEquals("hookline-dispatcher", config.groupId());
        assertEquals(1000, config.maxInFlight());
        assertEquals(Duration.ofSeconds(5), config.httpConnectTimeout());
        assertEquals(Duration.ofSeconds(15), config.httpRequestTimeout());
        assertEquals(64 * 1024, config.httpMaxResponseBytes());
        assertEquals("webhooks.deliveries", config.topics().deliveries().name());
        assertEquals(EgressPolicy.STRICT, config.egressPolicy(), "against a cluster: https to public addresses only");
    }

    @Test
    void readsDurationsAsWrittenByPeople() {
        DispatcherConfig config = new DispatcherConfig(Map.of(DispatcherConfig.HTTP_REQUEST_TIMEOUT, "1500ms",
                DispatcherConfig.COMMIT_INTERVAL, "2s", DispatcherConfig.RETRY_AFTER_MAX, "6h"));

        assertEquals(Duration.ofMillis(1500), config.httpRequestTimeout());
        assertEquals(Duration.ofSeconds(2), config.commitInterval());
        assertEquals(Duration.ofHours(6), config.retryAfterMax());
    }

    @Test
    void refusesZeroAndMalformedDurations() {
        ConfigException zero = assertThrows(ConfigException.class,
                () -> new DispatcherConfig(Map.of(DispatcherConfig.HTTP_REQUEST_TIMEOUT, "0s")));
        assertEquals("Invalid value 0s for configuration http.request.timeout: must be at least 1ms",
                zero.getMessage());

        ConfigException malformed = assertThrows(ConfigException.class,
                () -> new DispatcherConfig(Map.of(DispatcherConfig.HTTP_CONNECT_TIMEOUT, "5 seconds")));
        assertTrue(malformed.getMessage().contains(DispatcherConfig.HTTP_CONNECT_TIMEOUT), malformed.getMessage());
    }

    @Test
    void refusesAnInFlightBoundBelowOne() {
        assertThrows(ConfigException.class, () -> new DispatcherConfig(Map.of(DispatcherConfig.MAX_IN_FLIGHT, "0")));
    }

    @Test
    void documentsEveryKey() {
        DispatcherConfig.definition().configKeys().values().forEach(key ->
                assertTrue(key.documentation != null && !key.documentation.isBlank(), key.name));
    }
}
