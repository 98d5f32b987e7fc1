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
public record DeadLetter(Stage stage, String reason, Delivery delivery, byte[] rawKey, byte[] rawEvent,
                         String sourceTopic, Integer sourcePartition, Long sourceOffset,
                         Integer lastStatus, String lastError, int attempts,
                         Instant firstAttemptAt, Instant lastAttemptAt, String lastResponseBody, Instant deadAt) {

    public static final String INVALID_EVENT = "invalid_event";
    /** An event over the router's size limit; the dead letter holds where it was and its key, not its bytes. */
    public static final String EVENT_TOO_LARGE = "event_too_large";
    public static final String EXHAUSTED = "exhausted";
    public static final String GONE = "gone";
    public static final String ENDPOINT_DISABLED = "endpoint_disabled";
    public static final String BLOCKED_ADDRESS = "blocked_address";
    public static final String SUBSCRIPTION_DELETED = "subscription_deleted";
    public static final String INVALID_SUBSCRIPTION = "invalid_subscription";
    /** The delivery names a subscription id that now belongs to another tenant: never sent there. */
    public static final String TENANT_MISMATCH = "tenant_mismatch";
    public static final int MAX_RESPONSE_BODY = 1024;

    public enum Stage {
        ROUTER, DISPATCHER;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public DeadLetter {
        Checks.required(stage, "stage");
        Checks.required(reason, "reason");
        Checks.required(deadAt, "deadAt");
        if (stage == Stage.DISPATCHER) {
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
    public static DeadLetter invalidEvent(byte[] key, byte[] value, String topic, int partition, long offset,
                                          String error, Instant now) {
        return new DeadLetter(Stage.ROUTER, INVALID_EVENT, null, key, value, topic, partition, offset,
                null, error, 0, null, null, null, now);
    }
}
