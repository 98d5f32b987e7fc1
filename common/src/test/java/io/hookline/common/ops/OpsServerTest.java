package io.hookline.common.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.codahale.metrics.UniformReservoir;
import io.hookline.common.HooklineException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.MBeanServer;
import javax.management.ObjectName;
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
        return get(path, "*/*");
    }

    private HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Accept", accept).timeout(Duration.ofSeconds(10)).GET().build();
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
    void metricsShowsCountersInPrometheusTextUnderTheHooklinePrefix() throws Exception {
        metrics.counter("deliveries.delivered").inc(3);

        HttpResponse<String> response = get("/metrics");

        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
                response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("""
                # HELP hookline_deliveries_delivered_total Generated from Dropwizard metric import \
                (metric=hookline.deliveries.delivered, type=com.codahale.metrics.Counter)
                # TYPE hookline_deliveries_delivered_total counter
                hookline_deliveries_delivered_total 3.0
                """, response.body());

        metrics.counter("deliveries.delivered").inc();
        assertTrue(get("/metrics").body().contains("\nhookline_deliveries_delivered_total 4.0\n"));
    }

    @Test
    void anEmptyRegistryIsAnEmptyPage() throws Exception {
        HttpResponse<String> response = get("/metrics");

        assertEquals(200, response.statusCode());
        assertEquals("", response.body());
    }

    @Test
    void metricsFollowTheRegistryAfterTheServerStarted() throws Exception {
        metrics.register("dispatcher.in.flight", (Gauge<Integer>) () -> 4);
        assertTrue(get("/metrics").body().contains("\nhookline_dispatcher_in_flight 4.0\n"));

        metrics.remove("dispatcher.in.flight");
        metrics.register("dispatcher.in.flight", (Gauge<Integer>) () -> 7);
        assertTrue(get("/metrics").body().contains("\nhookline_dispatcher_in_flight 7.0\n"));

        metrics.remove("dispatcher.in.flight");
        assertEquals("", get("/metrics").body());
    }

    @Test
    void numericGaugesAreGaugesAndOthersAreLeftOut() throws Exception {
        metrics.register("router.lag", (Gauge<Double>) () -> 1.5);
        metrics.register("build.version", (Gauge<String>) () -> "0.1.0");

        String body = get("/metrics").body();

        assertTrue(body.contains("# TYPE hookline_router_lag gauge\nhookline_router_lag 1.5\n"), body);
        assertFalse(body.contains("build"), body);
    }

    /** Dropwizard timers keep no total, so the library's summaries have quantiles and a count but no _sum. */
    @Test
    void timersAreSummariesInSecondsWithQuantilesAndACount() throws Exception {
        metrics.register("dispatcher.request.latency", new Timer(new UniformReservoir()))
                .update(1500, TimeUnit.MILLISECONDS);

        String body = get("/metrics").body();

        assertTrue(body.contains("""
                # TYPE hookline_dispatcher_request_latency summary
                hookline_dispatcher_request_latency{quantile="0.5"} 1.5
                hookline_dispatcher_request_latency{quantile="0.75"} 1.5
                hookline_dispatcher_request_latency{quantile="0.95"} 1.5
                hookline_dispatcher_request_latency{quantile="0.98"} 1.5
                hookline_dispatcher_request_latency{quantile="0.99"} 1.5
                hookline_dispatcher_request_latency{quantile="0.999"} 1.5
                hookline_dispatcher_request_latency_count 1
                """), body);
        assertFalse(body.contains("_sum"), body);
    }

    @Test
    void histogramsAreSummariesInTheirOwnUnit() throws Exception {
        Histogram sizes = metrics.register("dispatcher.body-bytes", new Histogram(new UniformReservoir()));
        sizes.update(512);
        sizes.update(512);

        String body = get("/metrics").body();

        assertTrue(body.contains("# TYPE hookline_dispatcher_body_bytes summary\n"), body);
        assertTrue(body.contains("\nhookline_dispatcher_body_bytes{quantile=\"0.99\"} 512.0\n"), body);
        assertTrue(body.contains("\nhookline_dispatcher_body_bytes_count 2\n"), body);
    }

    @Test
    void metersAreCounters() throws Exception {
        metrics.meter("dispatcher.requests").mark(2);

        assertTrue(get("/metrics").body().contains("""
                # TYPE hookline_dispatcher_requests_total counter
                hookline_dispatcher_requests_total 2.0
                """));
    }

    @Test
    void scrapersThatAskForOpenMetricsGetIt() throws Exception {
        metrics.counter("deliveries.delivered").inc(3);

        HttpResponse<String> response = get("/metrics", "application/openmetrics-text;version=1.0.0;q=0.5,"
                + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2");

        assertEquals(200, response.statusCode());
        assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8",
                response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(response.body().contains("""
                # TYPE hookline_deliveries_delivered counter
                """), response.body());
        assertTrue(response.body().endsWith("\nhookline_deliveries_delivered_total 3.0\n# EOF\n"), response.body());
    }

    /** Prometheus asks for protobuf first when native histograms are on; this build has text only. */
    @Test
    void scrapersThatAskForProtobufGetText() throws Exception {
        metrics.counter("deliveries.delivered").inc(3);

        HttpResponse<String> response = get("/metrics", "application/vnd.google.protobuf;"
                + "proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.6,"
                + "text/plain;version=0.0.4;q=0.3");

        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
                response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(response.body().contains("\nhookline_deliveries_delivered_total 3.0\n"), response.body());
    }

    @Test
    void theRegistryIsInJmxWhileTheServerRuns() throws Exception {
        metrics.counter("deliveries.delivered").inc(3);
        metrics.timer("dispatcher.request.latency");
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        ObjectName delivered = new ObjectName("hookline:name=deliveries.delivered,type=counters");

        assertEquals(3L, mbeans.getAttribute(delivered, "Count"));
        assertTrue(mbeans.isRegistered(new ObjectName("hookline:name=dispatcher.request.latency,type=timers")));

        metrics.counter("router.events.routed");
        assertTrue(mbeans.isRegistered(new ObjectName("hookline:name=router.events.routed,type=counters")),
                "a metric registered after the start");

        server.close();
        assertEquals(Set.of(), mbeans.queryNames(new ObjectName("hookline:*"), null));
        server = OpsServer.start(new InetSocketAddress("127.0.0.1", 0), new MetricRegistry(), ready::get);
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
