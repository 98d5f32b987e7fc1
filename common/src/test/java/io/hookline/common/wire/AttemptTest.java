package io.hookline.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AttemptTest {
    private static final Instant AT = Instant.parse("2026-11-27T10:15:31.500Z");

    @Test
    void roundTripsADeliveredAttempt() {
        Attempt attempt = new Attempt("msg_abc", "evt_1", "order.created", "acme", "sub_1", 1, AT, 42, 204, null,
                "delivered");

        assertRoundTrips(attempt, "{\"deliveryId\":\"msg_abc\",\"eventId\":\"evt_1\",\"eventType\":\"order.created\","
                + "\"tenant\":\"acme\",\"subscriptionId\":\"sub_1\",\"attempt\":1,\"at\":\"2026-11-27T10:15:31.500Z\","
                + "\"durationMillis\":42,\"status\":204,\"outcome\":\"delivered\"}");
    }

    @Test
    void roundTripsAnAttemptWithoutResponse() {
        Attempt attempt = new Attempt("msg_abc", "evt_1", "order.created", "acme", "sub_1", 3, AT, 15_000, null,
                "timeout after 15 s", "retry");

        assertRoundTrips(attempt, "{\"deliveryId\":\"msg_abc\",\"eventId\":\"evt_1\",\"eventType\":\"order.created\","
                + "\"tenant\":\"acme\",\"subscriptionId\":\"sub_1\",\"attempt\":3,\"at\":\"2026-11-27T10:15:31.500Z\","
                + "\"durationMillis\":15000,\"error\":\"timeout after 15 s\",\"outcome\":\"retry\"}");
    }

    @Test
    void rejectsMissingRequiredFields() {
        assertEquals("outcome is required", assertThrows(InvalidRecordException.class,
                () -> new Attempt("msg_abc", null, null, null, "sub_1", 1, AT, 0, null, null, null)).getMessage());
        assertEquals("at is required", assertThrows(InvalidRecordException.class,
                () -> new Attempt("msg_abc", null, null, null, "sub_1", 1, null, 0, null, null, "retry")).getMessage());
        assertEquals("attempt must be at least 1, got 0", assertThrows(InvalidRecordException.class,
                () -> new Attempt("msg_abc", null, null, null, "sub_1", 0, AT, 0, null, null, "retry")).getMessage());
        assertEquals("subscriptionId is required", assertThrows(InvalidRecordException.class,
                () -> Json.read("{\"deliveryId\":\"msg_abc\",\"attempt\":1,\"at\":\"2026-11-27T10:15:31Z\","
                        + "\"durationMillis\":5,\"outcome\":\"retry\"}", Attempt.class)).getMessage());
        assertEquals("not a valid Attempt: durationMillis: is required", assertThrows(InvalidRecordException.class,
                () -> Json.read("{\"deliveryId\":\"msg_abc\",\"subscriptionId\":\"sub_1\",\"attempt\":1,"
                        + "\"at\":\"2026-11-27T10:15:31Z\",\"outcome\":\"retry\"}", Attempt.class)).getMessage());
    }

    /** {@code attempt} is written as exactly {@code json}, and read back equal. */
    private static void assertRoundTrips(Attempt attempt, String json) {
        assertEquals(json, Json.writeString(attempt));
        assertEquals(attempt, Json.read(json, Attempt.class));
    }
}
