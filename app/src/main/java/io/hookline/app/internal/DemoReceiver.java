package io.hookline.app.internal;

import io.hookline.app.internal.DemoResponder.Answer;
import io.hookline.app.internal.DemoResponder.Behaviour;
import io.hookline.common.HooklineException;
import io.hookline.common.LogSafe;
import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.signing.WebhookVerificationException;
import io.hookline.common.signing.WebhookVerifier;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
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
 * The webhook receiver of {@code standalone --demo}: a real HTTP server on loopback with one
 * path per demo subscription. Each request's signature is verified with that subscription's
 * secrets, as a customer's receiver would (a bad one is answered 401 and shown REJECTED);
 * then the endpoint answers as its {@link Behaviour} says, and one line tells what came and
 * what it was answered.
 */
public final class DemoReceiver implements AutoCloseable {
    /** One endpoint: the path it answers on, for which subscription, how, and the secrets it verifies with. */
    public record Endpoint(String subscriptionId, String path, Behaviour behaviour, List<WebhookSecret> secrets) {
        public Endpoint {
            secrets = List.copyOf(secrets);
        }
    }

    private final Server server;
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong retriedDelivered = new AtomicLong();

    private DemoReceiver(Server server) {
        this.server = server;
    }

    public static DemoReceiver start(String host, int port, List<Endpoint> endpoints, DemoConsole console) {
        Map<String, Endpoint> byPath = endpoints.stream().collect(Collectors.toMap(Endpoint::path, Function.identity()));
        Map<String, WebhookVerifier> verifiers = endpoints.stream().collect(Collectors.toMap(Endpoint::path,
                endpoint -> new WebhookVerifier(endpoint.secrets(), console.clock(), WebhookVerifier.DEFAULT_TOLERANCE)));
        DemoResponder responder = new DemoResponder(console.clock());
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
                String path = request.getHttpURI().getPath();
                Endpoint endpoint = byPath.get(path);
                if (endpoint == null) {
                    console.line("✗ " + LogSafe.printable(path) + ": no demo endpoint here, answered 404");
                    response.setStatus(HttpStatus.NOT_FOUND_404);
                    callback.succeeded();
                    return true;
                }
                byte[] body = BufferUtil.toArray(Content.Source.asByteBuffer(request));
                Map<String, String> headers = new HashMap<>();
                for (HttpField field : request.getHeaders()) {
                    headers.put(field.getName().toLowerCase(Locale.ROOT), field.getValue());
                }
                response.setStatus(receiver.answer(endpoint, verifiers.get(path), responder, headers, body, console));
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

    /** Verifies one request, decides its answer, prints one line about it and returns the status. */
    private int answer(Endpoint endpoint, WebhookVerifier verifier, DemoResponder responder,
                       Map<String, String> headers, byte[] body, DemoConsole console) {
        String webhookId = headers.get("webhook-id");
        try {
            verifier.verify(headers, body);
        } catch (WebhookVerificationException e) {
            rejected.incrementAndGet();
            console.line(DemoLines.rejected(endpoint.subscriptionId(), webhookId, e.getMessage()));
            return HttpStatus.UNAUTHORIZED_401;
        }
        Answer answer = responder.answer(endpoint.behaviour(), webhookId, DemoLines.eventTime(body).orElse(null));
        if (answer instanceof DemoResponder.Accepted accepted) {
            delivered.incrementAndGet();
            if (accepted.afterRetry()) {
                retriedDelivered.incrementAndGet();
            }
        }
        console.line(DemoLines.received(endpoint.subscriptionId(), DemoLines.event(body), webhookId, answer));
        return answer.status();
    }

    public String url(String path) {
        ServerConnector connector = (ServerConnector) server.getConnectors()[0];
        return "http://" + connector.getHost() + ":" + connector.getLocalPort() + path;
    }

    /** Requests verified and accepted (204). */
    public long delivered() {
        return delivered.get();
    }

    public long rejected() {
        return rejected.get();
    }

    /** Deliveries accepted on a later request than their first: retried by the dispatcher, then delivered. */
    public long retriedDelivered() {
        return retriedDelivered.get();
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
