package io.hookline.dispatcher.http;

import io.hookline.common.net.AddressPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The connect-time half of the SSRF guard: resolves with another {@link DnsResolver} and
 * returns only the addresses the {@link AddressPolicy} allows, so the address connected to is
 * the address checked, whatever the name resolved to when the subscription was published
 * (DNS rebinding). Throws {@link BlockedAddressException} when none is left.
 *
 * <p>httpclient5 asks it for IP-literal hosts too (the JDK "resolves" {@code 127.0.0.1} and
 * {@code 2130706433} without DNS), as the request's host carries no address of its own.
 *
 * <p>httpclient5 calls it synchronously where a connection is opened: on the thread that
 * called {@code execute} when the pool has room, on an I/O reactor thread when the request
 * waited for a connection to be released (measured with 5.6). A slow DNS answer blocks that
 * thread; moving resolution off it is work of its own.
 *
 * <p>With an egress proxy, httpclient5 resolves only the proxy's host (it connects to nothing
 * else; the proxy resolves the targets), which the operator chose and which is usually
 * internal: {@link #exempting} lets that one host through unchecked. The targets are checked
 * with a resolver that exempts nothing, before each request is handed over.
 */
final class GuardedDnsResolver implements DnsResolver {
    private final DnsResolver delegate;
    private final AddressPolicy policy;
    private final Optional<String> exempt;

    GuardedDnsResolver(DnsResolver delegate, AddressPolicy policy) {
        this(delegate, policy, Optional.empty());
    }

    private GuardedDnsResolver(DnsResolver delegate, AddressPolicy policy, Optional<String> exempt) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.exempt = exempt;
    }

    /** This guard, resolving {@code host} (the egress proxy's) without checking its addresses. */
    GuardedDnsResolver exempting(String host) {
        return new GuardedDnsResolver(delegate, policy, Optional.of(host));
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        if (exempt.isPresent() && exempt.get().equalsIgnoreCase(host)) {
            return delegate.resolve(host);
        }
        InetAddress[] resolved = delegate.resolve(host);
        if (resolved == null || resolved.length == 0) {
            throw new UnknownHostException(host);
        }
        List<InetAddress> allowed = new ArrayList<>(resolved.length);
        String firstRule = null;
        StringBuilder denied = new StringBuilder();
        for (InetAddress address : resolved) {
            if (policy.check(address) instanceof AddressPolicy.Denied refusal) {
                firstRule = firstRule == null ? refusal.rule() : firstRule;
                denied.append(denied.length() == 0 ? "" : ", ").append(address.getHostAddress()).append(" is ")
                        .append(refusal.rule());
            } else {
                allowed.add(address);
            }
        }
        if (allowed.isEmpty()) {
            throw new BlockedAddressException(firstRule, "no allowed address for " + host + ": " + denied);
        }
        return allowed.toArray(InetAddress[]::new);
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return delegate.resolveCanonicalHostname(host);
    }
}
