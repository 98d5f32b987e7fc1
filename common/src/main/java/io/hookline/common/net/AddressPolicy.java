package io.hookline.common.net;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which addresses a webhook may be sent to: only public unicast ones, unless an explicit
 * allowlist says otherwise. Pure: it judges an {@link InetAddress} and never resolves or
 * connects; callers judge the addresses they actually connect to.
 *
 * <p>Denied, each with the name of its rule: {@value #LOOPBACK}, {@value #PRIVATE} (10/8,
 * 172.16/12, 192.168/16, fc00::/7), {@value #LINK_LOCAL} (169.254/16, fe80::/10),
 * {@value #CGNAT} (100.64/10), {@value #THIS_NETWORK} (0/8), {@value #UNSPECIFIED}
 * ({@code ::}), {@value #MULTICAST}, {@value #BROADCAST}, {@value #DOCUMENTATION},
 * {@value #BENCHMARKING}, {@value #RESERVED} (every other special-purpose block, and all IPv6
 * outside 2000::/3, the only global unicast space), {@value #SITE_LOCAL} (fec0::/10),
 * {@value #CLOUD_METADATA} (instance metadata and platform endpoints of AWS, GCP, Azure,
 * Alibaba, Oracle and Tencent clouds), {@value #NAT64_LOCAL_USE}.
 *
 * <p>IPv6 forms that carry an IPv4 address are judged by that address, and their rule says
 * so: {@code ipv4-mapped/loopback} for {@code ::ffff:127.0.0.1}, {@code nat64/private} for
 * {@code 64:ff9b::10.0.0.1}, {@code 6to4/…} (2002::/16), {@code teredo/…} (2001::/32, the
 * client and the server address), {@code ipv4-compatible/…} (::/96, deprecated and always
 * denied). The local-use NAT64 prefix 64:ff9b:1::/48 is denied whole: its translator and the
 * place of the IPv4 address in it are the site's own choice, so what it reaches is unknowable.
 *
 * <p>The allowlist (for on-premises endpoints and tests) overrides every rule. It is matched
 * against the address itself, and an IPv4-mapped address also as its IPv4 address (the same
 * destination); never against an address embedded by NAT64, 6to4 or Teredo, which reach
 * another host through a gateway.
 */
public record AddressPolicy(List<Cidr> allowlist) {
    public static final String LOOPBACK = "loopback";
    public static final String PRIVATE = "private";
    public static final String LINK_LOCAL = "link-local";
    public static final String CGNAT = "cgnat";
    public static final String THIS_NETWORK = "this-network";
    public static final String UNSPECIFIED = "unspecified";
    public static final String MULTICAST = "multicast";
    public static final String BROADCAST = "broadcast";
    public static final String DOCUMENTATION = "documentation";
    public static final String BENCHMARKING = "benchmarking";
    public static final String RESERVED = "reserved";
    public static final String SITE_LOCAL = "site-local";
    public static final String CLOUD_METADATA = "cloud-metadata";
    public static final String NAT64_LOCAL_USE = "nat64-local-use";
    public static final String IPV4_MAPPED = "ipv4-mapped";
    public static final String IPV4_COMPATIBLE = "ipv4-compatible";
    public static final String IPV4_TRANSLATED = "ipv4-translated";
    public static final String NAT64 = "nat64";
    public static final String SIX_TO_FOUR = "6to4";
    public static final String TEREDO = "teredo";
    public static final String TEREDO_SERVER = "teredo-server";

    /** 127.0.0.0/8 and ::1: what {@code http.allow.loopback} adds to the allowlist. */
    public static final List<Cidr> LOOPBACK_BLOCKS = List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"));

    private record Rule(String name, Cidr block) {
    }

    /** Checked in order, so that the narrower name wins: 169.254.169.254 is cloud-metadata, not link-local. */
    private static final List<Rule> IPV4_RULES = List.of(
            rule(BROADCAST, "255.255.255.255/32"),
            rule(CLOUD_METADATA, "169.254.169.254/32"), // AWS, GCP, Azure, OpenStack, DigitalOcean, Oracle …
            rule(CLOUD_METADATA, "169.254.170.2/32"),   // AWS ECS task credentials
            rule(CLOUD_METADATA, "169.254.170.23/32"),  // AWS EKS pod identity
            rule(CLOUD_METADATA, "169.254.0.23/32"),    // Tencent Cloud
            rule(CLOUD_METADATA, "100.100.100.200/32"), // Alibaba Cloud
            rule(CLOUD_METADATA, "192.0.0.192/32"),     // Oracle Cloud (older instances)
            rule(CLOUD_METADATA, "168.63.129.16/32"),   // Azure WireServer: a public address, reachable only inside Azure
            rule(THIS_NETWORK, "0.0.0.0/8"),            // 0.0.0.0 reaches the local host on Linux
            rule(PRIVATE, "10.0.0.0/8"),
            rule(CGNAT, "100.64.0.0/10"),
            rule(LOOPBACK, "127.0.0.0/8"),
            rule(LINK_LOCAL, "169.254.0.0/16"),
            rule(PRIVATE, "172.16.0.0/12"),
            rule(RESERVED, "192.0.0.0/24"),             // IETF protocol assignments
            rule(DOCUMENTATION, "192.0.2.0/24"),
            rule(RESERVED, "192.88.99.0/24"),           // 6to4 relay anycast, deprecated
            rule(PRIVATE, "192.168.0.0/16"),
            rule(BENCHMARKING, "198.18.0.0/15"),
            rule(DOCUMENTATION, "198.51.100.0/24"),
            rule(DOCUMENTATION, "203.0.113.0/24"),
            rule(MULTICAST, "224.0.0.0/4"),
            rule(RESERVED, "240.0.0.0/4"));

    /** After the forms that embed IPv4, which are judged first. */
    private static final List<Rule> IPV6_RULES = List.of(
            rule(CLOUD_METADATA, "fd00:ec2::254/128"),  // AWS instance metadata over IPv6
            rule(CLOUD_METADATA, "fd00:ec2::23/128"),   // AWS EKS pod identity over IPv6
            rule(NAT64_LOCAL_USE, "64:ff9b:1::/48"),
            rule(PRIVATE, "fc00::/7"),                  // unique local
            rule(LINK_LOCAL, "fe80::/10"),
            rule(SITE_LOCAL, "fec0::/10"),
            rule(MULTICAST, "ff00::/8"),
            rule(DOCUMENTATION, "2001:db8::/32"),
            rule(DOCUMENTATION, "3fff::/20"),
            rule(RESERVED, "2001::/23"),                // IETF protocol assignments (Teredo is judged before)
            rule(RESERVED, "100::/64"));                // discard-only

    private static final Cidr GLOBAL_UNICAST = Cidr.parse("2000::/3");
    private static final Cidr IPV4_COMPATIBLE_BLOCK = Cidr.parse("::/96");
    private static final Cidr IPV4_TRANSLATED_BLOCK = Cidr.parse("::ffff:0:0:0/96");
    private static final Cidr NAT64_BLOCK = Cidr.parse("64:ff9b::/96");
    private static final Cidr SIX_TO_FOUR_BLOCK = Cidr.parse("2002::/16");
    private static final Cidr TEREDO_BLOCK = Cidr.parse("2001::/32");

    private static final AddressPolicy STRICT = new AddressPolicy(List.of());

    /** @param allowlist blocks allowed whatever the rules say; {@link #allowing} is the usual way to make one */
    public AddressPolicy {
        allowlist = List.copyOf(Objects.requireNonNull(allowlist, "allowlist"));
    }

    /** Public unicast addresses only. */
    public static AddressPolicy strict() {
        return STRICT;
    }

    /** Public unicast addresses, and every address in {@code allowlist} whatever the rules say. */
    public static AddressPolicy allowing(List<Cidr> allowlist) {
        return allowlist.isEmpty() ? STRICT : new AddressPolicy(allowlist);
    }

    /** How the policy judged an address. */
    public sealed interface Verdict permits Allowed, Denied {
        boolean allowed();
    }

    /**
     * The address may be connected to.
     *
     * @param allowlistedBy the allowlist block that let it through; empty when it is public
     */
    public record Allowed(Optional<Cidr> allowlistedBy) implements Verdict {
        public Allowed {
            Objects.requireNonNull(allowlistedBy, "allowlistedBy");
        }

        @Override
        public boolean allowed() {
            return true;
        }
    }

    /**
     * The address must not be connected to.
     *
     * @param rule the rule that denies it, e.g. {@value #LOOPBACK} or {@code nat64/private}
     */
    public record Denied(String rule) implements Verdict {
        public Denied {
            Objects.requireNonNull(rule, "rule");
        }

        @Override
        public boolean allowed() {
            return false;
        }
    }

    public Verdict check(InetAddress address) {
        Objects.requireNonNull(address, "address");
        for (Cidr block : allowlist) {
            if (block.contains(address)) { // an IPv4-mapped address as its IPv4 address
                return new Allowed(Optional.of(block));
            }
        }
        Optional<String> rule = denyingRule(address.getAddress());
        return rule.<Verdict>map(Denied::new).orElseGet(() -> new Allowed(Optional.empty()));
    }

    /** The rule denying an address of 4 or 16 bytes, empty when none does. */
    private static Optional<String> denyingRule(byte[] bytes) {
        if (bytes.length == 4) {
            return firstMatch(IPV4_RULES, bytes);
        }
        InetAddress address = Addresses.fromBytes(bytes);
        if (Arrays.equals(bytes, new byte[16])) {
            return Optional.of(UNSPECIFIED);
        }
        if (LOOPBACK_BLOCKS.get(1).contains(address)) {
            return Optional.of(LOOPBACK);
        }
        if (Addresses.isIpv4Mapped(bytes)) {
            return embedded(IPV4_MAPPED, bytes, 12);
        }
        if (IPV4_COMPATIBLE_BLOCK.contains(address)) {
            // Deprecated since 2006 (RFC 4291) and never routed: denied even around a public address.
            return embedded(IPV4_COMPATIBLE, bytes, 12).or(() -> Optional.of(IPV4_COMPATIBLE));
        }
        if (IPV4_TRANSLATED_BLOCK.contains(address)) {
            return embedded(IPV4_TRANSLATED, bytes, 12).or(() -> Optional.of(RESERVED));
        }
        if (NAT64_BLOCK.contains(address)) {
            return embedded(NAT64, bytes, 12);
        }
        if (SIX_TO_FOUR_BLOCK.contains(address)) {
            return embedded(SIX_TO_FOUR, bytes, 2);
        }
        if (TEREDO_BLOCK.contains(address)) {
            return teredo(bytes);
        }
        Optional<String> rule = firstMatch(IPV6_RULES, bytes);
        if (rule.isPresent() || GLOBAL_UNICAST.contains(address)) {
            return rule;
        }
        return Optional.of(RESERVED);
    }

    /** Teredo (RFC 4380): the server's IPv4 address in bits 32-63, the client's inverted in the last 32. */
    private static Optional<String> teredo(byte[] bytes) {
        byte[] client = Arrays.copyOfRange(bytes, 12, 16);
        for (int i = 0; i < client.length; i++) {
            client[i] = (byte) ~client[i];
        }
        return firstMatch(IPV4_RULES, client).map(rule -> TEREDO + "/" + rule)
                .or(() -> embedded(TEREDO_SERVER, bytes, 4));
    }

    private static Optional<String> embedded(String form, byte[] bytes, int offset) {
        return firstMatch(IPV4_RULES, Arrays.copyOfRange(bytes, offset, offset + 4)).map(rule -> form + "/" + rule);
    }

    private static Optional<String> firstMatch(List<Rule> rules, byte[] bytes) {
        InetAddress address = Addresses.fromBytes(bytes);
        for (Rule rule : rules) {
            if (rule.block().contains(address)) {
                return Optional.of(rule.name());
            }
        }
        return Optional.empty();
    }

    private static Rule rule(String name, String block) {
        return new Rule(name, Cidr.parse(block));
    }

    /** For logs: what is allowed beyond public addresses. */
    @Override
    public String toString() {
        return allowlist.isEmpty() ? "public addresses only"
                : "public addresses and " + allowlist.stream().map(Cidr::toString).collect(Collectors.joining(", "));
    }
}
