package io.hookline.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;

/**
 * What could not be delivered, written to {@code webhooks.dead-letter} for operators to
 * inspect and replay. For stage {@code dispatcher} it holds the delivery; for stage
 * {@code router} (an event that could not be read) the raw record bytes and where they were.
 *
 * @param reason           why: see the constants, e.g. {@link #INVALID_EVENT}, {@link #EXHAUSTED}
 * @param lastResponseBody the start of the last response body: at most {@link #MAX_RESPONSE_BODY} bytes
 *                         as UTF-8, cut between characters
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(Origin stage, DeadLetterReason reason, Delivery delivery, byte[] rawKey, byte[] rawEvent,
                         String sourceTopic, Integer sourcePartition, Long sourceOffset,
                         Integer lastStatus, String lastError, int attempts,
                         Instant firstAttemptAt, Instant lastAttemptAt, String lastResponseBody, Instant deadAt) {

    public static final int MAX_RESPONSE_BODY = 1024;

    /** Which stage gave up: the wire field {@code stage}. */
    public enum Origin {
        ROUTER, DISPATCHER;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Where the record that became a dead letter was read. */
    public record Source(String topic, int partition, long offset) {
    }

    public DeadLetter {
        Checks.required(stage, "stage");
        Checks.required(reason, "reason");
        Checks.required(deadAt, "deadAt");
        if (stage == Origin.DISPATCHER) {
            Checks.required(delivery, "delivery");
        }
        lastResponseBody = truncate(lastResponseBody, MAX_RESPONSE_BODY);
    }

    /**
     * The longest prefix of {@code text} that is at most {@code maxBytes} in UTF-8. It never
     * splits a surrogate pair: a lone surrogate is not text and does not survive UTF-8.
     */
    private static String truncate(String text, int maxBytes) {
        if (text == null || text.length() <= maxBytes / 3) {
            return text; // fits even if every char takes three bytes
        }
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                return text.substring(0, end);
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return text;
    }

    /** An event the router could not read, with the bytes exactly as they were. */
    public static DeadLetter invalidEvent(byte[] key, byte[] value, Source source, String error, Instant now) {
        return new DeadLetter(Origin.ROUTER, DeadLetterReason.INVALID_EVENT, null, key, value, source.topic(),
                source.partition(), source.offset(), null, error, 0, null, null, null, now);
    }

    /** An event over the router's size limit: its key and where it was, not its bytes. */
    public static DeadLetter eventTooLarge(byte[] key, Source source, String error, Instant now) {
        return new DeadLetter(Origin.ROUTER, DeadLetterReason.EVENT_TOO_LARGE, null, key, null, source.topic(),
                source.partition(), source.offset(), null, error, 0, null, null, null, now);
    }

    /** A delivery given up before an attempt was made of it (its earlier attempts, if any, counted). */
    public static DeadLetter unsent(Delivery delivery, DeadLetterReason reason, String error, Source source,
                                    Instant now) {
        return new DeadLetter(Origin.DISPATCHER, reason, delivery, null, null, source.topic(), source.partition(),
                source.offset(), null, error, delivery.attempt() - 1, delivery.firstAttemptAt(), null, null, now);
    }

    /**
     * A delivery given up after its attempt made at {@code attemptAt}.
     *
     * @param status       the HTTP status of the last response, null when none came
     * @param responseBody the start of the last response body, null when none; cut to {@value #MAX_RESPONSE_BODY} bytes
     */
    public static DeadLetter afterAttempt(Delivery delivery, DeadLetterReason reason, Integer status, String error,
                                          Instant attemptAt, String responseBody, Source source, Instant now) {
        Instant first = delivery.firstAttemptAt() != null ? delivery.firstAttemptAt() : attemptAt;
        return new DeadLetter(Origin.DISPATCHER, reason, delivery, null, null, source.topic(), source.partition(),
                source.offset(), status, error, delivery.attempt(), first, attemptAt, responseBody, now);
    }

    /**
     * This letter with its delivery's body dropped and {@code note} added to {@code lastError}:
     * for a letter too large to write. The ids stay, so the event can be found and replayed.
     */
    public DeadLetter withoutBody(String note) {
        Delivery bodiless = delivery.withBody("");
        return new DeadLetter(stage, reason, bodiless, rawKey, rawEvent, sourceTopic, sourcePartition, sourceOffset,
                lastStatus, lastError == null ? note : lastError + "; " + note, attempts, firstAttemptAt,
                lastAttemptAt, lastResponseBody, deadAt);
    }
}
