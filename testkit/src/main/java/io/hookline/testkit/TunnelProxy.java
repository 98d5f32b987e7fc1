package io.hookline.testkit;

import io.hookline.common.ops.JettyServer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ConnectHandler;
import org.eclipse.jetty.util.Callback;

/**
 * A real HTTP CONNECT proxy on loopback (Jetty's {@link ConnectHandler}), like the egress
 * proxies that enforce outbound policy centrally (Smokescreen): it opens a TCP tunnel to the
 * {@code host:port} a client asks for and records every request for one. It speaks nothing
 * but CONNECT; a host on its {@link #refuse refused} list gets {@code 403} and no tunnel.
 * It resolves names itself, as such proxies do; {@link #resolve} makes it resolve a test name
 * to an address of the test's choosing.
 */
public final class TunnelProxy implements AutoCloseable {
    private final JettyServer server;
    private final Recording handler;

    private TunnelProxy(JettyServer server, Recording handler) {
        this.server = server;
        this.handler = handler;
    }

    /** Starts a proxy on {@code 127.0.0.1} and a free port. */
    public static TunnelProxy start() {
        Recording handler = new Recording();
        return new TunnelProxy(JettyServer.start("tunnel proxy", new InetSocketAddress("127.0.0.1", 0), 16, handler),
                handler);
    }

    /** {@code 127.0.0.1:<port>}: the value of a {@code host:port} proxy setting. */
    public String address() {
        return "127.0.0.1:" + server.port();
    }

    /** Answers 403 to every CONNECT to {@code host} from now on, as a proxy enforcing a policy does. */
    public void refuse(String host) {
        handler.refused.add(host);
    }

    /** Resolves {@code host} to {@code address} (an IP literal) from now on, whatever DNS says. */
    public void resolve(String host, String address) {
        handler.hosts.put(host, address);
    }

    /** The {@code host:port} of every CONNECT request so far, refused ones included, in arrival order. */
    public List<String> connects() {
        synchronized (handler.connects) {
            return List.copyOf(handler.connects);
        }
    }

    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "tunnel proxy at " + address();
    }

    private static final class Recording extends ConnectHandler {
        private final List<String> connects = new ArrayList<>();
        private final Map<String, String> hosts = new ConcurrentHashMap<>();
        private final Set<String> refused = ConcurrentHashMap.newKeySet();

        @Override
        public boolean validateDestination(String host, int port) {
            return !refused.contains(host) && super.validateDestination(host, port);
        }

        @Override
        protected InetSocketAddress newConnectAddress(String host, int port) {
            return super.newConnectAddress(hosts.getOrDefault(host, host), port);
        }

        @Override
        protected void handleConnect(Request request, Response response, Callback callback, String serverAddress) {
            synchronized (connects) {
                connects.add(serverAddress);
            }
            super.handleConnect(request, response, callback, serverAddress);
        }
    }
}
