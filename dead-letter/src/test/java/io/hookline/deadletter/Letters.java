package io.hookline.deadletter;

import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.DeadLetterReason;
import io.hookline.common.wire.Delivery;
import io.hookline.testkit.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Dead letters for this module's tests, as the dispatcher and the router write them. */
public final class Letters {
    public static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final DeadLetter.Source SOURCE = new DeadLetter.Source("webhooks.retry.2s", 0, 7);

    private Letters() {
    }

    /** An exhausted delivery of {@code eventId} to {@code subscription} (tenant acme), three attempts, last 500. */
    public static DeadLetter exhausted(String eventId, String subscription, Instant deadAt) {
        Delivery delivery = Fixtures.delivery(eventId, subscription).attempt(3)
                .firstAttemptAt(deadAt.minusSeconds(3)).notBefore(deadAt.minusSeconds(1)).build();
        return DeadLetter.afterAttempt(delivery, DeadLetterReason.EXHAUSTED, 500, "HTTP 500", deadAt,
                "database down", SOURCE, deadAt);
    }

    /** A delivery dead-lettered without an attempt, e.g. {@code endpoint_disabled}. */
    public static DeadLetter unsent(String eventId, String subscription, String tenant, DeadLetterReason reason,
                                    Instant deadAt) {
        Delivery delivery = Fixtures.delivery(eventId, subscription).tenant(tenant).build();
        return DeadLetter.unsent(delivery, reason, "subscription " + subscription + " is " + reason, SOURCE, deadAt);
    }

    /** An event the router could not read, with its bytes. */
    public static DeadLetter invalidEvent(String key, String value, Instant deadAt) {
        return DeadLetter.invalidEvent(key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8), new DeadLetter.Source("webhooks.events", 1, 3),
                "not a valid Event: bad JSON", deadAt);
    }

    /** An event over the router's limit: no bytes. */
    public static DeadLetter tooLarge(String key, Instant deadAt) {
        return DeadLetter.eventTooLarge(key.getBytes(StandardCharsets.UTF_8),
                new DeadLetter.Source("webhooks.events", 0, 9), "the event is 300000 bytes", deadAt);
    }

    /** The letter as stored at {@code partition:offset}, keyed as its writer keys it. */
    public static StoredDeadLetter stored(int partition, long offset, DeadLetter letter) {
        String key = letter.delivery() != null ? letter.delivery().subscriptionId()
                : letter.rawKey() == null ? "default" : new String(letter.rawKey(), StandardCharsets.UTF_8);
        return new StoredDeadLetter(partition, offset, key, letter);
    }
}
