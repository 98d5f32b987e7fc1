package io.hookline.bench.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.bench.Payload;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.Event;
import io.hookline.common.wire.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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

    @ParameterizedTest
    @EnumSource(Payload.class)
    void readsBackFromEveryPayload(Payload payload) {
        Event event = new Event("e7-12345", "bench.event", Instant.EPOCH, "f5-t0", stamp.data(1024, payload));
        int size = Json.write(event).length;

        assertEquals(stamp, Stamp.find(Json.write(event)));
        assertEquals(stamp, Stamp.find(Json.write(Delivery.first(event, "f5-s0"))));
        assertTrue(size > 900 && size < 1100, payload + " event of " + size + " bytes");
    }

    @Test
    void padsAsTheBenchAlwaysHas() {
        String stamped = "{\"b\":\"hlb:7.12345.1764500000123456:\",\"pad\":\"";
        String before = stamped + "x".repeat(1024 - 120 - stamped.length()) + "\"}";

        assertEquals(before, stamp.data(1024));
        assertEquals(before, stamp.data(1024, Payload.PADDED));
    }

    @Test
    void variesOrdersFromEventToEventButNotFromRunToRun() {
        String order = stamp.data(1024, Payload.VARIED);

        assertEquals(order, new Stamp(7, 12_345, 1_764_500_000_123_456L).data(1024, Payload.VARIED));
        String next = new Stamp(7, 12_346, 1_764_500_000_123_456L).data(1024, Payload.VARIED);
        assertNotEquals(order.substring(order.indexOf("order")), next.substring(next.indexOf("order")));
        Json.requireJson(order, "the order");
    }

    @Test
    void findsNothingInBodiesWithoutAWholeStamp() {
        assertNull(Stamp.find("{\"data\":{}}".getBytes(StandardCharsets.US_ASCII)));
        assertNull(Stamp.find("hlb:7.12".getBytes(StandardCharsets.US_ASCII)));
        assertNull(Stamp.find("hlb:7.12.x:".getBytes(StandardCharsets.US_ASCII)));
    }
}
