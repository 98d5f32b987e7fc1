package io.hookline.dispatcher.http;

import io.hookline.common.HooklineException;
import java.util.Objects;

/**
 * An HTTP proxy every delivery goes through, as a CONNECT tunnel: for setups that enforce
 * egress centrally (Smokescreen and the like). The proxy is the operator's choice, so its own
 * address is not checked by the SSRF guard; every target still is, before the tunnel is asked
 * for ({@link AsyncWebhookClient}).
 *
 * @param host a host name or IP literal, IPv6 without brackets
 * @param port 1-65535
 */
public record EgressProxy(String host, int port) {
    public EgressProxy {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new HooklineException("a proxy needs a host");
        }
        if (port < 1 || port > 65_535) {
            throw new HooklineException("a proxy port must be 1-65535, got " + port);
        }
    }

    /**
     * Reads {@code host:port}, {@code [ipv6]:port} too.
     *
     * @throws HooklineException saying what is wrong
     */
    public static EgressProxy parse(String text) {
        String value = Objects.requireNonNull(text, "text").strip();
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || value.contains("://") || value.contains("/") || value.contains("@")) {
            throw new HooklineException("a proxy is host:port, like proxy.internal:4750 or [fd00::1]:3128");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new HooklineException("an IPv6 proxy address is written in brackets, like [fd00::1]:3128");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new HooklineException("a proxy port is a number, like proxy.internal:4750");
        }
        return new EgressProxy(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
