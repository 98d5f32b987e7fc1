package io.hookline.common.net;

import io.hookline.common.HooklineException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The publish-time half of the SSRF guard: whether a webhook URL may be published, in
 * whatever notation it was written ({@link EndpointUrl}). Refused: malformed URLs, plain
 * {@code http} unless allowed, hosts that are or resolve now to an address the
 * {@link AddressPolicy} denies (any one of them), IPv6 zone ids. A name that does not resolve
 * here is accepted: it may resolve where the dispatchers run, and they check every address
 * they connect to anyway; this check only refuses early what could never be sent.
 */
public final class UrlGuard {
    /** The URL is malformed, or not http(s). */
    public static final String INVALID_URL = "invalid-url";
    /** The URL is plain http and {@code http.allow.plain} is off. */
    public static final String PLAIN_HTTP = "plain-http";
    /** An allowed IPv6 address with a zone id, which names a network interface of one machine. */
    public static final String IPV6_ZONE_ID = "ipv6-zone-id";

    private static final String ALLOW_HINT = " (http.allow.cidrs allows address ranges on purpose)";

    private final EgressPolicy policy;
    private final HostResolver resolver;

    public UrlGuard(EgressPolicy policy, HostResolver resolver) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    public UrlCheck check(String url) {
        EndpointUrl endpoint;
        try {
            endpoint = EndpointUrl.parse(url);
        } catch (HooklineException e) {
            return new UrlCheck.Refused(INVALID_URL, e.getMessage());
        }
        if (!policy.allowsScheme(endpoint.uri().getScheme())) {
            return new UrlCheck.Refused(PLAIN_HTTP, "url must be https://; plain http:// is refused unless "
                    + "http.allow.plain=true");
        }
        Optional<InetAddress> literal = endpoint.address();
        if (literal.isPresent()) {
            Optional<UrlCheck.Refused> refused = judge(endpoint, literal.get(), " is ");
            if (refused.isPresent()) {
                return refused.get();
            }
            if (endpoint.zoneId()) {
                return new UrlCheck.Refused(IPV6_ZONE_ID, "url host " + endpoint.writtenHost() + " has a zone id, "
                        + "which names a network interface of one machine; give the address without it");
            }
            return new UrlCheck.Accepted(endpoint.uri(), List.of(literal.get()));
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(endpoint.host());
        } catch (UnknownHostException e) {
            return new UrlCheck.Accepted(endpoint.uri(), List.of());
        }
        for (InetAddress address : addresses) {
            Optional<UrlCheck.Refused> refused = judge(endpoint, address, " resolves to ");
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        return new UrlCheck.Accepted(endpoint.uri(), addresses);
    }

    private Optional<UrlCheck.Refused> judge(EndpointUrl endpoint, InetAddress address, String relation) {
        if (policy.addresses().check(address) instanceof AddressPolicy.Denied denied) {
            return Optional.of(new UrlCheck.Refused(denied.rule(), "url refused by rule " + denied.rule() + ": host "
                    + endpoint.writtenHost() + relation + Addresses.text(address) + ALLOW_HINT));
        }
        return Optional.empty();
    }
}
