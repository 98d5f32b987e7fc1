package io.hookline.common.wire;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DeadLetterTest {
    private static final Instant DEAD_AT = Instant.parse("2026-11-30T10:15:30Z");
    private static final Delivery DELIVERY = new Delivery("msg_abc", "evt_1", "order.created", "acme", "sub_1",
            "{\"id\":\"evt_1\"}", 10, Instant.parse("2026-11-27T10:15:31Z"), null);

    private static DeadLetter withResponseBody(String body) {
        return new DeadLetter(DeadLetter.Origin.DISPATCHER, DeadLetterReason.EXHAUSTED, DELIVERY, null, null, null, null,
                null, 500, "HTTP 500", 10, DELIVERY.firstAttemptAt(), DEAD_AT, body, DEAD_AT);
    }

    @Test
    void invalidEventKeepsTheRawBytesExactly() {
        byte[] key = {0, (byte) 0xff, 'a', '\n'};
        byte[] value = {'{', '"', 't', (byte) 0xc3, (byte) 0x28, 0, (byte) 0x80};
        DeadLetter dead = DeadLetter.invalidEvent(key, value, new DeadLetter.Source("webhooks.events", 3, 1234L),
                "type is required", DEAD_AT);

        String json = Json.writeString(dead);
        DeadLetter back = Json.read(json, DeadLetter.class);

        assertEquals("{\"stage\":\"router\",\"reason\":\"invalid_event\",\"rawKey\":\""
                + Base64.getEncoder().encodeToString(key) + "\",\"rawEvent\":\""
                + Base64.getEncoder().encodeToString(value) + "\",\"sourceTopic\":\"webhooks.events\","
                + "\"sourcePartition\":3,\"sourceOffset\":1234,\"lastError\":\"type is required\",\"attempts\":0,"
                + "\"deadAt\":\"2026-11-30T10:15:30Z\"}", json);
        assertArrayEquals(key, back.rawKey());
        assertArrayEquals(value, back.rawEvent());
        assertEquals(DeadLetter.Origin.ROUTER, back.stage());
        assertEquals(DeadLetterReason.INVALID_EVENT, back.reason());
        assertEquals("webhooks.events", back.sourceTopic());
        assertEquals(3, back.sourcePartition());
        assertEquals(1234L, back.sourceOffset());
        assertEquals("type is required", back.lastError());
        assertEquals(DEAD_AT, back.deadAt());
        assertNull(back.delivery());
    }

    @Test
    void invalidEventWithoutKeyOmitsIt() {
        DeadLetter dead = DeadLetter.invalidEvent(null, new byte[] {'x'}, new DeadLetter.Source("webhooks.events", 0, 0L),
                "bad", DEAD_AT);

        DeadLetter back = Json.read(Json.write(dead), DeadLetter.class);

        assertNull(back.rawKey());
        assertArrayEquals(new byte[] {'x'}, back.rawEvent());
    }

    @Test
    void roundTripsADispatcherDeadLetter() {
        DeadLetter dead = withResponseBody("{\"error\":\"boom\"}");

        String json = Json.writeString(dead);

        assertEquals("{\"stage\":\"dispatcher\",\"reason\":\"exhausted\",\"delivery\":" + Json.writeString(DELIVERY)
                + ",\"lastStatus\":500,\"lastError\":\"HTTP 500\",\"attempts\":10,"
                + "\"firstAttemptAt\":\"2026-11-27T10:15:31Z\",\"lastAttemptAt\":\"2026-11-30T10:15:30Z\","
                + "\"lastResponseBody\":\"{\\\"error\\\":\\\"boom\\\"}\",\"deadAt\":\"2026-11-30T10:15:30Z\"}", json);
        assertEquals(dead, Json.read(json, DeadLetter.class));
    }

    @Test
    void stageIsLowerCaseOnTheWire() {
        assertEquals("router", DeadLetter.Origin.ROUTER.wireName());
        assertEquals("dispatcher", DeadLetter.Origin.DISPATCHER.wireName());
        assertEquals("\"dispatcher\"", Json.writeString(DeadLetter.Origin.DISPATCHER));
        assertSame(DeadLetter.Origin.ROUTER, Json.read("\"router\"", DeadLetter.Origin.class));
    }

    @Test
    void reasonsHaveTheirWireNames() {
        assertEquals("invalid_event", DeadLetterReason.INVALID_EVENT.wireName());
        assertEquals("exhausted", DeadLetterReason.EXHAUSTED.wireName());
        assertEquals("gone", DeadLetterReason.GONE.wireName());
        assertEquals("endpoint_disabled", DeadLetterReason.ENDPOINT_DISABLED.wireName());
        assertEquals("blocked_address", DeadLetterReason.BLOCKED_ADDRESS.wireName());
        assertEquals("subscription_deleted", DeadLetterReason.SUBSCRIPTION_DELETED.wireName());
        assertEquals("\"tenant_mismatch\"", Json.writeString(DeadLetterReason.TENANT_MISMATCH));
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            assertSame(reason, Json.read("\"" + reason.wireName() + "\"", DeadLetterReason.class));
        }
    }

    @Test
    void anUnknownReasonIsAnInvalidRecordThatDoesNotEchoTheInput() {
        InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> Json.read(
                "{\"stage\":\"router\",\"reason\":\"nope\\n\",\"attempts\":0,\"deadAt\":\"2026-11-30T10:15:30Z\"}",
                DeadLetter.class));
        assertTrue(e.getMessage().contains("unknown dead-letter reason"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void unsentCountsOnlyEarlierAttempts() {
        Delivery retry = new Delivery("msg_abc", "evt_1", "order.created", "acme", "sub_1", "{}", 3,
                Instant.parse("2026-11-27T10:15:31Z"), DEAD_AT);
        DeadLetter letter = DeadLetter.unsent(retry, DeadLetterReason.ENDPOINT_DISABLED, "disabled",
                new DeadLetter.Source("webhooks.retry.5s", 2, 7L), DEAD_AT);

        assertEquals(DeadLetter.Origin.DISPATCHER, letter.stage());
        assertEquals(2, letter.attempts());
        assertEquals(retry.firstAttemptAt(), letter.firstAttemptAt());
        assertNull(letter.lastAttemptAt());
        assertEquals("webhooks.retry.5s", letter.sourceTopic());
        assertEquals(2, letter.sourcePartition());
        assertEquals(7L, letter.sourceOffset());
    }

    @Test
    void afterAttemptTakesTheAttemptAsFirstWhenTheDeliveryHasNone() {
        Delivery first = new Delivery("msg_abc", "evt_1", "order.created", "acme", "sub_1", "{}", 1, null, null);
        Instant at = Instant.parse("2026-11-30T10:15:00Z");
        DeadLetter letter = DeadLetter.afterAttempt(first, DeadLetterReason.GONE, 410, "HTTP 410", at, "bye",
                new DeadLetter.Source("webhooks.deliveries", 0, 1L), DEAD_AT);

        assertEquals(1, letter.attempts());
        assertEquals(at, letter.firstAttemptAt());
        assertEquals(at, letter.lastAttemptAt());
        assertEquals(410, letter.lastStatus());
        assertEquals("bye", letter.lastResponseBody());
    }

    @Test
    void withoutBodyKeepsTheIdsAndSaysWhy() {
        DeadLetter letter = withResponseBody("x").withoutBody("body dropped");

        assertEquals("", letter.delivery().body());
        assertEquals(DELIVERY.deliveryId(), letter.delivery().deliveryId());
        assertEquals("HTTP 500; body dropped", letter.lastError());
    }

    @Test
    void aDispatcherDeadLetterNeedsItsDelivery() {
        assertEquals("delivery is required", assertThrows(InvalidRecordException.class,
                () -> new DeadLetter(DeadLetter.Origin.DISPATCHER, DeadLetterReason.GONE, null, null, null, null, null, null,
                        410, null, 1, null, null, null, DEAD_AT)).getMessage());
    }

    @Test
    void rejectsMissingStageReasonOrTime() {
        assertEquals("stage is required", assertThrows(InvalidRecordException.class,
                () -> Json.read("{\"reason\":\"gone\",\"attempts\":1,\"deadAt\":\"2026-11-30T10:15:30Z\"}",
                        DeadLetter.class))
                .getMessage());
        assertEquals("reason is required", assertThrows(InvalidRecordException.class,
                () -> Json.read("{\"stage\":\"router\",\"attempts\":0,\"deadAt\":\"2026-11-30T10:15:30Z\"}",
                        DeadLetter.class))
                .getMessage());
        assertEquals("deadAt is required", assertThrows(InvalidRecordException.class,
                () -> Json.read("{\"stage\":\"router\",\"reason\":\"gone\",\"attempts\":0}", DeadLetter.class))
                .getMessage());
    }

    @Test
    void keepsAResponseBodyOfUpTo1KiB() {
        String body = "x".repeat(1024);

        assertEquals(body, withResponseBody(body).lastResponseBody());
        assertNull(withResponseBody(null).lastResponseBody());
        assertEquals("", withResponseBody("").lastResponseBody());
    }

    @Test
    void truncatesTheResponseBodyTo1KiB() {
        String body = "0123456789abcdef".repeat(200);

        DeadLetter dead = withResponseBody(body);

        assertEquals(body.substring(0, 1024), dead.lastResponseBody());
        assertEquals(body.substring(0, 1024), Json.read(Json.write(dead), DeadLetter.class).lastResponseBody());
    }

    @Test
    void truncatesMultiByteTextTo1KiBOfUtf8() {
        assertEquals("é".repeat(512), withResponseBody("é".repeat(1000)).lastResponseBody());
        assertEquals("€".repeat(341), withResponseBody("€".repeat(400)).lastResponseBody()); // 1023 bytes
        assertEquals("a" + "€".repeat(341), withResponseBody("a" + "€".repeat(400)).lastResponseBody()); // 1024
    }

    @Test
    void neverSplitsACharacterWhenTruncating() {
        String cut = withResponseBody("a".repeat(1022) + "😀" + "b".repeat(10)).lastResponseBody();
        assertEquals("a".repeat(1022), cut);

        String kept = withResponseBody("a".repeat(1020) + "😀" + "b".repeat(10)).lastResponseBody();
        assertEquals("a".repeat(1020) + "😀", kept);
        assertEquals(1024, kept.getBytes(UTF_8).length);

        DeadLetter back = Json.read(Json.write(withResponseBody("a".repeat(1023) + "😀")), DeadLetter.class);
        assertEquals("a".repeat(1023), back.lastResponseBody());
        assertTrue(back.lastResponseBody().codePoints().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF));
    }
}
