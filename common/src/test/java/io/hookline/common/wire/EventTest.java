package io.hookline.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventTest {
    private static final Instant TIMESTAMP = Instant.parse("2026-11-27T10:15:30Z");

    private static Event read(String json) {
        return Json.read(json, Event.class);
    }

    private static String rejection(String json) {
        return assertThrows(InvalidRecordException.class, () -> read(json)).getMessage();
    }

    @Test
    void readsTheDesignExample() {
        Event event = read("{\"id\": \"evt_2Qx\", \"type\": \"order.created\", \"timestamp\": \"2026-11-27T10:15:30Z\","
                + " \"tenant\": \"acme\", \"data\": {\"orderId\": 42}}");

        assertEquals(new Event("evt_2Qx", "order.created", TIMESTAMP, "acme", "{\"orderId\":42}"), event);
    }

    @Test
    void onlyTypeAndDataAreRequired() {
        Event event = read("{\"type\":\"order.created\",\"data\":{\"orderId\":42}}");

        assertNull(event.id());
        assertEquals("order.created", event.type());
        assertNull(event.timestamp());
        assertNull(event.tenant());
        assertEquals("{\"orderId\":42}", event.data());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"orderId\":42}",
            "[1,2,3]",
            "[]",
            "{}",
            "\"just a string\"",
            "42",
            "-17",
            "true",
            "false",
            "{\"a\":{\"b\":[{\"c\":null},{\"d\":[true,false]}],\"e\":\"x\\\"y\\\\z\"}}",
            "\"line\\nbreak\\ttab\"",
            "{\"name\":\"Zoë ☕ 😀\"}",
            // numbers keep the exact text: no rounding through double, no re-formatting
            "1.10",
            "1e2",
            "-0",
            "3.0",
            "0.1000000000000000000001",
            "12345678901234567890123",
            "1e400",
            "{\"amount\":19.99,\"rate\":1.0E-7,\"big\":123456789012345678901234567890.123456789}",
    })
    void keepsDataExactlyThroughARoundTrip(String data) {
        Event event = read("{\"type\":\"order.created\",\"data\":" + data + "}");
        assertEquals(data, event.data());

        String written = Json.writeString(event);
        assertEquals("{\"type\":\"order.created\",\"data\":" + data + "}", written);
        assertEquals(event, read(written));
    }

    @Test
    void compactsWhitespaceOutsideStrings() {
        Event event = read("{\"type\":\"a\",\"data\": { \"a\" : [ 1 , 2.50 ] ,\n \"b\" : \" spaced  text \" } }");

        assertEquals("{\"a\":[1,2.50],\"b\":\" spaced  text \"}", event.data());
    }

    /** Objects and arrays are taken from the record's bytes; a mapper without them copies tokens. Both agree. */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"a\":1}",
            "{ \"a\" : [ 1 , 2.50 ] ,\n\t\"b\" : \" spaced  text \" }",
            "[ ]",
            "{\"q\":\"a \\\" b\",\"bs\":\"c:\\\\ \",\"after\" : 1}",
            "{\"nested\":{\"deep\":[[[ {\"x\":null} ]]],\"t\":true , \"f\":false}}",
            "{\"name\":\"Zoë ☕ 😀\" ,\"n\": -0.0e-7 }",
            "\r\n{\"leading\":\"whitespace\"}\r\n",
    })
    void takesObjectsAndArraysFromTheBytesAsATokenCopyWouldWriteThem(String data) throws Exception {
        byte[] record = ("{\"type\":\"a\",\"data\":" + data + ",\"tenant\":\"acme\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Event copied = new com.fasterxml.jackson.databind.ObjectMapper().readValue(record, Event.class);

        Event read = Json.read(record, Event.class);
        assertEquals(copied.data(), read.data());
        assertEquals("acme", read.tenant(), "the parser goes on after the data");
    }

    @Test
    void keepsEscapesInDataAsWritten() {
        assertEquals("{\"a\":\"\\u0041\\/\"}", read("{\"type\":\"a\",\"data\":{\"a\":\"\\u0041\\/\"}}").data());
    }

    @Test
    void refusesDataThatIsNotWellFormed() {
        assertTrue(rejection("{\"type\":\"a\",\"data\":{\"a\":1,}}").startsWith("not a valid Event"));
        assertTrue(rejection("{\"type\":\"a\",\"data\":{\"a\":[1}}").startsWith("not a valid Event"));
        assertTrue(rejection("{\"type\":\"a\",\"data\":{\"a\":1").startsWith("not a valid Event"));
        byte[] badUtf8 = "{\"type\":\"a\",\"data\":{\"a\":\"x?y\"}}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        badUtf8[new String(badUtf8, java.nio.charset.StandardCharsets.UTF_8).indexOf('?')] = (byte) 0xC3; // a lead byte, no continuation
        String reason = assertThrows(InvalidRecordException.class, () -> Json.read(badUtf8, Event.class)).getMessage();
        assertTrue(reason.startsWith("not a valid Event"), reason);
    }

    @Test
    void keepsDataWhereverItIsInTheRecord() {
        Event event = read("{\"data\":{\"x\":1.50},\"tenant\":\"acme\",\"type\":\"a.b\"}");

        assertEquals("{\"x\":1.50}", event.data());
        assertEquals("acme", event.tenant());
    }

    @Test
    void ignoresUnknownFields() {
        Event event = read("{\"type\":\"order.created\",\"data\":1,\"schema\":\"v9\",\"extra\":{\"nested\":[1,2]},"
                + "\"id\":\"evt_1\"}");

        assertEquals(new Event("evt_1", "order.created", null, null, "1"), event);
    }

    @Test
    void missingTypeIsAnInvalidRecordNamingTheField() {
        assertEquals("type is required", rejection("{\"data\":{\"orderId\":42}}"));
        assertEquals("type is required", rejection("{\"type\":null,\"data\":{}}"));
    }

    @Test
    void missingDataIsAnInvalidRecordNamingTheField() {
        assertEquals("data is required", rejection("{\"type\":\"order.created\"}"));
        assertEquals("data is required", rejection("{\"type\":\"order.created\",\"data\":null}"));
    }

    @Test
    void rejectsAnInvalidTypeIdOrTenant() {
        assertEquals("type 'order.*' must be dot-separated names of A-Z a-z 0-9 _ -",
                rejection("{\"type\":\"order.*\",\"data\":1}"));
        assertEquals("id must be 1-128 characters of A-Z a-z 0-9 . _ : @ ~ -, got 'evt 1'",
                rejection("{\"id\":\"evt 1\",\"type\":\"a\",\"data\":1}"));
        assertEquals("tenant must be 1-128 characters of A-Z a-z 0-9 . _ : @ ~ -, got 'ac\\u000dme'",
                rejection("{\"tenant\":\"ac\\rme\",\"type\":\"a\",\"data\":1}"));
    }

    @Test
    void rejectsATimestampThatIsNotAnInstant() {
        String message = rejection("{\"type\":\"a\",\"timestamp\":\"yesterday\",\"data\":1}");

        assertEquals("not a valid Event: timestamp: expected an ISO-8601 instant like 2026-11-27T10:15:30Z, "
                + "got a string", message);
    }

    @Test
    void writesTimestampsAsIsoInstants() {
        Event event = new Event("evt_1", "a", Instant.parse("2026-11-27T10:15:30.123Z"), "acme", "{}");

        assertEquals("{\"id\":\"evt_1\",\"type\":\"a\",\"timestamp\":\"2026-11-27T10:15:30.123Z\",\"tenant\":\"acme\","
                + "\"data\":{}}", Json.writeString(event));
        assertEquals(event, read(Json.writeString(event)));
    }

    @Test
    void webhookBodyHasTheStandardWebhooksShapeWithoutTenant() {
        Event event = new Event("evt_2Qx", "order.created", TIMESTAMP, "acme", "{\"orderId\":42,\"total\":19.90}");

        assertEquals("{\"id\":\"evt_2Qx\",\"type\":\"order.created\",\"timestamp\":\"2026-11-27T10:15:30Z\","
                + "\"data\":{\"orderId\":42,\"total\":19.90}}", event.webhookBody());
    }

    @Test
    void webhookBodyCarriesNonObjectDataVerbatim() {
        Event event = new Event("evt_1", "ping", TIMESTAMP, null, "[1,\"two\",3.0]");

        assertEquals("{\"id\":\"evt_1\",\"type\":\"ping\",\"timestamp\":\"2026-11-27T10:15:30Z\",\"data\":[1,\"two\",3.0]}",
                event.webhookBody());
    }

    @Test
    void withDefaultsFillsOnlyMissingFields() {
        Instant recordTime = Instant.parse("2030-01-01T00:00:00Z");

        Event bare = new Event(null, "order.created", null, null, "{}");
        assertEquals(new Event("evt_derived", "order.created", recordTime, "default", "{}"),
                bare.withDefaults("evt_derived", recordTime, Event.DEFAULT_TENANT));

        Event full = new Event("evt_1", "order.created", TIMESTAMP, "acme", "{}");
        assertEquals(full, full.withDefaults("evt_derived", recordTime, "other"));
    }

    @org.junit.jupiter.api.Test
    void anOperatorEventIsUnderTheOpsTenantWithItsDataAsJson() {
        java.time.Instant at = java.time.Instant.parse("2026-11-30T10:00:00Z");
        Event event = Event.operator("endpoint.failing", "hookline-ops",
                java.util.Map.of("subscriptionId", "sub_1"), at);

        org.junit.jupiter.api.Assertions.assertEquals("hookline-ops", event.tenant());
        org.junit.jupiter.api.Assertions.assertEquals("endpoint.failing", event.type());
        org.junit.jupiter.api.Assertions.assertEquals(at, event.timestamp());
        org.junit.jupiter.api.Assertions.assertEquals("{\"subscriptionId\":\"sub_1\"}", event.data());
        org.junit.jupiter.api.Assertions.assertTrue(event.id().startsWith("evt_ops_"), event.id());
        org.junit.jupiter.api.Assertions.assertNotEquals(event.id(),
                Event.operator("endpoint.failing", "hookline-ops", java.util.Map.of(), at).id());
    }
}
