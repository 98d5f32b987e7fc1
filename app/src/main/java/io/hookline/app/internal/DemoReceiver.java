package io.hookline.app.internal;

import io.hookline.common.HooklineException;
import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.signing.WebhookVerificationException;
import io.hookline.common.signing.WebhookVerifier;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The webhook receiver of {@code standalone --demo}: a real HTTP endpoint on loopback that
 * verifies each request's signature like a customer's receiver would, prints what arrived,
 * and answers 204 (or 401 when the signature is wrong).
 */
public final class DemoReceiver implements AutoCloseable {
    private static final int MAX_BODY_SHOWN = 120;

    private final Server server;
    private final AtomicLong verified = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    private DemoReceiver(Server server) {
        this.server = server;
    }

    public static DemoReceiver start(String host, int port, List<WebhookSecret> secrets, PrintStream out) {
        WebhookVerifier verifier = new WebhookVerifier(secrets);
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("demo-receiver");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        DemoReceiver receiver = new DemoReceiver(server);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                byte[] body = BufferUtil.toArray(Content.Source.asByteBuffer(request));
                Map<String, String> headers = new HashMap<>();
                for (HttpField field : request.getHeaders()) {
                    headers.put(field.getName().toLowerCase(Locale.ROOT), field.getValue());
                }
                int status;
                try {
                    verifier.verify(headers, body);
                    receiver.verified.incrementAndGet();
                    out.println("  <- received " + headers.get("webhook-id") + "  signature verified  "
                            + shorten(new String(body, StandardCharsets.UTF_8)));
                    status = HttpStatus.NO_CONTENT_204;
                } catch (WebhookVerificationException e) {
                    receiver.rejected.incrementAndGet();
                    out.println("  <- REJECTED " + headers.get("webhook-id") + ": " + e.getMessage());
                    status = HttpStatus.UNAUTHORIZED_401;
                }
                response.setStatus(status);
                callback.succeeded();
                return true;
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            throw new HooklineException("cannot start the demo receiver on " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
        return receiver;
    }

    public String url(String path) {
        ServerConnector connector = (ServerConnector) server.getConnectors()[0];
        return "http://" + connector.getHost() + ":" + connector.getLocalPort() + path;
    }

    public long verified() {
        return verified.get();
    }

    public long rejected() {
        return rejected.get();
    }

    private static String shorten(String body) {
        return body.length() <= MAX_BODY_SHOWN ? body : body.substring(0, MAX_BODY_SHOWN) + "…";
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new HooklineException("cannot stop the demo receiver", e);
        }
    }
}
