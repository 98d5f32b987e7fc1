package io.hookline.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeliveryTest {
    private static final Instant FIRST = Instant.parse("2026-11-27T10:15:31Z");
    private static final Instant NOT_BEFORE = Instant.parse("2026-11-27T10:15:36.250Z");
    private static final String BODY = "{\"id\":\"evt_1\",\"type\":\"order.created\",\"data\":{\"total\":19.90}}";

    private static Delivery retry() {
        return new Delivery("msg_abc", "evt_1", "order.created", "acme", "sub_1", BODY, 2, FIRST, NOT_BEFORE);
    }

    private static String rejection(String json) {
        return assertThrows(InvalidRecordException.class, () -> Json.read(json, Delivery.class)).getMessage();
    }

    @Test
    void roundTripsARetry() {
        String json = Json.writeString(retry());

        assertEquals("{\"deliveryId\":\"msg_abc\",\"eventId\":\"evt_1\",\"eventType\":\"order.created\","
                + "\"tenant\":\"acme\",\"subscriptionId\":\"sub_1\",\"body\":" + Json.writeString(BODY) + ","
                + "\"attempt\":2,\"firstAttemptAt\":\"2026-11-27T10:15:31Z\","
                + "\"notBefore\":\"2026-11-27T10:15:36.250Z\"}", json);
        assertEquals(retry(), Json.read(json, Delivery.class));
    }

    @Test
    void keepsTheBodyByteForByte() {
        String body = "{\"name\":\"Zoë ☕ 😀\",\"n\":1.10,\"s\":\"a\\\"b\\u0000\"}";
        Delivery delivery = new Delivery("msg_abc", "evt_1", "a", "acme", "sub_1", body, 1, null, null);

        assertEquals(body, Json.read(Json.write(delivery), Delivery.class).body());
    }

    @Test
    void firstDeliveryOmitsTheRetryFields() {
        Delivery first = new Delivery("msg_abc", "evt_1", "a", "acme", "sub_1", "{}", 1, null, null);

        String json = Json.writeString(first);

        assertFalse(json.contains("firstAttemptAt"), json);
        assertFalse(json.contains("notBefore"), json);
        assertEquals(first, Json.read(json, Delivery.class));
    }

    @Test
    void firstOfAnEventCarriesItsIdsAndTheWebhookBody() {
        Event event = new Event("evt_2Qx", "order.created", Instant.parse("2026-11-27T10:15:30Z"), "acme",
                "{\"orderId\":42}");

        Delivery delivery = Delivery.first(event, "sub_1");

        assertEquals(new Delivery(DeliveryIds.deliveryId("evt_2Qx", "sub_1"), "evt_2Qx", "order.created", "acme",
                "sub_1", "{\"id\":\"evt_2Qx\",\"type\":\"order.created\",\"timestamp\":\"2026-11-27T10:15:30Z\","
                + "\"data\":{\"orderId\":42}}", 1, null, null), delivery);
    }

    @Test
    void firstOfTheSameEventAndSubscriptionHasTheSameId() {
        Event event = new Event("evt_2Qx", "order.created", null, "acme", "{}");

        assertEquals(Delivery.first(event, "sub_1").deliveryId(), Delivery.first(event, "sub_1").deliveryId());
        assertFalse(Delivery.first(event, "sub_1").deliveryId().equals(Delivery.first(event, "sub_2").deliveryId()));
    }

    @Test
    void theNextAttemptAfterTheFirstRecordsWhenTheFirstWasMade() {
        Delivery first = new Delivery("msg_abc", "evt_1", "order.created", "acme", "sub_1", BODY, 1, null, null);

        Delivery second = first.nextAttempt(FIRST, NOT_BEFORE);

        assertEquals(retry(), second);
        assertEquals(second, Json.read(Json.write(second), Delivery.class));
    }

    @Test
    void laterAttemptsKeepTheTimeOfTheFirst() {
        Instant secondFailedAt = Instant.parse("2026-11-27T10:15:37Z");
        Instant later = Instant.parse("2026-11-27T10:16:40Z");

        Delivery third = retry().nextAttempt(secondFailedAt, later);

        assertEquals(new Delivery("msg_abc", "evt_1", "order.created", "acme", "sub_1", BODY, 3, FIRST, later), third);
    }

    @Test
    void aPostponedDeliveryKeepsItsAttempt() {
        Delivery first = new Delivery("msg_abc", "evt_1", "order.created", "acme", "sub_1", BODY, 1, null, null);

        assertEquals(new Delivery("msg_abc", "evt_1", "order.created", "acme", "sub_1", BODY, 1, null, NOT_BEFORE),
                first.postponed(NOT_BEFORE));
        Instant later = NOT_BEFORE.plusSeconds(5);
        assertEquals(new Delivery("msg_abc", "evt_1", "order.created", "acme", "sub_1", BODY, 2, FIRST, later),
                retry().postponed(later));
    }

    @Test
    void theNextAttemptNeedsItsTimes() {
        assertThrows(NullPointerException.class, () -> retry().nextAttempt(null, NOT_BEFORE));
        assertThrows(NullPointerException.class, () -> retry().nextAttempt(FIRST, null));
        assertThrows(NullPointerException.class, () -> retry().postponed(null));
    }

    @Test
    void rejectsABadAttemptNumber() {
        String json = Json.writeString(retry());

        assertEquals("attempt must be at least 1, got 0", rejection(json.replace("\"attempt\":2", "\"attempt\":0")));
        assertEquals("not a valid Delivery: attempt: is required", rejection(json.replace("\"attempt\":2,", "")));
        assertEquals("not a valid Delivery: attempt: expected a value of type int, got a string",
                rejection(json.replace("\"attempt\":2", "\"attempt\":\"2nd\"")));
    }

    @Test
    void rejectsMissingFields() {
        String json = Json.writeString(retry());

        assertEquals("body is required", rejection(json.replace("\"body\":", "\"bodyX\":")));
        assertEquals("deliveryId is required", rejection(json.replace("\"deliveryId\":", "\"x\":")));
        assertEquals("eventId is required", rejection(json.replace("\"eventId\":", "\"x\":")));
        assertEquals("eventType is required", rejection(json.replace("\"eventType\":", "\"x\":")));
        assertEquals("tenant is required", rejection(json.replace("\"tenant\":", "\"x\":")));
        assertEquals("subscriptionId is required", rejection(json.replace("\"subscriptionId\":", "\"x\":")));
    }

    @Test
    void ignoresUnknownFields() {
        String json = Json.writeString(retry());

        assertEquals(retry(), Json.read(json.replace("{\"deliveryId\"", "{\"url\":\"https://x\",\"deliveryId\""),
                Delivery.class));
    }
}
