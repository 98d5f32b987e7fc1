package io.hookline.common.wire;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonSerdeTest {
    private static final JsonSerde<Event> EVENTS = JsonSerde.of(Event.class);
    private static final Event EVENT = new Event("evt_1", "order.created", Instant.parse("2026-11-27T10:15:30Z"),
            "acme", "{\"orderId\":42}");

    @Test
    void nullIsATombstoneBothWays() {
        assertNull(EVENTS.serialize("webhooks.events", null));
        assertNull(EVENTS.deserialize("webhooks.events", null));
        assertNull(JsonSerde.of(Subscription.class).deserializer().deserialize("webhooks.subscriptions", null));
    }

    @Test
    void writesUtf8JsonAndReadsItBack() {
        byte[] bytes = EVENTS.serializer().serialize("webhooks.events", EVENT);

        assertArrayEquals(("{\"id\":\"evt_1\",\"type\":\"order.created\",\"timestamp\":\"2026-11-27T10:15:30Z\","
                + "\"tenant\":\"acme\",\"data\":{\"orderId\":42}}").getBytes(UTF_8), bytes);
        assertEquals(EVENT, EVENTS.deserializer().deserialize("webhooks.events", bytes));
    }

    @Test
    void isItsOwnSerializerAndDeserializer() {
        assertSame(EVENTS, EVENTS.serializer());
        assertSame(EVENTS, EVENTS.deserializer());
    }

    static Stream<Arguments> unreadableBytes() {
        return Stream.of(
                Arguments.of(Named.of("cut-off JSON", "{\"type\": \"a\", ".getBytes(UTF_8)),
                        "webhooks.events: not a valid Event: Unexpected end-of-input"),
                Arguments.of(Named.of("bytes that are not UTF-8",
                                new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'}),
                        "webhooks.events: not a valid Event: Invalid UTF-8 start byte 0xff"),
                Arguments.of(Named.of("empty bytes, which are not a tombstone", new byte[0]),
                        "webhooks.events: not a valid Event: no content"));
    }

    @ParameterizedTest
    @MethodSource("unreadableBytes")
    void unreadableBytesThrowKafkasSerializationExceptionWithTheReasonInOneLine(byte[] value, String start) {
        SerializationException e = rejection(value);

        assertTrue(e.getMessage().startsWith(start), e.getMessage());
        assertInstanceOf(InvalidRecordException.class, e.getCause());
        assertEquals(-1, e.getMessage().indexOf('\n'), "one line: " + e.getMessage());
    }

    @Test
    void aContractViolationThrowsKafkasSerializationExceptionNamingTheField() {
        SerializationException e = rejection("{\"data\":{}}".getBytes(UTF_8));

        assertEquals("webhooks.events: type is required", e.getMessage());
    }

    @Test
    void aJsonNullValueIsNotATombstone() {
        SerializationException e = rejection("null".getBytes(UTF_8));

        assertEquals("webhooks.events: expected a JSON object, got null", e.getMessage());
    }

    @Test
    void aSubscriptionErrorNeverShowsItsSecret() {
        String json = "{\"id\":\"sub_1\",\"tenant\":\"acme\",\"url\":\"https://h.example.com\",\"eventTypes\":[\"a\"],"
                + "\"secrets\":[\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"],\"maxAttempts\":0}";

        SerializationException e = assertThrows(SerializationException.class,
                () -> JsonSerde.of(Subscription.class).deserialize("webhooks.subscriptions", json.getBytes(UTF_8)));

        assertEquals("webhooks.subscriptions: maxAttempts must be 1-100, got 0", e.getMessage());
    }

    /** What reading {@code value} from webhooks.events throws. */
    private static SerializationException rejection(byte[] value) {
        return assertThrows(SerializationException.class, () -> EVENTS.deserialize("webhooks.events", value));
    }
}
