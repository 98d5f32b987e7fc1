package io.hookline.bench.internal;

import io.hookline.bench.Payload;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * What the load generator writes into each event's data, and the receiver reads back from
 * each request body: the run, the event's sequence number in the run, and the time the event
 * was <em>scheduled</em> to be sent (epoch microseconds), so that latency includes any
 * queueing before the send (no coordinated omission).
 *
 * <p>Written as {@code "b":"hlb:<run>.<seq>.<micros>:"} in the event data. The marker is
 * found by a byte scan, not a JSON parser, so it reads the same in an event, in a webhook
 * body, and escaped inside a delivery record's body string; the padding is all {@code x}, so
 * it cannot hold the marker.
 *
 * @param run       the run the event belongs to
 * @param seq       its sequence number within the run, from 0
 * @param scheduled when it was scheduled to be sent, epoch microseconds
 */
public record Stamp(int run, long seq, long scheduled) {
    private static final byte[] MARKER = "hlb:".getBytes(StandardCharsets.US_ASCII);
    /** What an event's JSON takes around its data, roughly. */
    private static final int ENVELOPE_BYTES = 120;
    /** About one item of a varied order. */
    private static final int ITEM_BYTES = 90;
    private static final String[] STATUSES = {"pending", "paid", "shipped", "delivered", "refunded"};
    private static final String[] CURRENCIES = {"EUR", "USD", "GBP", "CHF", "SEK"};
    private static final String[] COUNTRIES = {"DE", "FR", "NL", "GB", "US", "SE", "CH", "ES", "IT", "PL"};
    private static final String[] WORDS = {"alpha", "amber", "anchor", "apple", "arrow", "aspen", "atlas",
        "autumn", "azure", "badge", "basil", "beacon", "birch", "blossom", "breeze", "bridge", "cedar", "cherry",
        "cinder", "cliff", "clover", "cobalt", "comet", "coral", "cosmos", "crimson", "dawn", "delta", "drift",
        "echo", "ember", "falcon", "fern", "fjord", "flint", "forest", "frost", "garnet", "glacier", "harbor",
        "hazel", "indigo", "iris", "ivory", "jade", "juniper", "lagoon", "lantern", "lemon", "lotus", "maple",
        "marble", "meadow", "mint", "nectar", "oasis", "olive", "onyx", "orbit", "pearl", "pebble", "pine", "plum",
        "prairie", "quartz", "raven", "reef", "ridge", "river", "saffron", "sage", "sierra", "slate", "spruce",
        "summit", "thistle", "timber", "topaz", "tulip", "valley", "violet", "willow", "zephyr"};

    /**
     * The event data: the stamp, then padding so that the event's JSON is about
     * {@code targetBytes} long (the envelope around data takes roughly 120 bytes).
     */
    public String data(int targetBytes) {
        return data(targetBytes, Payload.PADDED);
    }

    /**
     * The event data: the stamp, then {@code payload} so that the event's JSON is about
     * {@code targetBytes} long. A varied payload is the same for the same run and sequence
     * number, and holds no {@code ':'} in a value, so never the stamp's marker.
     */
    public String data(int targetBytes, Payload payload) {
        String stamp = "{\"b\":\"hlb:" + run + "." + seq + "." + scheduled + ":\",";
        int room = targetBytes - ENVELOPE_BYTES - stamp.length();
        if (payload == Payload.VARIED) {
            return stamp + order(room, new SplittableRandom(run * 0x9E3779B97F4A7C15L + seq)) + "}";
        }
        char[] padding = new char[Math.max(0, room - "\"pad\":\"".length())];
        Arrays.fill(padding, 'x');
        return stamp + "\"pad\":\"" + new String(padding) + "\"}";
    }

    /** {@code "order":{…}} of about {@code bytes}: customer, shipping address and items until it is that long. */
    private static String order(int bytes, SplittableRandom random) {
        StringBuilder order = new StringBuilder(bytes + ITEM_BYTES);
        order.append("\"order\":{\"id\":\"ord_").append(id(random, 16))
                .append("\",\"status\":\"").append(pick(random, STATUSES))
                .append("\",\"currency\":\"").append(pick(random, CURRENCIES))
                .append("\",\"customer\":{\"id\":\"cus_").append(id(random, 12))
                .append("\",\"email\":\"").append(pick(random, WORDS)).append('.').append(pick(random, WORDS))
                .append(random.nextInt(100)).append("@example.com\",\"name\":\"").append(capital(random))
                .append(' ').append(capital(random))
                .append("\"},\"shipping\":{\"street\":\"").append(1 + random.nextInt(999)).append(' ')
                .append(capital(random)).append(" Street\",\"city\":\"").append(capital(random))
                .append("\",\"postcode\":\"").append(10_000 + random.nextInt(90_000))
                .append("\",\"country\":\"").append(pick(random, COUNTRIES)).append("\"},\"items\":[");
        do {
            order.append("{\"sku\":\"SKU-").append(100_000 + random.nextInt(900_000))
                    .append("\",\"name\":\"").append(pick(random, WORDS)).append(' ').append(pick(random, WORDS))
                    .append("\",\"quantity\":").append(1 + random.nextInt(9))
                    .append(",\"unitPriceCents\":").append(50 + random.nextInt(50_000)).append("},");
        } while (order.length() + ITEM_BYTES / 2 < bytes);
        order.setLength(order.length() - 1);
        return order.append("]}").toString();
    }

    private static String id(SplittableRandom random, int length) {
        char[] id = new char[length];
        for (int i = 0; i < length; i++) {
            id[i] = Character.forDigit(random.nextInt(36), 36);
        }
        return new String(id);
    }

    private static String pick(SplittableRandom random, String[] from) {
        return from[random.nextInt(from.length)];
    }

    private static String capital(SplittableRandom random) {
        String word = pick(random, WORDS);
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    /** The stamp in {@code bytes}, or null if there is none or it is malformed. */
    public static Stamp find(byte[] bytes) {
        int at = indexOf(bytes, MARKER);
        if (at < 0) {
            return null;
        }
        long[] numbers = new long[3];
        int i = at + MARKER.length;
        for (int n = 0; n < 3; n++) {
            long value = 0;
            int start = i;
            while (i < bytes.length && bytes[i] >= '0' && bytes[i] <= '9' && i - start < 18) {
                value = value * 10 + (bytes[i] - '0');
                i++;
            }
            char expected = n < 2 ? '.' : ':';
            if (i == start || i >= bytes.length || bytes[i] != expected) {
                return null;
            }
            numbers[n] = value;
            i++;
        }
        if (numbers[0] > Integer.MAX_VALUE) {
            return null;
        }
        return new Stamp((int) numbers[0], numbers[1], numbers[2]);
    }

    private static int indexOf(byte[] bytes, byte[] marker) {
        outer:
        for (int i = 0; i <= bytes.length - marker.length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (bytes[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
