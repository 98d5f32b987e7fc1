package io.hookline.common.net;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/** What {@link UrlGuard} made of a webhook URL: {@link Accepted} in its normalized form, or {@link Refused}. */
public sealed interface UrlCheck permits UrlCheck.Accepted, UrlCheck.Refused {

    /**
     * The URL may be published.
     *
     * @param url       the normalized URL, to be published instead of the text given
     * @param addresses the addresses its host resolves to now, every one allowed; empty when the
     *                  name did not resolve here (the dispatcher checks again when it connects)
     */
    record Accepted(URI url, List<InetAddress> addresses) implements UrlCheck {
        public Accepted {
            Objects.requireNonNull(url, "url");
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * The URL must not be published.
     *
     * @param rule    the rule that refuses it: {@value UrlGuard#INVALID_URL}, {@value UrlGuard#PLAIN_HTTP},
     *                {@value UrlGuard#IPV6_ZONE_ID} or an {@link AddressPolicy} rule such as {@code loopback}
     * @param message one line for people, naming the rule; no path, query or credentials
     */
    record Refused(String rule, String message) implements UrlCheck {
        public Refused {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(message, "message");
        }
    }
}
