package io.hookline.common.net;

import io.hookline.common.HooklineException;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * A block of IP addresses, written {@code 10.0.0.0/8} or {@code fd00:ec2::/32}; a single
 * address without a prefix length is a block of one ({@code /32} or {@code /128}).
 *
 * <p>Parsing is strict, because an allowlist that means something other than what its author
 * read is a hole: IPv4 only as a dotted quad of decimal numbers without leading zeros (is
 * {@code 010.0.0.0} octal?), no host bits beyond the prefix ({@code 10.1.2.3/8} is refused,
 * not silently widened), no zone ids. An IPv4-mapped IPv6 block ({@code ::ffff:10.0.0.0/104})
 * is its IPv4 block, as the operating system connects to the IPv4 address.
 *
 * @param network      the first address of the block, host bits zero
 * @param prefixLength leading bits that addresses of the block share: 0-32 for IPv4, 0-128 for IPv6
 */
public record Cidr(InetAddress network, int prefixLength) {

    public Cidr {
        if (network == null) {
            throw new HooklineException("a CIDR block needs an address");
        }
        network = Addresses.canonical(network);
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new HooklineException("prefix length /" + prefixLength + " is not 0-" + bits);
        }
        byte[] bytes = network.getAddress();
        if (!mask(bytes, prefixLength)) {
            throw new HooklineException(Addresses.text(network) + "/" + prefixLength + " has bits set beyond /"
                    + prefixLength + "; the block starts at " + Addresses.text(Addresses.fromBytes(bytes)));
        }
    }

    /**
     * Reads {@code address/length} or a single address.
     *
     * @throws HooklineException naming what is wrong, e.g. a host name, leading zeros or a bad length
     */
    public static Cidr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new HooklineException("an empty CIDR block; write one like 10.0.0.0/8 or fd00::/8");
        }
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        if (address.indexOf('%') >= 0) {
            throw new HooklineException("'" + trimmed + "': a CIDR block has no zone id");
        }
        InetAddress network = Addresses.parseStrict(address);
        boolean writtenAsIpv6 = address.indexOf(':') >= 0;
        int length;
        if (slash < 0) {
            length = network.getAddress().length * 8;
        } else {
            String digits = trimmed.substring(slash + 1);
            if (!digits.matches("[0-9]{1,3}")) {
                throw new HooklineException("'" + trimmed + "': the prefix length after / must be a number");
            }
            length = Integer.parseInt(digits);
            if (writtenAsIpv6 && network instanceof Inet4Address) {
                if (length < 96) {
                    throw new HooklineException("'" + trimmed + "': an IPv4-mapped block needs a prefix of /96 "
                            + "or longer; write the IPv4 block instead");
                }
                length -= 96;
            }
        }
        return new Cidr(network, length);
    }

    /** Whether {@code address} is in this block; an IPv4-mapped address counts as its IPv4 address. */
    public boolean contains(InetAddress address) {
        byte[] candidate = Addresses.canonical(address).getAddress();
        byte[] block = network.getAddress();
        if (candidate.length != block.length) {
            return false;
        }
        mask(candidate, prefixLength);
        return java.util.Arrays.equals(candidate, block);
    }

    /** Clears the bits beyond {@code prefixLength}; true if none was set. */
    private static boolean mask(byte[] bytes, int prefixLength) {
        boolean clean = true;
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
            int mask = keep == 0 ? 0 : (0xff << (8 - keep)) & 0xff;
            if ((bytes[i] & ~mask & 0xff) != 0) {
                clean = false;
            }
            bytes[i] = (byte) (bytes[i] & mask);
        }
        return clean;
    }

    @Override
    public String toString() {
        return Addresses.text(network) + "/" + prefixLength;
    }
}
