package io.hookline.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JsonTest {
    private static final String SECRET_KEY = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void requireJsonReturnsWellFormedJson() {
        String text = "{\"a\": [1, 2.50]}";

        assertSame(text, Json.requireJson(text, "body"));
    }

    @Test
    void requireJsonNamesWhatIsNotJson() {
        String message = assertThrows(InvalidRecordException.class, () -> Json.requireJson("{\"a\":", "body"))
                .getMessage();

        assertTrue(message.startsWith("body is not valid JSON: Unexpected end-of-input"), message);
        assertEquals(-1, message.indexOf('\n'), message);
    }

    @Test
    void writePrettyIndentsForPeople() {
        assertEquals("{\n  \"type\" : \"a\",\n  \"data\" : [1,2]\n}".replace("\n", System.lineSeparator()),
                Json.writePretty(new Event(null, "a", null, null, "[1,2]")));
    }

    @Test
    void readFromTextAndFromBytesAgree() {
        String json = "{\"type\":\"a\",\"data\":{\"n\":1.10}}";

        assertEquals(Json.read(json, Event.class), Json.read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Event.class));
    }

    @Test
    void readErrorsRedactSecretsQuotedByTheParser() {
        String json = "{\"id\":\"sub_1\",\"secrets\":[whsec_" + SECRET_KEY + "]}";

        InvalidRecordException e = assertThrows(InvalidRecordException.class,
                () -> Json.read(json, Subscription.class));

        assertTrue(e.getMessage().startsWith("not a valid Subscription: secrets[0]: Unrecognized token '…'"),
                e.getMessage());
        assertFalse(e.getMessage().contains(SECRET_KEY), e.getMessage());
        assertNull(e.getCause());
    }

    @Test
    void parseErrorsNeverQuoteTheInput() {
        InvalidRecordException e = assertThrows(InvalidRecordException.class,
                () -> Json.read("{\"type\":\"a\",\"data\":1,\"headers\":{\"X-Api-Key\": sk_live_abc123}}",
                        Event.class));

        assertTrue(e.getMessage().startsWith("not a valid Event: Unrecognized token '…'"), e.getMessage());
        assertFalse(e.getMessage().contains("sk_live"), e.getMessage());
        assertNull(e.getCause(), "Jackson's own message quotes the input");
    }
}
