package io.hookline.bench.internal.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.bench.internal.Stamp;
import io.hookline.common.signing.WebhookSecret;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FastReceiverTest {
    private static final int RUN = 7;
    /** Long enough that the arrival is counted well before the answer, even on a busy box. */
    private static final long ANSWER_MILLIS = 3_000;

    private FastReceiver receiver;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        receiver = new FastReceiver(20, WebhookSecret.generate());
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void withAnAnswerDelayADeliveryCountsWhenItArrivesAndIsAnsweredAfterTheDelay() throws Exception {
        startRun(ANSWER_MILLIS);

        long sent = System.nanoTime();
        CompletableFuture<HttpResponse<Void>> answer = post(0, 0);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> delivered() == 1 || answer.isDone());
        assertEquals(1, delivered());
        assertFalse(answer.isDone(), "counted when it arrived, while its answer was still held");
        assertEquals(200, answer.get(10, TimeUnit.SECONDS).statusCode());
        assertTrue(System.nanoTime() - sent >= TimeUnit.MILLISECONDS.toNanos(ANSWER_MILLIS),
                "answered after the delay, not before");
    }

    @Test
    void withoutADelayTheAnswerComesAtOnce() throws Exception {
        startRun(0);

        CompletableFuture<HttpResponse<Void>> answer = post(0, 0);

        assertEquals(200, answer.get(10, TimeUnit.SECONDS).statusCode());
        assertEquals(1, delivered());
        assertFalse(answer.isCompletedExceptionally());
    }

    private void startRun(long answerMillis) throws Exception {
        String properties = "run=" + RUN + "\nendpoints=20\nfanOut=1\nevents=1\nstartMillis=" + System.currentTimeMillis()
                + "\nverifyEvery=0\nanswerMillis=" + answerMillis + "\n";
        HttpResponse<Void> started = http.send(HttpRequest.newBuilder(control("/run"))
                .POST(HttpRequest.BodyPublishers.ofString(properties)).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(204, started.statusCode());
    }

    private CompletableFuture<HttpResponse<Void>> post(int endpoint, long seq) {
        String body = "{\"data\":" + new Stamp(RUN, seq, System.currentTimeMillis() * 1000).data(200) + "}";
        URI uri = URI.create("http://127.0.0.1:" + receiver.endpointPorts().get(endpoint) + "/");
        return http.sendAsync(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private long delivered() throws Exception {
        HttpResponse<String> status = http.send(HttpRequest.newBuilder(control("/status?run=" + RUN)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return Long.parseLong(status.body().split(" ")[0]);
    }

    private URI control(String path) {
        return URI.create("http://127.0.0.1:" + receiver.controlPort() + path);
    }
}
