package io.hookline.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.signing.WebhookSigner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class WebhookReceiverTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final WebhookSecret SECRET = WebhookSecret.generate();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(WAIT).build();

    @AutoClose
    private static final WebhookReceiver receiver = WebhookReceiver.start();

    @Test
    void recordsACorrectlySignedRequestAsValid() throws Exception {
        Endpoint endpoint = receiver.endpoint(TestTopics.unique("valid"), List.of(SECRET));
        byte[] body = "{\"type\":\"order.created\",\"data\":{\"orderId\":42}}".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = send(signed(endpoint, "msg_valid", body, body, SECRET));

        assertEquals(204, response.statusCode());
        ReceivedRequest request = single(endpoint);
        assertEquals("POST", request.method());
        assertEquals(endpoint.path(), request.path());
        assertArrayEquals(body, request.body());
        assertEquals("msg_valid", request.headers().get("webhook-id"));
        assertEquals("msg_valid", request.header("Webhook-Id"));
        assertTrue(request.signatureValid(), request::toString);
        assertNull(request.verificationError());
    }

    @Test
    void recordsATamperedBodyAsInvalidWithTheReason() throws Exception {
        Endpoint endpoint = receiver.endpoint(TestTopics.unique("tampered"), List.of(SECRET));
        byte[] signedBody = "{\"amount\":10}".getBytes(StandardCharsets.UTF_8);
        byte[] sentBody = "{\"amount\":99}".getBytes(StandardCharsets.UTF_8);

        send(signed(endpoint, "msg_tampered", signedBody, sentBody, SECRET));

        ReceivedRequest request = single(endpoint);
        assertFalse(request.signatureValid());
        assertTrue(request.verificationError().contains("no v1 signature matches"), request.verificationError());
        assertEquals("{\"amount\":99}", request.bodyText());
    }

    @Test
    void recordsAWrongSecretAsInvalidAndAcceptsARotatedOne() throws Exception {
        WebhookSecret old = WebhookSecret.generate();
        WebhookSecret current = WebhookSecret.generate();
        Endpoint rotating = receiver.endpoint(TestTopics.unique("rotating"), List.of(old, current));
        Endpoint strict = receiver.endpoint(TestTopics.unique("strict"), List.of(old));
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

        send(signed(rotating, "msg_rotated", body, body, current));
        send(signed(strict, "msg_wrong", body, body, current));

        assertTrue(single(rotating).signatureValid());
        assertFalse(single(strict).signatureValid());
        assertTrue(single(strict).verificationError().contains("no v1 signature matches"));
    }

    @Test
    void recordsAnUnsignedRequestAsInvalid() throws Exception {
        Endpoint endpoint = receiver.endpoint(TestTopics.unique("unsigned"), List.of(SECRET));

        send(HttpRequest.newBuilder(URI.create(endpoint.url())).POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertTrue(single(endpoint).verificationError().contains("missing webhook-id"));
    }

    @Test
    void answersUnknownPathsWith404AndRecordsThem() throws Exception {
        String path = "/" + TestTopics.unique("nowhere");

        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base() + path))
                .POST(HttpRequest.BodyPublishers.ofString("lost")));

        assertEquals(404, response.statusCode());
        assertTrue(receiver.unrouted().stream().anyMatch(r -> r.path().equals(path) && r.bodyText().equals("lost")));
    }

    @Test
    void answersWithTheStatusHeadersAndBodyItIsGiven() throws Exception {
        Endpoint endpoint = receiver.endpoint(TestTopics.unique("busy"), List.of(SECRET));
        endpoint.reply(Reply.status(503).header("Retry-After", "7").body("busy"));

        HttpResponse<String> response = send(post(endpoint));

        assertEquals(503, response.statusCode());
        assertEquals("7", response.headers().firstValue("retry-after").orElseThrow());
        assertEquals("busy", response.body());
    }

    @Test
    void redirectsWith302AndALocation() throws Exception {
        Endpoint endpoint = receiver.endpoint(TestTopics.unique("moved"), List.of(SECRET));
        endpoint.reply(Reply.redirect("http://elsewhere.example/in"));

        HttpResponse<String> response = send(post(endpoint));

        assertEquals(302, response.statusCode());
        assertEquals("http://elsewhere.example/in", response.headers().firstValue("location").orElseThrow());
    }

    @Test
    void recordsAStalledRequestAtOnceAndAnswersItLater() throws Exception {
        Endpoint endpoint = receiver.endpoint(TestTopics.unique("stalled"), List.of(SECRET));
        Duration stall = Duration.ofMillis(800);
        endpoint.reply(Reply.stall(stall));
        long started = System.nanoTime();

        CompletableFuture<HttpResponse<String>> response = HTTP.sendAsync(post(endpoint).build(),
                HttpResponse.BodyHandlers.ofString());
        endpoint.awaitRequests(1, WAIT);
        boolean answeredBeforeRecorded = response.isDone();
        HttpResponse<String> answer = response.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

        assertFalse(answeredBeforeRecorded, "the request is recorded before the stalled reply is sent");
        assertEquals(200, answer.statusCode());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(stall) >= 0);
    }

    @Test
    void dripsTheBodyOneByteAtATime() throws Exception {
        Endpoint endpoint = receiver.endpoint(TestTopics.unique("dripping"), List.of(SECRET));
        endpoint.reply(Reply.drip(5, Duration.ofMillis(100)));
        long started = System.nanoTime();

        HttpResponse<byte[]> response = HTTP.send(post(endpoint).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertEquals(200, response.statusCode());
        assertEquals(5, response.body().length);
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 500);
    }

    @Test
    void playsASequenceThenRepeatsItsLastReply() throws Exception {
        Endpoint endpoint = receiver.endpoint(TestTopics.unique("flaky"), List.of(SECRET));
        endpoint.reply(Reply.sequence(Reply.status(500), Reply.status(429), Reply.status(200)));

        List<Integer> statuses = List.of(send(post(endpoint)).statusCode(), send(post(endpoint)).statusCode(),
                send(post(endpoint)).statusCode(), send(post(endpoint)).statusCode());

        assertEquals(List.of(500, 429, 200, 200), statuses);
        assertEquals(4, endpoint.requests().size());
        assertEquals(4, endpoint.requestCount());
    }

    @Test
    void playsTheSequenceAnewForEachWebhookId() throws Exception {
        Endpoint endpoint = receiver.endpoint(TestTopics.unique("fails-first"), List.of(SECRET));
        endpoint.reply(Reply.perWebhookId(Reply.status(500), Reply.status(200)));
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

        List<Integer> statuses = List.of(
                send(signed(endpoint, "msg_a", body, body, SECRET)).statusCode(),
                send(signed(endpoint, "msg_b", body, body, SECRET)).statusCode(),
                send(signed(endpoint, "msg_a", body, body, SECRET)).statusCode(),
                send(signed(endpoint, "msg_c", body, body, SECRET)).statusCode(),
                send(signed(endpoint, "msg_b", body, body, SECRET)).statusCode(),
                send(signed(endpoint, "msg_a", body, body, SECRET)).statusCode());

        assertEquals(List.of(500, 500, 200, 500, 200, 200), statuses);
        assertEquals(6, endpoint.requests().size());
        assertTrue(endpoint.requests().stream().allMatch(ReceivedRequest::signatureValid));
    }

    @Test
    void startsEveryWebhookIdOverWhenTheReplyIsSetAgain() throws Exception {
        Endpoint endpoint = receiver.endpoint(TestTopics.unique("fails-first-again"), List.of(SECRET));
        Reply failsFirst = Reply.perWebhookId(Reply.status(503), Reply.status(204));
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        endpoint.reply(failsFirst);
        int first = send(signed(endpoint, "msg_same", body, body, SECRET)).statusCode();
        int second = send(signed(endpoint, "msg_same", body, body, SECRET)).statusCode();

        endpoint.reply(failsFirst);
        int afterReset = send(signed(endpoint, "msg_same", body, body, SECRET)).statusCode();

        assertEquals(List.of(503, 204, 503), List.of(first, second, afterReset));
    }

    @Test
    void refusesAPerWebhookIdReplyInsideASequence() {
        Reply perId = Reply.perWebhookId(Reply.status(500), Reply.status(200));

        assertThrows(IllegalArgumentException.class, () -> Reply.sequence(Reply.status(500), perId));
        assertThrows(IllegalArgumentException.class, () -> Reply.perWebhookId(perId));
    }

    @Test
    void dropsTheConnectionWhenToldTo() {
        Endpoint endpoint = receiver.endpoint(TestTopics.unique("dropping"), List.of(SECRET));
        endpoint.reply(Reply.disconnect());

        assertThrows(IOException.class, () -> send(post(endpoint)));
        assertEquals(1, endpoint.requests().size());
    }

    @Test
    void failsClearlyWhenRequestsDoNotArrive() {
        Endpoint endpoint = receiver.endpoint(TestTopics.unique("quiet"), List.of(SECRET));

        AssertionError error = assertThrows(AssertionError.class,
                () -> endpoint.awaitRequests(1, Duration.ofMillis(100)));

        assertTrue(error.getMessage().contains(endpoint.path()), error.getMessage());
        assertTrue(error.getMessage().contains("got 0 request(s)"), error.getMessage());
    }

    @Test
    void refusesASecondEndpointOfTheSameName() {
        String name = TestTopics.unique("twice");
        receiver.endpoint(name, List.of(SECRET));

        assertThrows(IllegalArgumentException.class, () -> receiver.endpoint(name, List.of(SECRET)));
    }

    private static ReceivedRequest single(Endpoint endpoint) {
        List<ReceivedRequest> requests = endpoint.awaitRequests(1, WAIT);
        assertEquals(1, requests.size(), requests::toString);
        return requests.get(0);
    }

    private static HttpRequest.Builder signed(Endpoint endpoint, String id, byte[] signedBody, byte[] sentBody,
            WebhookSecret secret) {
        long timestamp = Instant.now().getEpochSecond();
        return HttpRequest.newBuilder(URI.create(endpoint.url()))
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSigner.sign(List.of(secret), id, timestamp, signedBody))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(sentBody));
    }

    private static HttpRequest.Builder post(Endpoint endpoint) {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        return signed(endpoint, "msg_" + System.nanoTime(), body, body, SECRET);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String base() {
        return "http://127.0.0.1:" + receiver.port();
    }
}
