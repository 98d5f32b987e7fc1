package io.hookline.router.internal;

import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.DeliveryIds;
import io.hookline.common.wire.Event;
import io.hookline.common.wire.InvalidRecordException;
import io.hookline.common.wire.Json;
import io.hookline.router.RouterMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the records of the events topic, which must see them first: a missing id is derived
 * from the record's topic, partition, offset and timestamp, which only the source record has.
 *
 * <p>An event gets its defaults here: the record timestamp for a missing {@code timestamp},
 * the key for a missing {@code tenant}, {@value Event#DEFAULT_TENANT} for neither (an empty key
 * counts as none). A record that is not a valid event never fails the task: it becomes a
 * {@link DeadLetter} holding its bytes, keyed by the record key or {@value Event#DEFAULT_TENANT}.
 * Keys are read as UTF-8, as the contract has them; a key that is not UTF-8 reaches the
 * dead letter with its undecodable bytes replaced.
 *
 * <p>A record larger than the limit is not read at all: it becomes a dead letter with where it
 * was and its key but not its bytes. Routing it would write a delivery (its body an escaped JSON
 * string, up to about twice the event) or a dead letter (its bytes in base64) that Kafka may
 * refuse as too large, failing the transaction again on every retry.
 *
 * <p>Whether a routable event may skip the repartition is decided here too, by the
 * {@link TenantPlacement}: only the source record knows its partition.
 */
public final class EventReader extends ContextualFixedKeyProcessor<String, byte[], ReadEvent> {
    private static final Logger log = LoggerFactory.getLogger(EventReader.class);

    private final RouterMetrics metrics;
    private final TenantPlacement placement;
    private final int maxEventBytes;

    /** @param maxEventBytes the largest record, key plus value, that is routed rather than dead-lettered */
    public EventReader(RouterMetrics metrics, TenantPlacement placement, int maxEventBytes) {
        this.metrics = metrics;
        this.placement = placement;
        this.maxEventBytes = maxEventBytes;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        RecordMetadata source = context().recordMetadata()
                .orElseThrow(() -> new IllegalStateException("EventReader must read straight from the events topic"));
        String keyTenant = record.key() == null || record.key().isEmpty() ? Event.DEFAULT_TENANT : record.key();
        byte[] rawKey = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        long size = (rawKey == null ? 0 : rawKey.length) + (record.value() == null ? 0 : record.value().length);
        if (size > maxEventBytes) {
            metrics.eventTooLarge();
            log.warn("Event at {}-{}@{} is {} bytes, over the limit of {}; sent to the dead-letter topic without "
                    + "its bytes", source.topic(), source.partition(), source.offset(), size, maxEventBytes);
            DeadLetter deadLetter = DeadLetter.eventTooLarge(rawKey, sourceOf(source),
                    "the event is " + size + " bytes, over router.max.event.bytes (" + maxEventBytes + ")",
                    Instant.ofEpochMilli(context().currentSystemTimeMs()));
            context().forward(record.withValue(new ReadEvent.Unreadable(keyTenant, deadLetter)));
            return;
        }
        try {
            Event event = read(record, source, keyTenant);
            boolean direct = placement.isOnTenantPartition(record.key(), event.tenant(), source.partition());
            context().forward(record.withValue(new ReadEvent.Routable(event, direct)));
        } catch (InvalidRecordException e) {
            metrics.eventInvalid();
            log.warn("Event at {}-{}@{} is invalid, sent to the dead-letter topic: {}",
                    source.topic(), source.partition(), source.offset(), e.getMessage());
            DeadLetter deadLetter = DeadLetter.invalidEvent(rawKey, record.value(), sourceOf(source), e.getMessage(),
                    Instant.ofEpochMilli(context().currentSystemTimeMs()));
            context().forward(record.withValue(new ReadEvent.Unreadable(keyTenant, deadLetter)));
        }
    }

    private static DeadLetter.Source sourceOf(RecordMetadata source) {
        return new DeadLetter.Source(source.topic(), source.partition(), source.offset());
    }

    private static Event read(FixedKeyRecord<String, byte[]> record, RecordMetadata source, String keyTenant) {
        if (record.value() == null) {
            throw new InvalidRecordException("the record has no value");
        }
        Event event = Json.read(record.value(), Event.class);
        String id = event.id() != null ? event.id()
                : DeliveryIds.derivedEventId(source.topic(), source.partition(), source.offset(), record.timestamp());
        return event.withDefaults(id, Instant.ofEpochMilli(record.timestamp()), keyTenant);
    }
}
