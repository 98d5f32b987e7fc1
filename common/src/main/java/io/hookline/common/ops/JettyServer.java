package io.hookline.common.ops;

import io.hookline.common.HooklineException;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A running Jetty server on one address, as each of Hookline's small HTTP servers runs (the
 * ops endpoints, the webhook receivers of the demo and of tests): a few daemon threads named
 * after it, one acceptor and one selector, and no version in its responses. It either starts,
 * or stops what did start and says why in one line. It serves plain HTTP, or HTTPS with
 * {@link #startTls startTls}; the handler decides the rest (Jetty's {@code ConnectHandler}
 * makes it a CONNECT proxy).
 */
public final class JettyServer implements AutoCloseable {
    private final String name;
    private final Server server;
    private final ServerConnector connector;

    private JettyServer(String name, Server server, ServerConnector connector) {
        this.name = name;
        this.server = server;
        this.connector = connector;
    }

    /**
     * Serves {@code handler} on {@code address} (port 0: a free one) with at most
     * {@code maxThreads} threads.
     *
     * @param name what the server is, in its threads' names and its errors, e.g. {@code ops HTTP server}
     * @throws HooklineException when it cannot start, e.g. because the port is taken
     */
    public static JettyServer start(String name, InetSocketAddress address, int maxThreads, Handler handler) {
        return launch(name, address, maxThreads, Optional.empty(), handler);
    }

    /**
     * The same over TLS, as {@code tls} configures it (certificate, client certificates,
     * protocol versions). The server does not check that the name a client asked for (SNI) is
     * one its certificate covers: checking the certificate's names is the client's part, and a
     * client that does not check is thus seen to accept the certificate, rather than answered 400.
     *
     * @throws HooklineException when it cannot start, e.g. because the port is taken or the key store is unreadable
     */
    public static JettyServer startTls(String name, InetSocketAddress address, int maxThreads,
                                       SslContextFactory.Server tls, Handler handler) {
        return launch(name, address, maxThreads, Optional.of(tls), handler);
    }

    private static JettyServer launch(String name, InetSocketAddress address, int maxThreads,
                                      Optional<SslContextFactory.Server> tls, Handler handler) {
        QueuedThreadPool threads = new QueuedThreadPool(maxThreads, 2);
        threads.setName(name.replace(' ', '-').toLowerCase(Locale.ROOT));
        // the owner closes it; a server alone never keeps a process (or a test run) alive
        threads.setDaemon(true);
        // few requests at a time: no thread is worth keeping in reserve for them
        threads.setReservedThreads(0);
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector;
        if (tls.isEmpty()) {
            connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        } else {
            http.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
            connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(tls.get(), "http/1.1"),
                    new HttpConnectionFactory(http));
        }
        connector.setHost(address.getHostString());
        connector.setPort(address.getPort());
        server.addConnector(connector);
        server.setHandler(handler);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new HooklineException("cannot start the " + name + " on " + address.getHostString() + ":"
                    + address.getPort() + ": " + e.getMessage(), e);
        }
        return new JettyServer(name, server, connector);
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** Where it answers, without a path: {@code http://127.0.0.1:8081}, or {@code https://…} over TLS. */
    public String url() {
        String scheme = connector.getConnectionFactory(SslConnectionFactory.class) == null ? "http" : "https";
        String host = connector.getHost();
        return scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new HooklineException("cannot stop the " + name + ": " + e.getMessage(), e);
        }
    }
}
