package io.hookline.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.net.EgressPolicy;
import io.hookline.dispatcher.http.AsyncWebhookClient;
import io.hookline.dispatcher.http.EgressProxy;
import io.hookline.dispatcher.http.TlsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
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
    void keepsConnectionsInTheLaxPoolUnlessToldStrict() {
        assertEquals(AsyncWebhookClient.Pool.LAX, new DispatcherConfig(Map.of()).httpPool());
        assertEquals(AsyncWebhookClient.Pool.STRICT,
                new DispatcherConfig(Map.of(DispatcherConfig.HTTP_POOL, "Strict")).httpPool());
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> new DispatcherConfig(Map.of(DispatcherConfig.HTTP_POOL, "offlock")));
        assertTrue(unknown.getMessage().contains("http.pool"), unknown.getMessage());
    }

    @Test
    void refusesAnInFlightBoundBelowOne() {
        assertThrows(ConfigException.class, () -> new DispatcherConfig(Map.of(DispatcherConfig.MAX_IN_FLIGHT, "0")));
    }

    @Test
    void verifiesTlsWithTheJdksAuthoritiesAndConnectsDirectlyByDefault() {
        DispatcherConfig config = new DispatcherConfig(Map.of());

        assertEquals(TlsSettings.DEFAULT, config.httpTls());
        assertEquals(Optional.empty(), config.httpProxy());
        assertEquals(Optional.empty(), new DispatcherConfig(Map.of(DispatcherConfig.HTTP_PROXY, " ",
                DispatcherConfig.HTTP_TLS_CA_FILE, "")).httpProxy(), "empty unsets, as an empty variable would");
    }

    @Test
    void readsTheTlsFilesAndTheProxy() {
        DispatcherConfig config = new DispatcherConfig(Map.of(DispatcherConfig.HTTP_TLS_CA_FILE, "/etc/pki/ca.pem",
                DispatcherConfig.HTTP_TLS_CA_ONLY, "true",
                DispatcherConfig.HTTP_TLS_CLIENT_CERT_FILE, "/etc/hookline/client.crt",
                DispatcherConfig.HTTP_TLS_CLIENT_KEY_FILE, "/etc/hookline/client.key",
                DispatcherConfig.HTTP_PROXY, "smokescreen.internal:4750"));

        assertEquals(new TlsSettings(Optional.of(Path.of("/etc/pki/ca.pem")), true,
                Optional.of(Path.of("/etc/hookline/client.crt")), Optional.of(Path.of("/etc/hookline/client.key"))),
                config.httpTls());
        assertEquals(Optional.of(new EgressProxy("smokescreen.internal", 4750)), config.httpProxy());
    }

    @Test
    void refusesTlsSettingsThatOnlyWorkTogetherGivenApart() {
        assertEquals("http.tls.client.cert.file and http.tls.client.key.file go together: set both for mutual "
                + "TLS, or neither", assertThrows(ConfigException.class, () -> new DispatcherConfig(Map.of(
                        DispatcherConfig.HTTP_TLS_CLIENT_CERT_FILE, "/etc/hookline/client.crt"))).getMessage());
        assertEquals("http.tls.ca.only=true needs http.tls.ca.file: there would be no authority to trust",
                assertThrows(ConfigException.class, () -> new DispatcherConfig(Map.of(
                        DispatcherConfig.HTTP_TLS_CA_ONLY, "true"))).getMessage());
    }

    @Test
    void refusesAProxyThatIsNotHostAndPort() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new DispatcherConfig(Map.of(DispatcherConfig.HTTP_PROXY, "http://proxy:3128")));
        assertEquals("Invalid value http://proxy:3128 for configuration http.proxy: a proxy is host:port, like "
                + "proxy.internal:4750 or [fd00::1]:3128", e.getMessage());
    }

    @Test
    void documentsEveryKey() {
        DispatcherConfig.definition().configKeys().values().forEach(key ->
                assertTrue(key.documentation != null && !key.documentation.isBlank(), key.name));
    }
}
