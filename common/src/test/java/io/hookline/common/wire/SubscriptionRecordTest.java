package io.hookline.common.wire;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SubscriptionRecordTest {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String VALID = "{\"id\":\"sub_1\",\"tenant\":\"acme\",\"url\":\"https://hooks.example.com/in\","
            + "\"eventTypes\":[\"order.*\"],\"secrets\":[\"" + SECRET + "\"]}";

    @Test
    void aValidRecordIsItsSubscription() {
        SubscriptionRecord read = SubscriptionRecord.read("sub_1", VALID.getBytes(UTF_8));

        SubscriptionRecord.Valid valid = assertInstanceOf(SubscriptionRecord.Valid.class, read);
        assertEquals("sub_1", valid.id());
        assertEquals("acme", valid.subscription().tenant());
    }

    @Test
    void aTombstoneDeletes() {
        assertEquals(new SubscriptionRecord.Deleted("sub_1"), SubscriptionRecord.read("sub_1", null));
    }

    @Test
    void aRecordWithoutKeyNamesNoSubscription() {
        assertNull(SubscriptionRecord.read(null, VALID.getBytes(UTF_8)));
        assertNull(SubscriptionRecord.read(null, null));
    }

    @Test
    void aKeyThatIsNotTheIdIsInvalid() {
        SubscriptionRecord read = SubscriptionRecord.read("sub_2", VALID.getBytes(UTF_8));

        SubscriptionRecord.Invalid invalid = assertInstanceOf(SubscriptionRecord.Invalid.class, read);
        assertEquals("sub_2", invalid.id());
        assertTrue(invalid.reason().contains("is not the subscription's id 'sub_1'"), invalid.reason());
    }

    @Test
    void anInvalidRecordNeverQuotesItsInput() {
        String leaky = VALID.replace("\"eventTypes\"", "\"enabled\":\"Bearer sk_live_123\",\"eventTypes\"");
        SubscriptionRecord.Invalid invalid = assertInstanceOf(SubscriptionRecord.Invalid.class,
                SubscriptionRecord.read("sub_1", leaky.getBytes(UTF_8)));
        assertFalse(invalid.reason().contains("sk_live"), invalid.reason());

        SubscriptionRecord.Invalid garbage = assertInstanceOf(SubscriptionRecord.Invalid.class,
                SubscriptionRecord.read("sub_1", ("{\"id\": sk_live_123}").getBytes(UTF_8)));
        assertFalse(garbage.reason().contains("sk_live"), garbage.reason());
    }

    @Test
    void controlCharactersInAKeyAreMadeVisible() {
        SubscriptionRecord.Invalid invalid = assertInstanceOf(SubscriptionRecord.Invalid.class,
                SubscriptionRecord.read("sub\n2", VALID.getBytes(UTF_8)));
        assertFalse(invalid.reason().contains("\n"), invalid.reason());
    }
}
