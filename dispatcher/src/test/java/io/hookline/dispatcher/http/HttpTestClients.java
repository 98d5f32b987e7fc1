package io.hookline.dispatcher.http;

import io.hookline.common.net.EgressPolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/** Clients of the TLS and proxy tests, and a DNS of their own for names under {@code .test}. */
final class HttpTestClients {
    /** Generous: a TLS handshake takes a second or more on a busy machine of two cores. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private HttpTestClients() {
    }

    /** A client with short timeouts, resolving {@code names} as given and every other name as usual. */
    static AsyncWebhookClient start(EgressPolicy egress, TlsSettings tls, Optional<EgressProxy> proxy,
                                    Map<String, String> names) {
        return AsyncWebhookClient.start(new AsyncWebhookClient.Settings(TIMEOUT, TIMEOUT, 1024, 10, 5,
                egress, tls, proxy, AsyncWebhookClient.Pool.LAX), dns(names));
    }

    /** POSTs {@code {}} to {@code url} and waits for how it ended. */
    static HttpResult send(AsyncWebhookClient client, String url) throws Exception {
        WebhookRequest request = new WebhookRequest(URI.create(url), Map.of("Content-Type", "application/json"),
                "{}".getBytes(StandardCharsets.UTF_8));
        return client.send(request).get(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
    }

    private static DnsResolver dns(Map<String, String> names) {
        return new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                String address = names.get(host);
                return address != null ? new InetAddress[] {InetAddress.getByName(address)}
                        : SystemDefaultDnsResolver.INSTANCE.resolve(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
    }
}
