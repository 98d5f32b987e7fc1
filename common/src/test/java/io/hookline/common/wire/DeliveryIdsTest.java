package io.hookline.common.wire;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeliveryIdsTest {
    private static final String MSG_FORMAT = "msg_[a-z2-7]{26}";
    private static final String EVT_FORMAT = "evt_[a-z2-7]{26}";

    @Test
    void deliveryIdIsPinned() {
        // base32 (RFC 4648, lower case, unpadded) of the first 16 bytes of SHA-256("evt_1\nsub_1"), computed
        // outside Java. If this changes, every in-flight delivery gets a new webhook-id: receivers that
        // de-duplicate on it would see each retry and replay as a new message.
        assertEquals("msg_vvhuexapovpdrglnaeek75a63a", DeliveryIds.deliveryId("evt_1", "sub_1"));
    }

    @Test
    void derivedEventIdIsPinned() {
        // SHA-256("webhooks.events\n0\n42\n1795776930000"), as above; the timestamp is 2026-11-27T10:55:30Z
        assertEquals("evt_algebt3xmtvgp6yui2h2vwcone",
                DeliveryIds.derivedEventId("webhooks.events", 0, 42, 1_795_776_930_000L));
    }

    @Test
    void isDeterministic() {
        assertEquals(DeliveryIds.deliveryId("evt_2Qx", "sub_1"), DeliveryIds.deliveryId("evt_2Qx", "sub_1"));
        assertEquals(DeliveryIds.derivedEventId("t", 5, 99, 7L), DeliveryIds.derivedEventId("t", 5, 99, 7L));
    }

    @Test
    void anEventsIdsAreEachAsIfHashedAlone() {
        DeliveryIds.EventDeliveryIds ids = DeliveryIds.ofEvent("evt_2Qx");
        for (String subscription : new String[] {"sub_1", "sub_2", "sub_1", "", "sub_ü"}) {
            assertEquals(DeliveryIds.deliveryId("evt_2Qx", subscription), ids.deliveryId(subscription), subscription);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "evt_1,  sub_1,  evt_2,  sub_1",
            "evt_1,  sub_1,  evt_1,  sub_2",
            "ab,     c,      a,      bc",
            "evt_1,  sub_1,  sub_1,  evt_1",
    })
    void differentInputsGiveDifferentDeliveryIds(String event1, String sub1, String event2, String sub2) {
        assertNotEquals(DeliveryIds.deliveryId(event1, sub1), DeliveryIds.deliveryId(event2, sub2));
    }

    @Test
    void differentCoordinatesGiveDifferentEventIds() {
        assertNotEquals(DeliveryIds.derivedEventId("webhooks.events", 1, 23, 0L),
                DeliveryIds.derivedEventId("webhooks.events", 12, 3, 0L));
        assertNotEquals(DeliveryIds.derivedEventId("webhooks.events", 0, 1, 0L),
                DeliveryIds.derivedEventId("acme.events", 0, 1, 0L));
        assertNotEquals(DeliveryIds.derivedEventId("webhooks.events", 0, 1, 1_000L),
                DeliveryIds.derivedEventId("webhooks.events", 0, 1, 2_000L),
                "a re-created topic repeats offsets, not their timestamps");
    }

    @Test
    void idsHaveTheirPrefixAnd26LowerCaseBase32Characters() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String deliveryId = DeliveryIds.deliveryId("evt_" + i, "sub_" + (i % 7));
            String eventId = DeliveryIds.derivedEventId("webhooks.events", i % 6, i, 1_000L * i);

            assertTrue(deliveryId.matches(MSG_FORMAT), deliveryId);
            assertTrue(eventId.matches(EVT_FORMAT), eventId);
            ids.add(deliveryId);
            ids.add(eventId);
        }
        assertEquals(4000, ids.size());
    }

    @Test
    void idsAreValidRecordIds() {
        String eventId = DeliveryIds.derivedEventId("webhooks.events", 0, 42, 0L);
        String deliveryId = DeliveryIds.deliveryId(eventId, "sub_1");

        Delivery delivery = new Delivery(deliveryId, eventId, "a", "acme", "sub_1", "{}", 1, null, null);

        assertEquals(deliveryId, delivery.deliveryId());
    }

    @ParameterizedTest
    @CsvSource({
            "f,      my",
            "fo,     mzxq",
            "foo,    mzxw6",
            "foob,   mzxw6yq",
            "fooba,  mzxw6ytb",
            "foobar, mzxw6ytboi",
    })
    void base32FollowsRfc4648InLowerCaseWithoutPadding(String input, String expected) {
        byte[] bytes = input.getBytes(US_ASCII);
        assertEquals(expected, DeliveryIds.base32(bytes, bytes.length));
    }
}
