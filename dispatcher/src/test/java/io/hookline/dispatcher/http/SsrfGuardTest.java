package io.hookline.dispatcher.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.net.AddressPolicy;
import io.hookline.common.net.Cidr;
import io.hookline.common.net.EgressPolicy;
import io.hookline.testkit.Endpoint;
import io.hookline.testkit.WebhookReceiver;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The guard in the real client against a canary receiver on loopback: refused, nothing
 * reaches it; allowlisted, it is hit.
 */
class SsrfGuardTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @AutoClose
    private static final WebhookReceiver receiver = WebhookReceiver.start();

    /** Names resolve here to loopback, as a rebinding attacker's zone would; everything else as usual. */
    private final Set<String> lookedUp = ConcurrentHashMap.newKeySet();
    private final DnsResolver dns = new DnsResolver() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            lookedUp.add(host);
            return host.endsWith(".rebind.test") ? new InetAddress[] {InetAddress.getByName("127.0.0.1")}
                    : SystemDefaultDnsResolver.INSTANCE.resolve(host);
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    };

    @Test
    void neverReachesALoopbackCanaryWhileLoopbackIsNotAllowed() throws Exception {
        Endpoint canary = receiver.endpoint("canary-refused", List.of());
        int port = URI.create(canary.url()).getPort();
        try (AsyncWebhookClient client = client(new EgressPolicy(AddressPolicy.strict(), true))) {
            for (String url : List.of(canary.url(), "http://2130706433:" + port + "/canary-refused",
                    "http://[::ffff:127.0.0.1]:" + port + "/canary-refused",
                    "http://canary.rebind.test:" + port + "/canary-refused")) {
                HttpResult.Blocked blocked = assertInstanceOf(HttpResult.Blocked.class, send(client, url), url);
                assertEquals("loopback", blocked.rule(), url);
                assertTrue(blocked.message().endsWith("127.0.0.1 is loopback"), blocked.message());
            }
        }
        assertEquals(0, canary.requests().size(), "the canary was never hit");
        assertEquals(Set.of("127.0.0.1", "2130706433", "[::ffff:127.0.0.1]", "canary.rebind.test"), lookedUp,
                "IP literals go through the guarded resolver too");
    }

    @Test
    void reachesTheCanaryOnceLoopbackIsAllowlisted() throws Exception {
        Endpoint canary = receiver.endpoint("canary-allowed", List.of());
        int port = URI.create(canary.url()).getPort();
        EgressPolicy allowlisted = new EgressPolicy(AddressPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8"))), true);
        try (AsyncWebhookClient client = client(allowlisted)) {
            assertEquals(204, assertInstanceOf(HttpResult.Response.class, send(client, canary.url())).status());
            assertEquals(204, assertInstanceOf(HttpResult.Response.class,
                    send(client, "http://canary.rebind.test:" + port + "/canary-allowed")).status());
        }
        assertEquals(2, canary.requests().size());
    }

    @Test
    void refusesPlainHttpUnlessAllowedWithoutConnecting() throws Exception {
        Endpoint canary = receiver.endpoint("canary-plain", List.of());
        EgressPolicy httpsOnly = new EgressPolicy(AddressPolicy.allowing(AddressPolicy.LOOPBACK_BLOCKS), false);
        try (AsyncWebhookClient client = client(httpsOnly)) {
            assertEquals(new HttpResult.Blocked("plain-http", "plain http:// to 127.0.0.1 is refused unless "
                    + "http.allow.plain=true"), send(client, canary.url()));
        }
        assertEquals(0, canary.requests().size());
        assertEquals(Set.of(), lookedUp, "refused before any lookup");
    }

    private AsyncWebhookClient client(EgressPolicy egress) {
        return AsyncWebhookClient.start(new AsyncWebhookClient.Settings(Duration.ofSeconds(1), TIMEOUT, 1024, 10, 5,
                egress), dns);
    }

    private static HttpResult send(AsyncWebhookClient client, String url) throws Exception {
        WebhookRequest request = new WebhookRequest(URI.create(url), Map.of("Content-Type", "application/json"),
                "{}".getBytes(StandardCharsets.UTF_8));
        return client.send(request).get(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
    }
}
