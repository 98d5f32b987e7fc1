package io.hookline.common.net;

import io.hookline.common.HooklineException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/** Address bytes and text, never touching DNS. */
final class Addresses {
    private static final Pattern DOTTED_QUAD = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final byte[] IPV4_MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    private Addresses() {
    }

    /**
     * An address written strictly: a dotted quad of decimal numbers without leading zeros
     * ({@code 10.0.0.1}), or IPv6 without brackets or zone ({@code fd00::1}).
     *
     * @throws HooklineException for anything else, host names included (never resolved)
     */
    static InetAddress parseStrict(String text) {
        if (DOTTED_QUAD.matcher(text).matches()) {
            byte[] bytes = new byte[4];
            String[] parts = text.split("\\.");
            for (int i = 0; i < 4; i++) {
                int part = Integer.parseInt(parts[i]);
                if (part > 255) {
                    throw new HooklineException("'" + text + "' is not an IPv4 address: " + part + " is above 255");
                }
                bytes[i] = (byte) part;
            }
            return fromBytes(bytes);
        }
        if (text.indexOf(':') >= 0 && IPV6_CHARACTERS.matcher(text).matches()) {
            return ipv6Literal(text);
        }
        throw new HooklineException("'" + text + "' is not an IP address like 10.0.0.0 or fd00::1 "
                + "(decimal, no leading zeros)");
    }

    /**
     * An IPv6 literal (no brackets, no zone), IPv4-mapped ones as {@link Inet4Address}. With
     * brackets the JDK parses the text as a literal and never falls back to a DNS lookup.
     */
    static InetAddress ipv6Literal(String text) {
        try {
            return InetAddress.getByName("[" + text + "]");
        } catch (UnknownHostException e) {
            throw new HooklineException("'" + text + "' is not an IPv6 address");
        }
    }

    static InetAddress fromBytes(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + bytes.length, e);
        }
    }

    /**
     * The address the operating system connects to: an IPv4-mapped IPv6 address
     * ({@code ::ffff:10.0.0.1}) as its IPv4 address, an IPv6 address without its scope.
     * The JDK maps most of them already; {@link Inet6Address#getByAddress(String, byte[], int)}
     * does not.
     */
    static InetAddress canonical(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address && isIpv4Mapped(bytes)) {
            return fromBytes(Arrays.copyOfRange(bytes, 12, 16));
        }
        if (address instanceof Inet6Address six && (six.getScopeId() != 0 || six.getScopedInterface() != null)) {
            return fromBytes(bytes);
        }
        return address;
    }

    static boolean isIpv4Mapped(byte[] bytes) {
        return bytes.length == 16 && Arrays.equals(bytes, 0, 12, IPV4_MAPPED_PREFIX, 0, 12);
    }

    /** The usual text of an address: a dotted quad, or IPv6 as RFC 5952 recommends ({@code 2001:db8::1}). */
    static String text(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 4 ? address.getHostAddress() : ipv6Text(bytes);
    }

    /** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as {@code ::}. */
    static String ipv6Text(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is not shortened
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
