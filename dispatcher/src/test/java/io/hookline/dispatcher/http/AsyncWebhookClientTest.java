package io.hookline.dispatcher.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.net.EgressPolicy;
import io.hookline.testkit.Endpoint;
import io.hookline.testkit.ReceivedRequest;
import io.hookline.testkit.Reply;
import io.hookline.testkit.WebhookReceiver;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The HTTP client against a real server on loopback: no Kafka involved. */
class AsyncWebhookClientTest {
    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(1000);
    private static final int MAX_RESPONSE_BYTES = 1024;

    @AutoClose
    private static final WebhookReceiver receiver = WebhookReceiver.start();
    @AutoClose
    private static final AsyncWebhookClient client = AsyncWebhookClient.start(new AsyncWebhookClient.Settings(
            Duration.ofSeconds(1), REQUEST_TIMEOUT, MAX_RESPONSE_BYTES, 20, 10, EgressPolicy.LOCAL));

    @Test
    void postsTheExactBytesWithTheGivenHeaders() throws Exception {
        Endpoint endpoint = receiver.endpoint("exact", List.of());
        byte[] body = "{\"data\":\"Zoë ✓\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "Hookline/test");
        headers.put("webhook-id", "msg_1");
        headers.put("X-Team", "payments");

        HttpResult result = send(new WebhookRequest(URI.create(endpoint.url()), headers, body));

        assertEquals(204, assertInstanceOf(HttpResult.Response.class, result).status());
        ReceivedRequest request = endpoint.requests().get(0);
        assertEquals("POST", request.method());
        assertArrayEquals(body, request.body());
        assertEquals("application/json", request.header("content-type"));
        assertEquals("Hookline/test", request.header("user-agent"));
        assertEquals("msg_1", request.header("webhook-id"));
        assertEquals("payments", request.header("x-team"));
        assertEquals(Integer.toString(body.length), request.header("content-length"));
        assertNull(request.header("transfer-encoding"));
        assertNull(request.header("accept-encoding"), "no compressed responses: the body limit is on raw bytes");
    }

    @Test
    void neverFollowsARedirect() throws Exception {
        Endpoint target = receiver.endpoint("redirect-target", List.of());
        Endpoint endpoint = receiver.endpoint("redirecting", List.of());
        endpoint.reply(Reply.redirect(target.url()));

        HttpResult result = send(request(endpoint));

        assertEquals(302, assertInstanceOf(HttpResult.Response.class, result).status());
        assertEquals(1, endpoint.requests().size());
        assertEquals(0, target.requests().size());
    }

    @Test
    void passesRetryAfterOn() throws Exception {
        Endpoint endpoint = receiver.endpoint("busy", List.of());
        endpoint.reply(Reply.status(429).header("Retry-After", "7"));

        HttpResult.Response response = assertInstanceOf(HttpResult.Response.class, send(request(endpoint)));

        assertEquals(429, response.status());
        assertEquals("7", response.retryAfter());
    }

    @Test
    void readsAtMostTheLimitOfALongResponseBody() throws Exception {
        Endpoint endpoint = receiver.endpoint("chatty", List.of());
        endpoint.reply(Reply.status(200).body("x".repeat(200_000)));

        HttpResult.Response response = assertInstanceOf(HttpResult.Response.class, send(request(endpoint)));

        assertEquals(200, response.status());
        assertTrue(response.truncated());
        assertEquals(MAX_RESPONSE_BYTES, response.body().length);
    }

    @Test
    void keepsAShortResponseBodyWhole() throws Exception {
        Endpoint endpoint = receiver.endpoint("short", List.of());
        endpoint.reply(Reply.status(500).body("boom"));

        HttpResult.Response response = assertInstanceOf(HttpResult.Response.class, send(request(endpoint)));

        assertEquals(500, response.status());
        assertFalse(response.truncated());
        assertEquals("boom", new String(response.body(), StandardCharsets.UTF_8));
    }

    @Test
    void cutsOffADrippingBodyAtTheDeadline() throws Exception {
        Endpoint endpoint = receiver.endpoint("dripping", List.of());
        // headers at once, then a byte every 50 ms: 5 s in all, each byte well within any idle timeout
        endpoint.reply(Reply.drip(100, Duration.ofMillis(50)));
        long started = System.nanoTime();

        HttpResult result = send(request(endpoint));

        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        HttpResult.Failure failure = assertInstanceOf(HttpResult.Failure.class, result);
        assertEquals(HttpResult.Kind.TIMEOUT, failure.kind());
        assertEquals("no complete response within 1s", failure.message());
        assertTrue(millis >= 900 && millis < 2500, "took " + millis + " ms");
    }

    @Test
    void timesOutAStalledResponse() throws Exception {
        Endpoint endpoint = receiver.endpoint("stalled", List.of());
        endpoint.reply(Reply.stall(Duration.ofSeconds(5)));

        HttpResult.Failure failure = assertInstanceOf(HttpResult.Failure.class, send(request(endpoint)));

        assertEquals(HttpResult.Kind.TIMEOUT, failure.kind());
    }

    @Test
    void reportsARefusedConnection() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        HttpResult.Failure failure = assertInstanceOf(HttpResult.Failure.class,
                send(new WebhookRequest(URI.create("http://127.0.0.1:" + closedPort + "/in?token=t0k3n"),
                        Map.of(), new byte[0])));

        assertEquals(HttpResult.Kind.CONNECT, failure.kind());
        assertFalse(failure.message().contains("t0k3n"), failure.message());
    }

    @Test
    void reportsAConnectionDroppedAgainAfterOneResend() throws Exception {
        Endpoint endpoint = receiver.endpoint("dropping", List.of());
        endpoint.reply(Reply.disconnect());

        HttpResult.Failure failure = assertInstanceOf(HttpResult.Failure.class, send(request(endpoint)));

        assertEquals(HttpResult.Kind.IO, failure.kind());
        assertEquals("connection closed before the response was complete", failure.message());
        assertEquals(2, endpoint.requestCount(), "sent again once, not more");
    }

    @Test
    void sendsAgainOnceWhenTheConnectionClosesBeforeAnyResponse() throws Exception {
        Endpoint endpoint = receiver.endpoint("closes-once", List.of());
        endpoint.reply(Reply.sequence(Reply.disconnect(), Reply.status(200)));

        HttpResult result = send(request(endpoint));

        assertEquals(200, assertInstanceOf(HttpResult.Response.class, result).status());
        List<ReceivedRequest> requests = endpoint.requests();
        assertEquals(2, requests.size());
        assertArrayEquals(requests.get(0).body(), requests.get(1).body(), "the same request, whole");
    }

    @Test
    void neverSendsAgainAfterAResponseBegan() throws Exception {
        Endpoint endpoint = receiver.endpoint("answers-500", List.of());
        endpoint.reply(Reply.status(500));

        HttpResult result = send(request(endpoint));

        assertEquals(500, assertInstanceOf(HttpResult.Response.class, result).status());
        assertEquals(1, endpoint.requestCount());
    }

    @Test
    void resolvesTheHostOnItsOwnThreadsNeverTheCallers() throws Exception {
        Endpoint endpoint = receiver.endpoint("resolved-elsewhere", List.of());
        java.util.concurrent.CountDownLatch lookupMayAnswer = new java.util.concurrent.CountDownLatch(1);
        List<String> resolvingThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.apache.hc.client5.http.DnsResolver slowDns = new org.apache.hc.client5.http.SystemDefaultDnsResolver() {
            @Override
            public java.net.InetAddress[] resolve(String host) throws java.net.UnknownHostException {
                resolvingThreads.add(Thread.currentThread().getName());
                try {
                    lookupMayAnswer.await(10, TimeUnit.SECONDS); // a resolver that takes its time
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.resolve(host);
            }
        };
        try (AsyncWebhookClient slowResolving = AsyncWebhookClient.start(new AsyncWebhookClient.Settings(
                Duration.ofSeconds(1), Duration.ofSeconds(5), MAX_RESPONSE_BYTES, 20, 10, EgressPolicy.LOCAL),
                slowDns)) {
            // a name, not an address: it is looked up
            WebhookRequest byName = new WebhookRequest(URI.create(endpoint.url().replace("127.0.0.1", "localhost")),
                    Map.of(), "{}".getBytes(StandardCharsets.UTF_8));

            java.util.concurrent.CompletableFuture<HttpResult> sent = slowResolving.send(byName);

            assertFalse(sent.isDone(), "send returns while the lookup still hangs");
            lookupMayAnswer.countDown();
            assertInstanceOf(HttpResult.Response.class, sent.get(10, TimeUnit.SECONDS));
            assertFalse(resolvingThreads.isEmpty());
            for (String thread : resolvingThreads) {
                assertTrue(thread.startsWith("hookline-http"), "resolved on " + thread);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(AsyncWebhookClient.Pool.class)
    void closesIdleConnectionsBeyondTheBoundWithinSeconds(AsyncWebhookClient.Pool pool) throws Exception {
        try (WebhookReceiver second = WebhookReceiver.start(); WebhookReceiver third = WebhookReceiver.start();
             AsyncWebhookClient twoConnections = AsyncWebhookClient.start(bounded(2, REQUEST_TIMEOUT, pool))) {
            // three endpoints, one after the other: each leaves its connection idle in the pool
            for (WebhookReceiver each : List.of(receiver, second, third)) {
                HttpResult result = twoConnections.send(request(each.endpoint("bounded-" + pool, List.of())))
                        .get(10, TimeUnit.SECONDS);
                assertEquals(204, assertInstanceOf(HttpResult.Response.class, result).status(),
                        "a new endpoint is not held up by other endpoints' idle connections");
            }

            await().atMost(Duration.ofSeconds(5)).until(() -> twoConnections.open() <= 2);
        }
    }

    @ParameterizedTest
    @EnumSource(AsyncWebhookClient.Pool.class)
    void sendsNoMoreRequestsAtOnceThanTheBound(AsyncWebhookClient.Pool pool) throws Exception {
        try (WebhookReceiver second = WebhookReceiver.start();
             AsyncWebhookClient oneConnection = AsyncWebhookClient.start(bounded(1, Duration.ofSeconds(5), pool))) {
            Endpoint slow = receiver.endpoint("slow-holder-" + pool, List.of());
            slow.reply(Reply.stall(Duration.ofMillis(1500)));
            Endpoint fast = second.endpoint("fast-waiter-" + pool, List.of());

            CompletableFuture<HttpResult> first = oneConnection.send(request(slow));
            slow.awaitRequests(1, Duration.ofSeconds(5));
            CompletableFuture<HttpResult> then = oneConnection.send(request(fast));
            await().atMost(Duration.ofSeconds(5)).until(() -> oneConnection.waiting() == 1);

            assertEquals(0, fast.requestCount(), "sent while the only connection was in use");
            assertFalse(first.isDone());
            assertEquals(200, assertInstanceOf(HttpResult.Response.class, first.get(10, TimeUnit.SECONDS)).status());
            assertEquals(204, assertInstanceOf(HttpResult.Response.class, then.get(10, TimeUnit.SECONDS)).status());
            assertEquals(1, fast.requestCount());
        }
    }

    @Test
    void closingEndsTheSendsWaitingForAConnection() throws Exception {
        AsyncWebhookClient oneConnection = AsyncWebhookClient.start(new AsyncWebhookClient.Settings(
                Duration.ofSeconds(1), Duration.ofSeconds(30), MAX_RESPONSE_BYTES, 1, 10, EgressPolicy.LOCAL));
        Endpoint slow = receiver.endpoint("slow-at-close", List.of());
        slow.reply(Reply.stall(Duration.ofSeconds(20)));
        Endpoint waiting = receiver.endpoint("waiting-at-close", List.of());

        CompletableFuture<HttpResult> holding = oneConnection.send(request(slow));
        slow.awaitRequests(1, Duration.ofSeconds(5));
        List<CompletableFuture<HttpResult>> queued = List.of(oneConnection.send(request(waiting)),
                oneConnection.send(request(waiting)), oneConnection.send(request(waiting)));
        await().atMost(Duration.ofSeconds(5)).until(() -> oneConnection.waiting() == 3);
        oneConnection.close();

        assertInstanceOf(HttpResult.Failure.class, holding.get(10, TimeUnit.SECONDS));
        for (CompletableFuture<HttpResult> each : queued) {
            HttpResult.Failure failure = assertInstanceOf(HttpResult.Failure.class, each.get(10, TimeUnit.SECONDS));
            assertEquals(HttpResult.Kind.CANCELLED, failure.kind());
        }
        assertEquals(0, waiting.requestCount());
    }

    /** A client of at most {@code connections} connections on loopback, with {@code pool}. */
    private static AsyncWebhookClient.Settings bounded(int connections, Duration requestTimeout,
                                                       AsyncWebhookClient.Pool pool) {
        return new AsyncWebhookClient.Settings(Duration.ofSeconds(1), requestTimeout, MAX_RESPONSE_BYTES, connections,
                10, EgressPolicy.LOCAL, TlsSettings.DEFAULT, Optional.empty(), pool);
    }

    private static WebhookRequest request(Endpoint endpoint) {
        return new WebhookRequest(URI.create(endpoint.url()), Map.of("Content-Type", "application/json"),
                "{}".getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResult send(WebhookRequest request) throws Exception {
        return client.send(request).get(10, TimeUnit.SECONDS);
    }
}
