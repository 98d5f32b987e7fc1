package io.hookline.dispatcher.http;

import static io.hookline.dispatcher.http.HttpTestClients.send;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.net.EgressPolicy;
import io.hookline.testkit.Endpoint;
import io.hookline.testkit.IssuedCertificate;
import io.hookline.testkit.ReceiverTls;
import io.hookline.testkit.TestCertificateAuthority;
import io.hookline.testkit.TunnelProxy;
import io.hookline.testkit.WebhookReceiver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deliveries through a real CONNECT proxy on loopback ({@link TunnelProxy}): they reach the
 * endpoint through a tunnel, TLS end to end inside it; the SSRF guard still checks every
 * target, before the proxy is asked; the proxy's own address is not checked; a tunnel the
 * proxy refuses is a connect failure, not the endpoint's answer.
 *
 * <p>Names under {@code .test} resolve twice, as in production: the client's DNS (for the
 * guard's check) and the proxy's (to open the tunnel) may answer differently.
 */
class EgressProxyTunnelTest {
    private static final TestCertificateAuthority CA = TestCertificateAuthority.create("Hookline test proxy CA");
    /** A public address: what the guard is shown for names that the proxy resolves to loopback. */
    private static final String PUBLIC = "93.184.215.14";

    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private TunnelProxy proxy;
    private TlsSettings trustingCa;

    @TempDir
    Path dir;

    @BeforeEach
    void startProxy() {
        proxy = own(TunnelProxy.start());
        trustingCa = TlsSettings.DEFAULT.trusting(IssuedCertificate.writePem(dir.resolve("ca.pem"),
                List.of(CA.certificate())), false);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closeAfter) {
            closeable.close();
        }
    }

    @Test
    void reachesTheEndpointThroughATunnelWithTlsEndToEnd() throws Exception {
        WebhookReceiver receiver = own(WebhookReceiver.start(ReceiverTls.serving(CA.issueServer("127.0.0.1"))));
        Endpoint endpoint = receiver.endpoint("tunnelled", List.of());
        AsyncWebhookClient client = client(EgressPolicy.LOCAL, Map.of());

        assertEquals(204, assertInstanceOf(HttpResult.Response.class, send(client, endpoint.url())).status());
        // httpclient5 may hand the answer over just before it puts the connection back in the
        // pool; a request sent in between opens a second one (seen once on a loaded machine)
        await().atMost(HttpTestClients.TIMEOUT).until(() -> client.idle() == 1);
        assertEquals(204, assertInstanceOf(HttpResult.Response.class, send(client, endpoint.url())).status());

        assertEquals(List.of("127.0.0.1:" + receiver.port()), proxy.connects(), "one tunnel, kept and reused");
        assertEquals(2, endpoint.requests().size());
        assertEquals("/tunnelled", endpoint.requests().get(0).path(), "origin-form inside the tunnel");
    }

    @Test
    void tunnelsPlainHttpToo() throws Exception {
        WebhookReceiver receiver = own(WebhookReceiver.start());
        Endpoint endpoint = receiver.endpoint("plain", List.of());

        assertEquals(204, assertInstanceOf(HttpResult.Response.class,
                send(client(EgressPolicy.LOCAL, Map.of()), endpoint.url())).status());

        assertEquals(List.of("127.0.0.1:" + receiver.port()), proxy.connects(), "CONNECT, not an absolute-form POST");
        assertEquals(1, endpoint.requests().size());
    }

    @Test
    void refusesABlockedTargetWithoutAskingTheProxy() throws Exception {
        WebhookReceiver receiver = own(WebhookReceiver.start(ReceiverTls.serving(CA.issueServer("127.0.0.1"))));
        Endpoint canary = receiver.endpoint("canary", List.of());
        int port = receiver.port();
        AsyncWebhookClient client = client(EgressPolicy.STRICT, Map.of("canary.rebind.test", "127.0.0.1"));

        for (String url : List.of(canary.url(), "https://2130706433:" + port + "/canary",
                "https://canary.rebind.test:" + port + "/canary")) {
            HttpResult.Blocked blocked = assertInstanceOf(HttpResult.Blocked.class, send(client, url), url);
            assertEquals("loopback", blocked.rule(), url);
        }

        assertEquals(List.of(), proxy.connects(), "the proxy was never asked for a tunnel");
        assertEquals(0, canary.requests().size());
    }

    /**
     * The limit of checking before the proxy: the proxy resolves the name again, and here it
     * finds loopback where the guard was shown a public address. The proxy's own policy
     * (Smokescreen denies private ranges by default) is what catches that. It also shows that
     * the proxy's own address, loopback, is not checked, and that host names are verified
     * inside the tunnel.
     */
    @Test
    void theProxyResolvesTheTargetAgainAndItsOwnAddressIsNotChecked() throws Exception {
        WebhookReceiver receiver = own(WebhookReceiver.start(ReceiverTls.serving(CA.issueServer("hooks.test"))));
        Endpoint endpoint = receiver.endpoint("named", List.of());
        proxy.resolve("hooks.test", "127.0.0.1");
        proxy.resolve("other.test", "127.0.0.1");
        AsyncWebhookClient client = client(EgressPolicy.STRICT, Map.of("hooks.test", PUBLIC, "other.test", PUBLIC));

        assertEquals(204, assertInstanceOf(HttpResult.Response.class,
                send(client, "https://hooks.test:" + receiver.port() + "/named")).status());
        HttpResult.Failure otherName = assertInstanceOf(HttpResult.Failure.class,
                send(client, "https://other.test:" + receiver.port() + "/named"));
        assertEquals("TLS failed: No subject alternative DNS name matching other.test found.", otherName.message());

        assertEquals(List.of("hooks.test:" + receiver.port(), "other.test:" + receiver.port()), proxy.connects());
        assertEquals(1, endpoint.requests().size());
    }

    @Test
    void aTunnelTheProxyRefusesIsAConnectFailureNotTheEndpointsAnswer() throws Exception {
        WebhookReceiver receiver = own(WebhookReceiver.start(ReceiverTls.serving(CA.issueServer("127.0.0.1"))));
        Endpoint endpoint = receiver.endpoint("denied", List.of());
        proxy.refuse("127.0.0.1");

        HttpResult result = send(client(EgressPolicy.LOCAL, Map.of()), endpoint.url());

        assertEquals(new HttpResult.Failure(HttpResult.Kind.CONNECT, "the proxy refused a tunnel to 127.0.0.1:"
                + receiver.port() + " with HTTP 403"), result);
        assertEquals(1, proxy.connects().size());
        assertEquals(0, endpoint.requests().size());
    }

    @Test
    void anUnreachableProxyIsAConnectFailure() throws Exception {
        WebhookReceiver receiver = own(WebhookReceiver.start());
        Endpoint endpoint = receiver.endpoint("no-proxy", List.of());
        String address = proxy.address();
        proxy.close();

        HttpResult.Failure failure = assertInstanceOf(HttpResult.Failure.class,
                send(client(EgressPolicy.LOCAL, Map.of(), EgressProxy.parse(address)), endpoint.url()));

        assertEquals(HttpResult.Kind.CONNECT, failure.kind());
        assertTrue(failure.message().contains(address), failure.message());
        assertEquals(0, endpoint.requests().size());
    }

    private AsyncWebhookClient client(EgressPolicy egress, Map<String, String> names) {
        return client(egress, names, EgressProxy.parse(proxy.address()));
    }

    private AsyncWebhookClient client(EgressPolicy egress, Map<String, String> names, EgressProxy via) {
        return own(HttpTestClients.start(egress, trustingCa, Optional.of(via), names));
    }

    private <T extends AutoCloseable> T own(T closeable) {
        closeAfter.add(closeable);
        return closeable;
    }
}
