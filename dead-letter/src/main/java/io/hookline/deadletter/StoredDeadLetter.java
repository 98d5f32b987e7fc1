package io.hookline.deadletter;

import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.InvalidRecordException;
import io.hookline.common.wire.Json;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One record of the dead-letter topic: the letter and where it sits. Router letters have no
 * delivery id, so their {@link #id()} is their place in the topic.
 *
 * @param key the record key: the subscription id for stage dispatcher, the tenant for stage router
 */
public record StoredDeadLetter(int partition, long offset, String key, DeadLetter letter) {

    public StoredDeadLetter {
        Objects.requireNonNull(letter, "letter");
    }

    /** The letter a record of the dead-letter topic holds; null when it holds none this version reads. */
    public static StoredDeadLetter read(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return null;
        }
        try {
            return new StoredDeadLetter(record.partition(), record.offset(), record.key(),
                    Json.read(record.value(), DeadLetter.class));
        } catch (InvalidRecordException e) {
            return null;
        }
    }

    /** The delivery id ({@code msg_…}) of a dispatcher letter; {@code partition:offset} of a router letter. */
    public String id() {
        return letter.delivery() != null ? letter.delivery().deliveryId() : position(partition, offset);
    }

    /** How {@link #id()} names a letter by its place in the topic: {@code 2:17}. */
    public static String position(int partition, long offset) {
        return partition + ":" + offset;
    }

    /** The delivery's tenant; for a router letter the record key, the tenant the router read. */
    public String tenant() {
        return letter.delivery() != null ? letter.delivery().tenant() : key;
    }

    /** The delivery's subscription; null for a router letter, which never reached one. */
    public String subscriptionId() {
        return letter.delivery() != null ? letter.delivery().subscriptionId() : null;
    }

    /** The delivery's event type; null for a router letter, whose event could not be read. */
    public String eventType() {
        return letter.delivery() != null ? letter.delivery().eventType() : null;
    }

    public Instant deadAt() {
        return letter.deadAt();
    }
}
