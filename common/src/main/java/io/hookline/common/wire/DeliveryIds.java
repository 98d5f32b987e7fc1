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
    /**
     * Never updated, only cloned: a clone per id is a copy of a few hundred bytes, where looking a
     * digest up cost the router a provider search per delivery, and a digest per thread a
     * {@code ThreadLocal} lookup that, among a stream thread's many thread-locals, took longer
     * than the hash itself in one profile and next to nothing in another (docs/benchmarks.md).
     */
    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
            SHA_256.clone(); // every Java runtime's SHA-256 can be cloned; fail here, not per id
        } catch (NoSuchAlgorithmException | CloneNotSupportedException e) {
            throw new IllegalStateException("every Java runtime has a cloneable SHA-256", e);
        }
    }

    private DeliveryIds() {
    }

    /** {@code msg_} + base32 of a hash of (event id, subscription id): the {@code webhook-id}. */
    public static String deliveryId(String eventId, String subscriptionId) {
        return ofEvent(eventId).deliveryId(subscriptionId);
    }

    /** The delivery ids of one event to many subscriptions: the event id is hashed once. */
    public static EventDeliveryIds ofEvent(String eventId) {
        MessageDigest afterEventId = sha256();
        afterEventId.update((eventId + '\n').getBytes(StandardCharsets.UTF_8));
        return new EventDeliveryIds(afterEventId);
    }

    /** The delivery ids of one event. Its digest, holding the event id, is only ever cloned. */
    public static final class EventDeliveryIds {
        private final MessageDigest afterEventId;

        private EventDeliveryIds(MessageDigest afterEventId) {
            this.afterEventId = afterEventId;
        }

        /** {@link DeliveryIds#deliveryId} of this event and {@code subscriptionId}. */
        public String deliveryId(String subscriptionId) {
            MessageDigest digest = copy(afterEventId);
            return "msg_" + base32(digest.digest(subscriptionId.getBytes(StandardCharsets.UTF_8)), ID_BYTES);
        }
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
        return base32(sha256().digest(input.getBytes(StandardCharsets.UTF_8)), ID_BYTES);
    }

    private static MessageDigest sha256() {
        return copy(SHA_256);
    }

    private static MessageDigest copy(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 was cloned before", e);
        }
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
