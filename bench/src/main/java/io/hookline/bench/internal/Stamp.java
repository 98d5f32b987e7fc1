package io.hookline.bench.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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

    /**
     * The event data: the stamp, then padding so that the event's JSON is about
     * {@code targetBytes} long (the envelope around data takes roughly 120 bytes).
     */
    public String data(int targetBytes) {
        String stamp = "{\"b\":\"hlb:" + run + "." + seq + "." + scheduled + ":\",\"pad\":\"";
        int pad = Math.max(0, targetBytes - 120 - stamp.length());
        char[] padding = new char[pad];
        Arrays.fill(padding, 'x');
        return stamp + new String(padding) + "\"}";
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
