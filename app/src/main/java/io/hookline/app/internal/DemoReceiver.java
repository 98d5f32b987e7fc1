package io.hookline.app.internal;

import io.hookline.app.internal.DemoResponder.Answer;
import io.hookline.app.internal.DemoResponder.Behaviour;
import io.hookline.common.LogSafe;
import io.hookline.common.ops.JettyServer;
import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.signing.WebhookVerificationException;
import io.hookline.common.signing.WebhookVerifier;
import java.net.InetSocketAddress;
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
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

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

    private final JettyServer server;
    private final Answering answering;

    private DemoReceiver(JettyServer server, Answering answering) {
        this.server = server;
        this.answering = answering;
    }

    public static DemoReceiver start(String host, int port, List<Endpoint> endpoints, DemoConsole console) {
        Answering answering = new Answering(endpoints, console);
        return new DemoReceiver(JettyServer.start("demo receiver", new InetSocketAddress(host, port), 8,
                answering), answering);
    }

    public String url(String path) {
        return server.url() + path;
    }

    /** Requests verified and accepted (204). */
    public long delivered() {
        return answering.delivered.get();
    }

    public long rejected() {
        return answering.rejected.get();
    }

    /** Operator events (to {@link Demo#OPS_SUBSCRIPTION_ID}) verified and accepted; not counted as delivered. */
    public long operatorEvents() {
        return answering.operatorEvents.get();
    }

    /** Deliveries accepted on a later request than their first: retried by the dispatcher, then delivered. */
    public long retriedDelivered() {
        return answering.retriedDelivered.get();
    }

    @Override
    public void close() {
        server.close();
    }

    /**
     * Verifies each request, decides its answer, prints one line about it and counts it. It reads
     * the body blocking: the demo's few requests at a time are not worth more.
     */
    private static final class Answering extends Handler.Abstract {
        private final Map<String, Endpoint> byPath;
        private final Map<String, WebhookVerifier> verifiers;
        private final DemoResponder responder;
        private final DemoConsole console;
        private final AtomicLong rejected = new AtomicLong();
        private final AtomicLong delivered = new AtomicLong();
        private final AtomicLong retriedDelivered = new AtomicLong();
        private final AtomicLong operatorEvents = new AtomicLong();

        Answering(List<Endpoint> endpoints, DemoConsole console) {
            this.byPath = endpoints.stream().collect(Collectors.toMap(Endpoint::path, Function.identity()));
            this.verifiers = endpoints.stream().collect(Collectors.toMap(Endpoint::path, endpoint ->
                    new WebhookVerifier(endpoint.secrets(), console.clock(), WebhookVerifier.DEFAULT_TOLERANCE)));
            this.responder = new DemoResponder(console.clock());
            this.console = console;
        }

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
            response.setStatus(answer(endpoint, verifiers.get(path), headers, body));
            callback.succeeded();
            return true;
        }

        /** Verifies one request, decides its answer, prints one line about it and returns the status. */
        private int answer(Endpoint endpoint, WebhookVerifier verifier, Map<String, String> headers, byte[] body) {
            String webhookId = headers.get("webhook-id");
            try {
                verifier.verify(headers, body);
            } catch (WebhookVerificationException e) {
                rejected.incrementAndGet();
                console.line(DemoLines.rejected(endpoint.subscriptionId(), webhookId, e.getMessage()));
                return HttpStatus.UNAUTHORIZED_401;
            }
            if (endpoint.subscriptionId().equals(Demo.OPS_SUBSCRIPTION_ID)) {
                operatorEvents.incrementAndGet();
                console.line(DemoLines.operatorEvent(endpoint.subscriptionId(), webhookId, body));
                return HttpStatus.NO_CONTENT_204;
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
    }
}
