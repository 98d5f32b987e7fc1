package io.hookline.dispatcher.http;

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.RouteInfo.LayerType;
import org.apache.hc.client5.http.RouteInfo.TunnelType;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.apache.hc.client5.http.routing.RoutingSupport;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.ProtocolException;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Routes every request through a CONNECT tunnel of the egress proxy, plain {@code http://}
 * too (httpclient5's own proxy planner would send those to the proxy as absolute-form
 * requests): the proxy then sees one kind of request, a {@code host:port} to connect to, and a
 * CONNECT-only proxy serves every delivery. Over TLS the handshake and the host name check
 * happen end to end with the endpoint, inside the tunnel.
 */
final class TunnelRoutePlanner implements HttpRoutePlanner {
    private final HttpHost proxy;

    TunnelRoutePlanner(EgressProxy proxy) {
        this.proxy = new HttpHost(URIScheme.HTTP.id, proxy.host(), proxy.port());
    }

    @Override
    public HttpRoute determineRoute(HttpHost host, HttpContext context) throws ProtocolException {
        HttpHost target = RoutingSupport.normalize(host, DefaultSchemePortResolver.INSTANCE);
        if (target.getPort() < 0) {
            throw new ProtocolException("no port for scheme " + target.getSchemeName());
        }
        boolean secure = URIScheme.HTTPS.same(target.getSchemeName());
        return new HttpRoute(target, null, proxy, secure, TunnelType.TUNNELLED,
                secure ? LayerType.LAYERED : LayerType.PLAIN);
    }
}
