package io.hookline.dispatcher.http;

import java.net.UnknownHostException;

/**
 * Every address a host resolved to is one the SSRF guard denies, so no connection is made.
 * An {@link UnknownHostException} because that is what httpclient5's resolver may throw; its
 * own type so that the result says {@link HttpResult.Blocked}, not that the host is unknown.
 */
final class BlockedAddressException extends UnknownHostException {
    private static final long serialVersionUID = 1L;

    private final String rule;

    /**
     * @param rule    the rule that denied the first address, e.g. {@code loopback}
     * @param message which addresses were denied by which rule; the host, never a path
     */
    BlockedAddressException(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    String rule() {
        return rule;
    }
}
