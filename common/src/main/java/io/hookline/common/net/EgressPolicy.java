package io.hookline.common.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where webhooks may go: which addresses ({@link AddressPolicy}) and whether plain
 * {@code http://} is acceptable. One value, checked at publish time (the URL and the addresses
 * its host resolves to now) and at connect time (the addresses actually connected to).
 *
 * @param addresses      which addresses may be connected to
 * @param allowPlainHttp whether {@code http://} URLs are acceptable, not only {@code https://}
 */
public record EgressPolicy(AddressPolicy addresses, boolean allowPlainHttp) {
    /** The default against a cluster: https only, public addresses only. */
    public static final EgressPolicy STRICT = new EgressPolicy(AddressPolicy.strict(), false);
    /** For one machine (standalone, tests): loopback addresses and plain http allowed too. */
    public static final EgressPolicy LOCAL = new EgressPolicy(AddressPolicy.allowing(AddressPolicy.LOOPBACK_BLOCKS),
            true);

    public EgressPolicy {
        Objects.requireNonNull(addresses, "addresses");
    }

    /**
     * The policy the {@code http.allow.*} settings describe.
     *
     * @param allowLoopback adds 127.0.0.0/8 and ::1 to {@code allowlist}
     */
    public static EgressPolicy of(boolean allowPlainHttp, boolean allowLoopback, List<Cidr> allowlist) {
        List<Cidr> allowed = new ArrayList<>();
        if (allowLoopback) {
            allowed.addAll(AddressPolicy.LOOPBACK_BLOCKS);
        }
        allowed.addAll(allowlist);
        return new EgressPolicy(AddressPolicy.allowing(allowed), allowPlainHttp);
    }

    /** Whether URLs of this scheme are acceptable: https always, http only when allowed. */
    public boolean allowsScheme(String scheme) {
        return "https".equalsIgnoreCase(scheme) || (allowPlainHttp && "http".equalsIgnoreCase(scheme));
    }

    /** For the line a stage logs at start. */
    @Override
    public String toString() {
        return (allowPlainHttp ? "https and plain http" : "https only") + ", " + addresses;
    }
}
