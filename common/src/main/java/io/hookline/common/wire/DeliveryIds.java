package io.hookline.common.wire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic ids: the same inputs give the same id on every run, so re-routing an event
 * after a crash or a replay never makes a second, different delivery id.
 */
public final class DeliveryIds {
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    /** 16 bytes of SHA-256 = 128 bits: collisions are not a practical concern. */
    private static final int ID_BYTES = 16;
    /** One digest per thread: looking one up per id cost the router a provider search per delivery. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    });

    private DeliveryIds() {
    }

    /** {@code msg_} + base32 of a hash of (event id, subscription id): the {@code webhook-id}. */
    public static String deliveryId(String eventId, String subscriptionId) {
        return "msg_" + hash(eventId + '\n' + subscriptionId);
    }

    /**
     * The id of an event that came without one, from where it sits in Kafka and its record
     * timestamp: a re-run reads the same record and gives the same id, while a topic deleted and
     * created again, whose offsets start over, gives new ids to its new records.
     */
    public static String derivedEventId(String topic, int partition, long offset, long timestamp) {
        return "evt_" + hash(topic + '\n' + partition + '\n' + offset + '\n' + timestamp);
    }

    private static String hash(String input) {
        // digest() resets the digest for the next id
        return base32(SHA_256.get().digest(input.getBytes(StandardCharsets.UTF_8)), ID_BYTES);
    }

    static String base32(byte[] bytes, int length) {
        StringBuilder out = new StringBuilder((length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < length; i++) {
            buffer = (buffer << 8) | (bytes[i] & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }
}
