package io.hookline.common.net;

import io.hookline.common.HooklineException;
import java.io.ByteArrayOutputStream;
import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A webhook URL read the way a browser (the WHATWG URL standard) and libc read it, and
 * rewritten in the one form nobody reads differently. Pure: nothing is resolved.
 *
 * <p>The host is percent-decoded and mapped to ASCII with {@link IDN} (so {@code ①②⑦.0.0.1}
 * and full-width letters become what they look like), lower-cased, and one trailing dot
 * dropped. A host that ends in a number is an IPv4 address in any notation libc's
 * {@code inet_aton} accepts: decimal {@code 2852039166}, hex {@code 0xA9FEA9FE}, octal
 * {@code 0177.0.0.1} (octal, as libc and browsers read it; the JDK would read 177.0.0.1),
 * short forms {@code 127.1}; it is rewritten as a dotted quad. A bracketed IPv6 address is
 * rewritten as RFC 5952 text, an IPv4-mapped one as its IPv4 address; a zone id is noted.
 * Default ports are dropped.
 *
 * <p>Refused as malformed: schemes other than http and https, credentials, fragments, white
 * space, control characters and backslashes (which browsers read as slashes), and numeric
 * hosts that are not addresses ({@code 1.2.3.4.5}, {@code 256.1.1.1}).
 *
 * @param uri         the normalized URL
 * @param writtenHost the host as it was written, for messages
 * @param address     the address, when the host is an IP address in any notation
 * @param zoneId      the host was an IPv6 address with a zone id ({@code fe80::1%25eth0}), not kept in {@code uri}
 */
public record EndpointUrl(URI uri, String writtenHost, Optional<InetAddress> address, boolean zoneId) {
    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9.-]+");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final int MAX_HOST_LENGTH = 253;

    public EndpointUrl {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(writtenHost, "writtenHost");
        Objects.requireNonNull(address, "address");
    }

    /** Whether the URL is plain {@code http}. */
    public boolean plainHttp() {
        return uri.getScheme().equals("http");
    }

    /** The host to resolve: a name in ASCII, or the address as text. */
    public String host() {
        return address.map(Addresses::text).orElse(uri.getHost());
    }

    /**
     * Reads and normalizes a URL.
     *
     * @throws HooklineException with one line saying what is wrong, never echoing more than the host
     */
    public static EndpointUrl parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new HooklineException("url is required");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c == '\\' || Character.isWhitespace(c) || Character.isSpaceChar(c)
                    || Character.isISOControl(c)) {
                throw new HooklineException("url must not contain white space, control characters or backslashes");
            }
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new HooklineException("url is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new HooklineException("url must be http:// or https://");
        }
        String authority = uri.getRawAuthority();
        if (uri.isOpaque() || authority == null || authority.isEmpty()) {
            throw new HooklineException("url must name a host");
        }
        if (authority.indexOf('@') >= 0) {
            throw new HooklineException("url must not carry credentials; use a header instead");
        }
        if (uri.getRawFragment() != null) {
            throw new HooklineException("url must not have a #fragment");
        }
        String hostPart;
        String portPart;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new HooklineException("url host has a '[' without its ']'");
            }
            hostPart = authority.substring(0, close + 1);
            portPart = authority.substring(close + 1);
        } else {
            int colon = authority.lastIndexOf(':');
            hostPart = colon < 0 ? authority : authority.substring(0, colon);
            portPart = colon < 0 ? "" : authority.substring(colon);
        }
        int port = port(portPart, scheme);
        Host host = hostPart.startsWith("[") ? ipv6Host(hostPart) : host(hostPart);

        StringBuilder normalized = new StringBuilder(scheme).append("://").append(host.text());
        if (port >= 0) {
            normalized.append(':').append(port);
        }
        normalized.append(uri.getRawPath() == null ? "" : uri.getRawPath());
        if (uri.getRawQuery() != null) {
            normalized.append('?').append(uri.getRawQuery());
        }
        URI result = URI.create(normalized.toString());
        if (result.getHost() == null) {
            // java.net.URI, which the rest of Hookline uses, reads host names more narrowly than DNS.
            throw new HooklineException("url host " + hostPart + " is not a host name java.net.URI accepts "
                    + "(labels of letters, digits and '-', the last starting with a letter)");
        }
        return new EndpointUrl(result, hostPart, host.address(), host.zoneId());
    }

    private record Host(String text, Optional<InetAddress> address, boolean zoneId) {
    }

    /** The port, or -1 when absent or the scheme's default. */
    private static int port(String portPart, String scheme) {
        if (portPart.isEmpty() || portPart.equals(":")) {
            return -1;
        }
        String digits = portPart.substring(1);
        if (!portPart.startsWith(":") || !DIGITS.matcher(digits).matches() || digits.length() > 5
                || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > 65535) {
            throw new HooklineException("url port must be a number from 1 to 65535");
        }
        int port = Integer.parseInt(digits);
        boolean isDefault = (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return isDefault ? -1 : port;
    }

    private static Host ipv6Host(String bracketed) {
        String inner = bracketed.substring(1, bracketed.length() - 1);
        int percent = inner.indexOf('%');
        String literal = percent < 0 ? inner : inner.substring(0, percent);
        InetAddress address;
        try {
            address = Addresses.ipv6Literal(literal);
        } catch (HooklineException e) {
            throw new HooklineException("url host " + bracketed + " is not an IPv6 address");
        }
        String text = address.getAddress().length == 4 ? Addresses.text(address) : "[" + Addresses.text(address) + "]";
        return new Host(text, Optional.of(address), percent >= 0);
    }

    private static Host host(String written) {
        if (written.isEmpty()) {
            throw new HooklineException("url must name a host");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(percentDecode(written)).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new HooklineException("url host " + written + " is not a valid domain name: " + e.getMessage());
        }
        List<String> labels = new ArrayList<>(Arrays.asList(ascii.split("\\.", -1)));
        if (labels.size() > 1 && labels.get(labels.size() - 1).isEmpty()) {
            labels.remove(labels.size() - 1); // one trailing dot: the same host
        }
        if (endsInANumber(labels)) {
            InetAddress address = ipv4(labels, written);
            return new Host(Addresses.text(address), Optional.of(address), false);
        }
        String name = String.join(".", labels);
        if (labels.contains("") || !HOST_NAME.matcher(name).matches() || name.length() > MAX_HOST_LENGTH) {
            throw new HooklineException("url host " + written + " is not a valid host name (letters, digits, '-' "
                    + "and '.', no empty labels)");
        }
        return new Host(name, Optional.empty(), false);
    }

    /** WHATWG URL "ends in a number": such a host is an IPv4 address or nothing. */
    private static boolean endsInANumber(List<String> labels) {
        String last = labels.get(labels.size() - 1);
        if (!last.isEmpty() && DIGITS.matcher(last).matches()) {
            return true;
        }
        return ipv4Number(last) != null;
    }

    /**
     * The WHATWG IPv4 parser, which follows {@code inet_aton}: one to four parts, each
     * decimal, {@code 0x} hex or {@code 0}-prefixed octal; the last part fills the
     * remaining bytes ({@code 127.1} is 127.0.0.1, {@code 2852039166} is 169.254.169.254).
     */
    private static InetAddress ipv4(List<String> parts, String written) {
        String invalid = "url host " + written + " is not a valid IPv4 address";
        if (parts.size() > 4) {
            throw new HooklineException(invalid + " (more than four parts)");
        }
        long[] numbers = new long[parts.size()];
        for (int i = 0; i < parts.size(); i++) {
            Long number = ipv4Number(parts.get(i));
            if (number == null) {
                throw new HooklineException(invalid);
            }
            numbers[i] = number;
        }
        int last = numbers.length - 1;
        for (int i = 0; i < last; i++) {
            if (numbers[i] > 255) {
                throw new HooklineException(invalid + " (a part above 255)");
            }
        }
        if (numbers[last] >= 1L << (8 * (4 - last))) {
            throw new HooklineException(invalid + " (out of range)");
        }
        long value = numbers[last];
        for (int i = 0; i < last; i++) {
            value += numbers[i] << (8 * (3 - i));
        }
        return Addresses.fromBytes(new byte[] {
            (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    /** One part of an IPv4 address: {@code 0x…} hex, {@code 0…} octal or decimal; null if it is none. */
    private static Long ipv4Number(String part) {
        if (part.isEmpty()) {
            return null;
        }
        String digits = part;
        int radix = 10;
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            digits = digits.substring(2);
            radix = 16;
        } else if (digits.length() > 1 && digits.startsWith("0")) {
            digits = digits.substring(1);
            radix = 8;
        }
        if (digits.isEmpty()) {
            return 0L;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), radix) < 0) {
                return null;
            }
        }
        String significant = digits.replaceFirst("^0+(?=.)", "");
        // Above 2^32 is out of range anyway; this keeps the number in a long.
        return significant.length() > 12 ? Long.MAX_VALUE / 2 : Long.parseLong(significant, radix);
    }

    /** Percent-decoding as a browser does before IDNA; the bytes must be UTF-8. */
    private static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); ) {
            if (text.charAt(i) == '%' && i + 2 < text.length() && Character.digit(text.charAt(i + 1), 16) >= 0
                    && Character.digit(text.charAt(i + 2), 16) >= 0) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                int codePoint = text.codePointAt(i);
                byte[] encoded = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i += Character.charCount(codePoint);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new HooklineException("url host " + text + " is not valid UTF-8 once percent-decoded");
        }
    }

    @Override
    public String toString() {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
