package io.hookline.bench.internal;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * What the receiver saw of one run (written by the receiver's {@code FastReceiver.writeReport}).
 *
 * @param delivered         slots answered 2xx, each counted once
 * @param duplicates        requests for a slot already answered 2xx (at-least-once at work)
 * @param stale             requests of an earlier run, answered 200 and not counted
 * @param unparsed          requests without a valid stamp, or for a slot the run does not have
 * @param failedAnswers     500s sent by failing endpoints
 * @param held              requests held by stalled endpoints
 * @param signaturesChecked sampled requests whose signature was verified
 * @param signaturesBad     of those, the ones that did not verify
 * @param unsigned          sampled requests without signature headers (expected of the limit baseline)
 * @param firstMicros       first 2xx arrival, epoch µs (Long.MAX_VALUE if none)
 * @param lastMicros        last 2xx arrival, epoch µs
 * @param deliveredBits     a bit per slot, set when answered 2xx
 * @param latency           first arrival minus scheduled send time, µs, of every delivered slot
 * @param timeline          2xx arrivals per 10 ms from the run's start
 */
public record ReceiverReport(long delivered, long duplicates, long stale, long unparsed, long failedAnswers,
                             long held, long signaturesChecked, long signaturesBad, long unsigned,
                             long firstMicros, long lastMicros, long[] deliveredBits, Histogram latency,
                             int[] timeline) {

    public static ReceiverReport read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            in.readInt(); // run
            long[] counters = new long[9];
            for (int i = 0; i < counters.length; i++) {
                counters[i] = in.readLong();
            }
            long first = in.readLong();
            long last = in.readLong();
            long[] bits = new long[in.readInt()];
            for (int i = 0; i < bits.length; i++) {
                bits[i] = in.readLong();
            }
            byte[] encoded = new byte[in.readInt()];
            in.readFully(encoded);
            Histogram latency = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(encoded), 0);
            int[] timeline = new int[in.readInt()];
            for (int i = 0; i < timeline.length; i++) {
                timeline[i] = in.readInt();
            }
            return new ReceiverReport(counters[0], counters[1], counters[2], counters[3], counters[4], counters[5],
                    counters[6], counters[7], counters[8], first, last, bits, latency, timeline);
        } catch (IOException | DataFormatException e) {
            throw new IllegalStateException("unreadable receiver report: " + e.getMessage(), e);
        }
    }

    public boolean isDelivered(long slot) {
        int word = (int) (slot >>> 6);
        return word < deliveredBits.length && (deliveredBits[word] & (1L << (slot & 63))) != 0;
    }
}
