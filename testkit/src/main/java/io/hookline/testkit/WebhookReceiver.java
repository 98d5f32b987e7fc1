package io.hookline.testkit;

import io.hookline.common.HooklineException;
import io.hookline.common.ops.BodyReadingHandler;
import io.hookline.common.ops.JettyServer;
import io.hookline.common.signing.WebhookSecret;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A real HTTP server on loopback (Jetty) that plays webhook endpoints: each
 * {@link #endpoint endpoint} verifies every request's Standard Webhooks signature, records
 * it, and answers as told ({@link Reply}). Requests to other paths get 404 and are recorded
 * in {@link #unrouted()}.
 *
 * <p>Slow replies (stall, drip) are written asynchronously from a timer, so a handful of
 * threads serve any number of stalled requests.
 *
 * <p>{@link #start(ReceiverTls)} serves HTTPS instead, with a certificate from a
 * {@link TestCertificateAuthority}, optionally requiring client certificates (mutual TLS).
 */
public final class WebhookReceiver implements AutoCloseable {
    /** Bodies larger than this are refused (413): no webhook in a test is that big. */
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    /** Protects the in-memory key stores of TLS receivers: no secret, they live as long as the test. */
    private static final char[] KEY_STORE_PASSWORD = "test-only".toCharArray();

    private static final String NAME = "webhook receiver";
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
    private static final int THREADS = 16;

    private final JettyServer server;
    private final Receiving receiving;

    private WebhookReceiver(JettyServer server, Receiving receiving) {
        this.server = server;
        this.receiving = receiving;
    }

    /** Starts a receiver on {@code 127.0.0.1} and a free port. */
    public static WebhookReceiver start() {
        Receiving receiving = new Receiving();
        return new WebhookReceiver(JettyServer.start(NAME, LOOPBACK, THREADS, receiving), receiving);
    }

    /**
     * Starts an HTTPS receiver on {@code 127.0.0.1} and a free port: its endpoints' URLs are
     * {@code https://127.0.0.1:<port>/…}, so its certificate needs {@code 127.0.0.1} among its
     * names for a client that checks host names to accept it there. It does not refuse a client
     * that asks for another name (a test may want the client to refuse it).
     */
    public static WebhookReceiver start(ReceiverTls tls) {
        Receiving receiving = new Receiving();
        return new WebhookReceiver(JettyServer.startTls(NAME, LOOPBACK, THREADS, sslContextFactory(tls), receiving),
                receiving);
    }

    private static SslContextFactory.Server sslContextFactory(ReceiverTls tls) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(tls.certificate().keyStore(KEY_STORE_PASSWORD));
        ssl.setKeyStorePassword(new String(KEY_STORE_PASSWORD));
        ssl.setSniRequired(false);
        if (!tls.clientIssuers().isEmpty()) {
            ssl.setNeedClientAuth(true);
            ssl.setTrustStore(trustStore(tls.clientIssuers()));
        }
        if (!tls.protocols().isEmpty()) {
            ssl.setIncludeProtocols(tls.protocols().toArray(String[]::new));
        }
        return ssl;
    }

    private static KeyStore trustStore(List<X509Certificate> issuers) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < issuers.size(); i++) {
                store.setCertificateEntry("issuer-" + i, issuers.get(i));
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new HooklineException("cannot make a trust store: " + e.getMessage(), e);
        }
    }

    /**
     * A new endpoint at {@code "/" + name}, verifying signatures against {@code secrets}
     * (with none, every request is recorded as invalid).
     *
     * @throws IllegalArgumentException if the name is taken or not a plain path
     */
    public Endpoint endpoint(String name, List<WebhookSecret> secrets) {
        if (name.isEmpty() || name.startsWith("/") || name.contains("?") || name.contains("#")) {
            throw new IllegalArgumentException("an endpoint name is a path without the leading '/': " + name);
        }
        String path = "/" + name;
        Endpoint endpoint = new Endpoint(path, server.url() + path, secrets);
        if (receiving.endpoints.putIfAbsent(path, endpoint) != null) {
            throw new IllegalArgumentException("endpoint " + path + " exists already");
        }
        return endpoint;
    }

    /** The port the receiver listens on. */
    public int port() {
        return server.port();
    }

    /** Requests to paths without an endpoint (each was answered 404), in arrival order. */
    public List<ReceivedRequest> unrouted() {
        synchronized (receiving.unrouted) {
            return List.copyOf(receiving.unrouted);
        }
    }

    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "webhook receiver at " + server.url();
    }

    /** Reads the body, hands the request to its endpoint, then answers. Never blocks. */
    private static final class Receiving extends BodyReadingHandler {
        private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
        private final List<ReceivedRequest> unrouted = new ArrayList<>();

        Receiving() {
            super(MAX_BODY_BYTES);
        }

        /** Never blocks (verification is a few HMACs), so it may run on any thread. */
        @Override
        protected void answer(Request request, Response response, Callback callback, byte[] body) {
            String path = request.getHttpURI().getPath();
            Map<String, String> headers = headers(request);
            Instant receivedAt = Instant.now();
            Endpoint endpoint = endpoints.get(path);
            if (endpoint == null) {
                synchronized (unrouted) {
                    unrouted.add(new ReceivedRequest(request.getMethod(), path, headers, body, false,
                            "no endpoint at " + path, receivedAt));
                }
                Replies.send(request, response, callback, Reply.status(404).body("no endpoint at " + path + "\n"),
                        request.getComponents().getScheduler());
                return;
            }
            Reply reply = endpoint.accept(request.getMethod(), path, headers, body, receivedAt);
            Replies.send(request, response, callback, reply, request.getComponents().getScheduler());
        }

        private static Map<String, String> headers(Request request) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (HttpField field : request.getHeaders()) {
                headers.merge(field.getName().toLowerCase(Locale.ROOT), field.getValue(), (a, b) -> a + ", " + b);
            }
            return headers;
        }
    }

    /** Writes a {@link Reply}; slow ones continue from the server's timer. */
    private static final class Replies {
        private static final ByteBuffer ONE_BYTE = ByteBuffer.wrap(new byte[] {'.'}).asReadOnlyBuffer();

        private Replies() {
        }

        static void send(Request request, Response response, Callback callback, Reply reply, Scheduler timer) {
            if (reply instanceof Reply.Status status) {
                status(response, callback, status);
            } else if (reply instanceof Reply.Redirect redirect) {
                response.setStatus(302);
                response.getHeaders().put(HttpHeader.LOCATION, redirect.location());
                callback.succeeded();
            } else if (reply instanceof Reply.Stall stall) {
                timer.schedule(() -> status(response, callback, Reply.status(200)),
                        stall.duration().toNanos(), TimeUnit.NANOSECONDS);
            } else if (reply instanceof Reply.Drip drip) {
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, drip.bytes());
                // an empty write commits the headers now; the body follows byte by byte
                response.write(drip.bytes() == 0, ByteBuffer.allocate(0),
                        Callback.from(() -> drip(response, callback, drip, drip.bytes(), timer), callback::failed));
            } else if (reply instanceof Reply.Disconnect) {
                // the client sees the connection close before any response byte; failing the
                // callback instead would make Jetty log a 500 it can no longer send
                request.getConnectionMetaData().getConnection().getEndPoint().close();
                callback.succeeded();
            } else {
                // Endpoint.accept resolves a Sequence or a PerWebhookId to one of its replies
                throw new IllegalStateException("cannot send " + reply);
            }
        }

        private static void status(Response response, Callback callback, Reply.Status status) {
            response.setStatus(status.code());
            status.headers().forEach((name, value) -> response.getHeaders().put(name, value));
            if (status.body().isEmpty()) {
                callback.succeeded();
                return;
            }
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            response.write(true, ByteBuffer.wrap(status.body().getBytes(StandardCharsets.UTF_8)), callback);
        }

        private static void drip(Response response, Callback callback, Reply.Drip drip, int left, Scheduler timer) {
            if (left == 0) {
                callback.succeeded();
                return;
            }
            timer.schedule(() -> response.write(left == 1, ONE_BYTE.duplicate(),
                    Callback.from(() -> drip(response, callback, drip, left - 1, timer), callback::failed)),
                    drip.interval().toNanos(), TimeUnit.NANOSECONDS);
        }
    }
}
