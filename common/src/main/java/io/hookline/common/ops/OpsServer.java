package io.hookline.common.ops;

import com.codahale.metrics.MetricRegistry;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The operations endpoints of a Hookline process: {@code /healthz} (200 while the process
 * is healthy, 503 once a stage has failed), {@code /readyz} (200 once every stage runs, 503 before) and {@code /metrics}
 * (Prometheus text format of the metric registry).
 */
public final class OpsServer implements AutoCloseable {
    private final Server server;

    private OpsServer(Server server) {
        this.server = server;
    }

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
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("ops-http");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(address.getHostString());
        connector.setPort(address.getPort());
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
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
                    case "/metrics" -> send(response, callback, HttpStatus.OK_200,
                            PrometheusText.format(metrics));
                    default -> send(response, callback, HttpStatus.NOT_FOUND_404,
                            "not found; try /healthz, /readyz or /metrics\n");
                }
                return true;
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new io.hookline.common.HooklineException("cannot start the ops HTTP server on "
                    + address.getHostString() + ":" + address.getPort() + ": " + e.getMessage(), e);
        }
        return new OpsServer(server);
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    private static void send(Response response, Callback callback, int status, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new io.hookline.common.HooklineException("cannot stop the ops HTTP server", e);
        }
    }
}
