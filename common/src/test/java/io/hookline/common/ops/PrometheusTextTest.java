package io.hookline.common.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.codahale.metrics.UniformReservoir;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    private final MetricRegistry registry = new MetricRegistry();

    @Test
    void anEmptyRegistryIsEmptyText() {
        assertEquals("", PrometheusText.format(registry));
    }

    @Test
    void countersAndMetersAreCountersWithTotalSuffix() {
        registry.counter("router.events.routed").inc(7);
        registry.meter("dispatcher.requests").mark(2);

        assertEquals("""
                # TYPE hookline_router_events_routed_total counter
                hookline_router_events_routed_total 7
                # TYPE hookline_dispatcher_requests_total counter
                hookline_dispatcher_requests_total 2
                """, PrometheusText.format(registry));
    }

    @Test
    void numericGaugesAreGaugesAndOthersAreLeftOut() {
        registry.register("dispatcher.in-flight", (Gauge<Integer>) () -> 4);
        registry.register("router.lag", (Gauge<Double>) () -> 1.5);
        registry.register("build.version", (Gauge<String>) () -> "0.1.0");

        assertEquals("""
                # TYPE hookline_dispatcher_in_flight gauge
                hookline_dispatcher_in_flight 4
                # TYPE hookline_router_lag gauge
                hookline_router_lag 1.5
                """, PrometheusText.format(registry));
    }

    @Test
    void histogramsAreSummaries() {
        Histogram sizes = registry.register("dispatcher.body-bytes", new Histogram(new UniformReservoir()));
        sizes.update(512);
        sizes.update(512);

        assertEquals("""
                # TYPE hookline_dispatcher_body_bytes summary
                hookline_dispatcher_body_bytes{quantile="0.5"} 512.000000
                hookline_dispatcher_body_bytes{quantile="0.99"} 512.000000
                hookline_dispatcher_body_bytes{quantile="0.999"} 512.000000
                hookline_dispatcher_body_bytes_count 2
                """, PrometheusText.format(registry));
    }

    @Test
    void timersAreSummariesInSeconds() {
        Timer latency = registry.register("dispatcher.latency", new Timer(new UniformReservoir()));
        latency.update(1500, TimeUnit.MILLISECONDS);

        assertEquals("""
                # TYPE hookline_dispatcher_latency_seconds summary
                hookline_dispatcher_latency_seconds{quantile="0.5"} 1.500000
                hookline_dispatcher_latency_seconds{quantile="0.99"} 1.500000
                hookline_dispatcher_latency_seconds{quantile="0.999"} 1.500000
                hookline_dispatcher_latency_seconds_count 1
                """, PrometheusText.format(registry));
    }

    @Test
    void namesKeepOnlyCharactersPrometheusAllows() {
        registry.counter("http.requests/2xx:ok").inc();

        assertEquals("""
                # TYPE hookline_http_requests_2xx_ok_total counter
                hookline_http_requests_2xx_ok_total 1
                """, PrometheusText.format(registry));
    }
}
