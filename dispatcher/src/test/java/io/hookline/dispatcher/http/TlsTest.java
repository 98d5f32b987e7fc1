package io.hookline.dispatcher.http;

import static io.hookline.dispatcher.http.HttpTestClients.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.net.EgressPolicy;
import io.hookline.testkit.Endpoint;
import io.hookline.testkit.IssuedCertificate;
import io.hookline.testkit.ReceiverTls;
import io.hookline.testkit.TestCertificateAuthority;
import io.hookline.testkit.WebhookReceiver;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS of deliveries against real HTTPS receivers on loopback, with certificates made by test
 * authorities: what is trusted, whose names are checked, which versions are offered, and
 * mutual TLS. Loopback is allowed by the egress policy here, as the receivers live there.
 */
class TlsTest {
    private static final TestCertificateAuthority PRIVATE_CA = TestCertificateAuthority.create("test private CA");
    private static final TestCertificateAuthority CLIENT_CA = TestCertificateAuthority.create("test client CA");

    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closeAfter) {
            closeable.close();
        }
    }

    @Test
    void refusesASelfSignedEndpointUntilItsCertificateIsInTheCaFile() throws Exception {
        IssuedCertificate selfSigned = TestCertificateAuthority.selfSigned("127.0.0.1");
        Endpoint endpoint = receiver(ReceiverTls.serving(selfSigned)).endpoint("self-signed", List.of());

        HttpResult.Failure refused = assertInstanceOf(HttpResult.Failure.class,
                send(client(TlsSettings.DEFAULT), endpoint.url()));
        assertEquals(HttpResult.Kind.CONNECT, refused.kind());
        assertTrue(refused.message().startsWith("TLS failed: PKIX path building failed"), refused.message());
        assertEquals(0, endpoint.requests().size(), "nothing sent to an endpoint that could not be verified");

        Path bundle = IssuedCertificate.writePem(dir.resolve("self-signed.pem"), selfSigned.chain());
        assertEquals(204, assertInstanceOf(HttpResult.Response.class,
                send(client(TlsSettings.DEFAULT.trusting(bundle, false)), endpoint.url())).status());
        assertEquals(1, endpoint.requests().size());
    }

    @Test
    void trustsAnEndpointOfAPrivatePkiWithItsAuthorityInTheCaFile() throws Exception {
        Endpoint endpoint = receiver(ReceiverTls.serving(PRIVATE_CA.issueServer("127.0.0.1"))).endpoint("private",
                List.of());
        assertHandshakeFailed(send(client(TlsSettings.DEFAULT), endpoint.url()), "an authority the JDK does not know");

        Path bundle = IssuedCertificate.writePem(dir.resolve("ca.pem"), List.of(PRIVATE_CA.certificate()));
        assertEquals(204, assertInstanceOf(HttpResult.Response.class,
                send(client(TlsSettings.DEFAULT.trusting(bundle, false)), endpoint.url())).status());
        assertEquals(1, endpoint.requests().size());
    }

    /**
     * The JDK's default authorities are what {@code javax.net.ssl.trustStore} names when it is
     * set: here a store holding a stand-in "public" authority, so that both modes of the CA file
     * can be seen at work.
     */
    @Test
    void theCaFileAddsToTheDefaultAuthoritiesUnlessTrustedAlone() throws Exception {
        TestCertificateAuthority publicCa = TestCertificateAuthority.create("Hookline test stand-in public CA");
        Endpoint publicEndpoint = receiver(ReceiverTls.serving(publicCa.issueServer("127.0.0.1")))
                .endpoint("public", List.of());
        Endpoint privateEndpoint = receiver(ReceiverTls.serving(PRIVATE_CA.issueServer("127.0.0.1")))
                .endpoint("private", List.of());
        Path bundle = IssuedCertificate.writePem(dir.resolve("ca.pem"), List.of(PRIVATE_CA.certificate()));

        try (DefaultTrustStore ignored = DefaultTrustStore.holding(publicCa, dir.resolve("cacerts.p12"))) {
            AsyncWebhookClient adding = client(TlsSettings.DEFAULT.trusting(bundle, false));
            assertEquals(204, assertInstanceOf(HttpResult.Response.class, send(adding, publicEndpoint.url())).status());
            assertEquals(204, assertInstanceOf(HttpResult.Response.class, send(adding, privateEndpoint.url()))
                    .status());

            AsyncWebhookClient alone = client(TlsSettings.DEFAULT.trusting(bundle, true));
            assertHandshakeFailed(send(alone, publicEndpoint.url()), "the defaults are not trusted");
            assertEquals(204, assertInstanceOf(HttpResult.Response.class, send(alone, privateEndpoint.url())).status());
        }
        assertEquals(1, publicEndpoint.requests().size());
        assertEquals(2, privateEndpoint.requests().size());
    }

    @Test
    void refusesAnEndpointWhoseCertificateIsForAnotherName() throws Exception {
        WebhookReceiver receiver = receiver(ReceiverTls.serving(PRIVATE_CA.issueServer("hooks.test")));
        Endpoint endpoint = receiver.endpoint("named", List.of());
        Path bundle = IssuedCertificate.writePem(dir.resolve("ca.pem"), List.of(PRIVATE_CA.certificate()));
        AsyncWebhookClient client = HttpTestClients.start(EgressPolicy.LOCAL, TlsSettings.DEFAULT.trusting(bundle,
                false), Optional.empty(), Map.of("hooks.test", "127.0.0.1", "other.test", "127.0.0.1"));
        closeAfter.add(client);
        String path = ":" + receiver.port() + "/named";

        assertEquals(204, assertInstanceOf(HttpResult.Response.class, send(client, "https://hooks.test" + path))
                .status());
        HttpResult.Failure otherName = assertInstanceOf(HttpResult.Failure.class,
                send(client, "https://other.test" + path));
        assertEquals(new HttpResult.Failure(HttpResult.Kind.CONNECT,
                "TLS failed: No subject alternative DNS name matching other.test found."), otherName);
        HttpResult.Failure address = assertInstanceOf(HttpResult.Failure.class,
                send(client, "https://127.0.0.1" + path));
        assertEquals(new HttpResult.Failure(HttpResult.Kind.CONNECT,
                "TLS failed: No subject alternative names matching IP address 127.0.0.1 found"), address);
        assertEquals(1, endpoint.requests().size(), "only the request to the certificate's own name");
    }

    @Test
    void presentsTheClientCertificateToAnEndpointThatRequiresIt() throws Exception {
        Endpoint endpoint = receiver(ReceiverTls.serving(PRIVATE_CA.issueServer("127.0.0.1"))
                .requiringClientCertificatesFrom(CLIENT_CA)).endpoint("mutual", List.of());
        Path bundle = IssuedCertificate.writePem(dir.resolve("ca.pem"), List.of(PRIVATE_CA.certificate()));
        TlsSettings trusting = TlsSettings.DEFAULT.trusting(bundle, false);

        assertHandshakeFailed(send(client(trusting), endpoint.url()), "no client certificate");
        IssuedCertificate stranger = TestCertificateAuthority.create("another CA").issueClient("hookline");
        // not even sent: the endpoint names the issuers it accepts, and this one is not among them
        assertHandshakeFailed(send(client(presenting(trusting, stranger, "stranger")), endpoint.url()),
                "a certificate from an issuer the endpoint does not accept");
        assertEquals(0, endpoint.requests().size());

        for (TestCertificateAuthority.KeyType keyType : TestCertificateAuthority.KeyType.values()) {
            IssuedCertificate certificate = CLIENT_CA.issueClient("hookline-dispatcher", keyType);
            assertEquals(204, assertInstanceOf(HttpResult.Response.class,
                    send(client(presenting(trusting, certificate, keyType.name())), endpoint.url())).status(),
                    keyType.name());
        }
        assertEquals(2, endpoint.requests().size());
    }

    @Test
    void speaksToAnEndpointThatOffersOnlyTls12() throws Exception {
        Endpoint endpoint = receiver(ReceiverTls.serving(PRIVATE_CA.issueServer("127.0.0.1"))
                .onlyProtocols("TLSv1.2")).endpoint("tls12", List.of());
        Path bundle = IssuedCertificate.writePem(dir.resolve("ca.pem"), List.of(PRIVATE_CA.certificate()));
        HttpResult result = send(client(TlsSettings.DEFAULT.trusting(bundle, false)), endpoint.url());
        assertEquals(204, assertInstanceOf(HttpResult.Response.class, result, result.toString()).status());
    }

    /**
     * What the client offers, read from its ClientHello by a bare socket: TLS 1.3 and 1.2, and
     * nothing older, whatever the JDK would allow.
     */
    @Test
    void offersTls13And12Only() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<List<String>> offered = CompletableFuture.supplyAsync(() -> ClientHello.versions(server));
            HttpResult result = send(client(TlsSettings.DEFAULT), "https://127.0.0.1:" + server.getLocalPort() + "/");
            assertInstanceOf(HttpResult.Failure.class, result);
            assertEquals(List.of("TLSv1.3", "TLSv1.2"), offered.get(5, TimeUnit.SECONDS));
        }
    }

    private static void assertHandshakeFailed(HttpResult result, String why) {
        HttpResult.Failure failure = assertInstanceOf(HttpResult.Failure.class, result, why);
        assertEquals(HttpResult.Kind.CONNECT, failure.kind(), why);
        assertTrue(failure.message().startsWith("TLS failed: "), failure.message());
    }

    private WebhookReceiver receiver(ReceiverTls tls) {
        WebhookReceiver receiver = WebhookReceiver.start(tls);
        closeAfter.add(receiver);
        return receiver;
    }

    private AsyncWebhookClient client(TlsSettings tls) {
        AsyncWebhookClient client = HttpTestClients.start(EgressPolicy.LOCAL, tls, Optional.empty(), Map.of());
        closeAfter.add(client);
        return client;
    }

    private TlsSettings presenting(TlsSettings settings, IssuedCertificate certificate, String name) {
        return settings.presenting(certificate.writeChainPem(dir.resolve(name + ".crt")),
                certificate.writeKeyPem(dir.resolve(name + ".key")));
    }

    /** Points {@code javax.net.ssl.trustStore} at a store of one authority, and back when closed. */
    private static final class DefaultTrustStore implements AutoCloseable {
        private static final String STORE = "javax.net.ssl.trustStore";
        private static final String PASSWORD = "javax.net.ssl.trustStorePassword";
        private static final String TYPE = "javax.net.ssl.trustStoreType";
        private final Map<String, Optional<String>> before = Map.of(STORE, previous(STORE), PASSWORD,
                previous(PASSWORD), TYPE, previous(TYPE));

        static DefaultTrustStore holding(TestCertificateAuthority authority, Path file) throws Exception {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("stand-in-public-ca", authority.certificate());
            char[] password = "test-only".toCharArray();
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password);
            }
            DefaultTrustStore restorer = new DefaultTrustStore();
            System.setProperty(STORE, file.toString());
            System.setProperty(PASSWORD, new String(password));
            System.setProperty(TYPE, "PKCS12");
            return restorer;
        }

        private static Optional<String> previous(String key) {
            return Optional.ofNullable(System.getProperty(key));
        }

        @Override
        public void close() {
            before.forEach((key, value) -> value.ifPresentOrElse(v -> System.setProperty(key, v),
                    () -> System.clearProperty(key)));
        }
    }

    /** Reads the first ClientHello sent to a server socket and names the versions it offers. */
    private static final class ClientHello {
        private static final int SUPPORTED_VERSIONS = 43;

        static List<String> versions(ServerSocket server) {
            try (Socket socket = server.accept()) {
                DataInputStream in = new DataInputStream(socket.getInputStream());
                in.readUnsignedByte(); // record type: handshake
                in.readUnsignedShort(); // record version
                byte[] record = new byte[in.readUnsignedShort()];
                in.readFully(record);
                return versions(new DataInputStream(new ByteArrayInputStream(record)));
            } catch (IOException e) {
                throw new AssertionError("no ClientHello: " + e, e);
            }
        }

        private static List<String> versions(DataInputStream hello) throws IOException {
            hello.readUnsignedByte(); // handshake type: client_hello
            hello.skipNBytes(3); // handshake length
            int legacyVersion = hello.readUnsignedShort();
            hello.skipNBytes(32); // random
            hello.skipNBytes(hello.readUnsignedByte()); // session id
            hello.skipNBytes(hello.readUnsignedShort()); // cipher suites
            hello.skipNBytes(hello.readUnsignedByte()); // compression methods
            int extensionsLeft = hello.readUnsignedShort();
            while (extensionsLeft > 0) {
                int type = hello.readUnsignedShort();
                int length = hello.readUnsignedShort();
                extensionsLeft -= 4 + length;
                if (type != SUPPORTED_VERSIONS) {
                    hello.skipNBytes(length);
                    continue;
                }
                List<String> versions = new ArrayList<>();
                for (int left = hello.readUnsignedByte(); left > 0; left -= 2) {
                    versions.add(name(hello.readUnsignedShort()));
                }
                return versions;
            }
            return List.of(name(legacyVersion)); // no extension: a TLS 1.2 (or older) client
        }

        private static String name(int version) {
            return switch (version) {
                case 0x0304 -> "TLSv1.3";
                case 0x0303 -> "TLSv1.2";
                case 0x0302 -> "TLSv1.1";
                case 0x0301 -> "TLSv1";
                default -> String.format("0x%04x", version);
            };
        }
    }
}
