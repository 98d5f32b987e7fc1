package io.hookline.common.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.hookline.common.HooklineException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpsServerTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final MetricRegistry metrics = new MetricRegistry();
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private OpsServer server;

    @BeforeEach
    void start() {
        server = OpsServer.start(new InetSocketAddress("127.0.0.1", 0), metrics, ready::get, healthy::get);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthzFailsOnceAStageHasFailed() throws Exception {
        healthy.set(false);
        HttpResponse<String> response = get("/healthz");

        assertEquals(503, response.statusCode());
        assertEquals("failed\n", response.body());
    }

    @Test
    void bindsAnEphemeralPort() {
        assertTrue(server.port() > 0 && server.port() < 65536, "port " + server.port());
    }

    @Test
    void healthzIsOkWhileTheProcessRuns() throws Exception {
        HttpResponse<String> response = get("/healthz");

        assertEquals(200, response.statusCode());
        assertEquals("ok\n", response.body());
        assertEquals("text/plain; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void readyzIs503UntilReadyThen200() throws Exception {
        HttpResponse<String> starting = get("/readyz");
        assertEquals(503, starting.statusCode());
        assertEquals("starting\n", starting.body());

        ready.set(true);
        HttpResponse<String> isReady = get("/readyz");
        assertEquals(200, isReady.statusCode());
        assertEquals("ready\n", isReady.body());

        ready.set(false);
        assertEquals(503, get("/readyz").statusCode());
    }

    @Test
    void metricsShowsCountersInPrometheusText() throws Exception {
        metrics.counter("deliveries.delivered").inc(3);

        HttpResponse<String> response = get("/metrics");

        assertEquals(200, response.statusCode());
        assertEquals("# TYPE hookline_deliveries_delivered_total counter\nhookline_deliveries_delivered_total 3\n",
                response.body());

        metrics.counter("deliveries.delivered").inc();
        assertTrue(get("/metrics").body().contains("\nhookline_deliveries_delivered_total 4\n"));
    }

    @Test
    void ignoresTheQueryString() throws Exception {
        assertEquals(200, get("/healthz?verbose=1").statusCode());
    }

    @Test
    void unknownPathsAre404() throws Exception {
        for (String path : new String[] {"/", "/health", "/healthz/", "/metrics/x", "/READYZ"}) {
            HttpResponse<String> response = get(path);

            assertEquals(404, response.statusCode(), path);
            assertEquals("not found; try /healthz, /readyz or /metrics\n", response.body(), path);
        }
    }

    @Test
    void closeStopsServing() throws Exception {
        assertEquals(200, get("/healthz").statusCode());
        URI healthz = URI.create("http://127.0.0.1:" + server.port() + "/healthz");

        server.close();

        assertThrows(IOException.class, () -> HTTP.send(HttpRequest.newBuilder(healthz).build(),
                HttpResponse.BodyHandlers.ofString()));
        server = OpsServer.start(new InetSocketAddress("127.0.0.1", 0), metrics, ready::get); // for @AfterEach
    }

    @Test
    void aPortInUseIsAClearError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();

            HooklineException e = assertThrows(HooklineException.class,
                    () -> OpsServer.start(new InetSocketAddress("127.0.0.1", port), metrics, ready::get));

            assertTrue(e.getMessage().startsWith("cannot start the ops HTTP server on 127.0.0.1:" + port + ": "),
                    e.getMessage());
        }
    }
}
