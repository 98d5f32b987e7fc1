package io.hookline.common.ops;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jmx.JmxReporter;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The operations endpoints of a Hookline process: {@code /healthz} (200 while the process
 * is healthy, 503 once a stage has failed), {@code /readyz} (200 once every stage runs, 503 before),
 * {@code /metrics} (the metric registry as the Prometheus Java library exposes it) and the same
 * registry as JMX MBeans in the domain {@value #JMX_DOMAIN}. docs/metrics.md lists the metrics.
 *
 * <p>{@code /metrics} answers in the Prometheus text format, or in OpenMetrics when the scraper's
 * {@code Accept} header asks for it. Every name gets the prefix {@code hookline_}; the library turns
 * the rest of a Dropwizard name into a Prometheus one (dots become underscores, counters end in
 * {@code _total}, timers and histograms become summaries with quantiles and {@code _count}).
 */
public record OpsServer(JettyServer http, JmxReporter jmx) implements AutoCloseable {
    /** The JMX domain of the registry's MBeans, e.g. {@code hookline:name=dispatcher.delivered,type=counters}. */
    public static final String JMX_DOMAIN = "hookline";
    /** Before every Prometheus name, as {@code hookline_}: the Dropwizard names say only the stage. */
    private static final String PROMETHEUS_NAMESPACE = "hookline";

    /** An ops server whose process is always healthy while it answers. */
    public static OpsServer start(InetSocketAddress address, MetricRegistry metrics, BooleanSupplier ready) {
        return start(address, metrics, ready, () -> true);
    }

    /**
     * @param ready   whether every stage runs: {@code /readyz}
     * @param healthy false once a stage has failed for good: {@code /healthz} then answers 503, so
     *                that an orchestrator restarts the process
     */
    public static OpsServer start(InetSocketAddress address, MetricRegistry metrics, BooleanSupplier ready,
                                  BooleanSupplier healthy) {
        PrometheusRegistry prometheus = prometheusRegistry(metrics);
        ExpositionFormats formats = ExpositionFormats.init();
        JettyServer http = JettyServer.start("ops HTTP server", address, 8, new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String path = Request.getPathInContext(request);
                switch (path) {
                    case "/healthz" -> {
                        boolean isHealthy = healthy.getAsBoolean();
                        send(response, callback, isHealthy ? HttpStatus.OK_200 : HttpStatus.SERVICE_UNAVAILABLE_503,
                                isHealthy ? "ok\n" : "failed\n");
                    }
                    case "/readyz" -> {
                        boolean isReady = ready.getAsBoolean();
                        send(response, callback, isReady ? HttpStatus.OK_200 : HttpStatus.SERVICE_UNAVAILABLE_503,
                                isReady ? "ready\n" : "starting\n");
                    }
                    case "/metrics" -> sendMetrics(request, response, callback, prometheus, formats);
                    default -> send(response, callback, HttpStatus.NOT_FOUND_404,
                            "not found; try /healthz, /readyz or /metrics\n");
                }
                return true;
            }
        });
        JmxReporter jmx = JmxReporter.forRegistry(metrics).inDomain(JMX_DOMAIN).build();
        jmx.start();
        return new OpsServer(http, jmx);
    }

    /**
     * The registry as a Prometheus one, every name under {@code hookline.}: Dropwizard nests the
     * registry and keeps the copy in step as metrics come and go. The nesting cannot be undone, so
     * a registry outlives its ops servers with one small listener each; a process has one.
     */
    private static PrometheusRegistry prometheusRegistry(MetricRegistry metrics) {
        MetricRegistry prefixed = new MetricRegistry();
        prefixed.register(PROMETHEUS_NAMESPACE, metrics);
        PrometheusRegistry prometheus = new PrometheusRegistry();
        DropwizardExports.builder().dropwizardRegistry(prefixed).register(prometheus);
        return prometheus;
    }

    /** Scrapes in the format the {@code Accept} header asks for, as the library's own exporters do. */
    private static void sendMetrics(Request request, Response response, Callback callback,
                                    PrometheusRegistry prometheus, ExpositionFormats formats) {
        String accept = request.getHeaders().get(HttpHeader.ACCEPT);
        ExpositionFormatWriter writer = formats.findWriter(accept);
        if (!writer.isAvailable()) {
            // protobuf needs a module this build leaves out; every scraper that asks for it also takes text
            writer = formats.getPrometheusTextFormatWriter();
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(4096);
        try {
            writer.write(body, prometheus.scrape(), EscapingScheme.fromAcceptHeader(accept));
        } catch (IOException | RuntimeException e) {
            Response.writeError(request, response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500,
                    "cannot write the metrics: " + e.getMessage());
            return;
        }
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, writer.getContentType());
        response.write(true, ByteBuffer.wrap(body.toByteArray()), callback);
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return http.port();
    }

    private static void send(Response response, Callback callback, int status, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }

    @Override
    public void close() {
        jmx.close();
        http.close();
    }
}
