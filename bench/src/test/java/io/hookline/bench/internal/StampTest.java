package io.hookline.bench.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.Event;
import io.hookline.common.wire.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StampTest {
    private final Stamp stamp = new Stamp(7, 12_345, 1_764_500_000_123_456L);

    @Test
    void readsBackFromTheEventTheWebhookBodyAndTheEscapedDeliveryRecord() {
        Event event = new Event("e7-12345", "bench.event", Instant.EPOCH, "f5-t0", stamp.data(1024));
        byte[] eventJson = Json.write(event);
        byte[] body = event.webhookBody().getBytes(StandardCharsets.UTF_8);
        byte[] delivery = Json.write(Delivery.first(event, "f5-s0"));

        assertEquals(stamp, Stamp.find(eventJson));
        assertEquals(stamp, Stamp.find(body));
        assertEquals(stamp, Stamp.find(delivery));
    }

    @Test
    void padsTheEventToAboutTheTargetSize() {
        Event event = new Event("e7-12345", "bench.event", Instant.EPOCH, "f5-t0", stamp.data(1024));
        int size = Json.write(event).length;

        assertTrue(size > 900 && size < 1100, "event of " + size + " bytes");
    }

    @Test
    void findsNothingInBodiesWithoutAWholeStamp() {
        assertNull(Stamp.find("{\"data\":{}}".getBytes(StandardCharsets.US_ASCII)));
        assertNull(Stamp.find("hlb:7.12".getBytes(StandardCharsets.US_ASCII)));
        assertNull(Stamp.find("hlb:7.12.x:".getBytes(StandardCharsets.US_ASCII)));
    }
}
