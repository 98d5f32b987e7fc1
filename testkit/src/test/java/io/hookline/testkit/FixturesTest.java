package io.hookline.testkit;

import static io.hookline.testkit.Fixtures.delivery;
import static io.hookline.testkit.Fixtures.event;
import static io.hookline.testkit.Fixtures.subscription;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.DeliveryIds;
import io.hookline.common.wire.Event;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Subscription;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FixturesTest {

    @Test
    void subscriptionDefaultsAreValidAndSurviveTheWire() {
        Subscription subscription = subscription("s1").build();

        assertEquals(new Subscription("s1", "acme", URI.create("https://hooks.example.com/s1"), List.of("**"),
                List.of(Fixtures.SECRET), Map.of(), true, null, null, Subscription.VERSION), subscription);
        assertEquals(subscription, Json.read(Json.write(subscription), Subscription.class));
    }

    @Test
    void subscriptionTakesEachFieldATestSets() {
        WebhookSecret other = WebhookSecret.generate();
        Subscription subscription = subscription("s2").tenant("globex").url("http://127.0.0.1:8080/in")
                .eventTypes("order.*", "invoice.paid").secrets(other, Fixtures.SECRET)
                .header("Authorization", "Bearer t").enabled(false).maxAttempts(3).description("d").build();

        assertEquals(new Subscription("s2", "globex", URI.create("http://127.0.0.1:8080/in"),
                List.of("order.*", "invoice.paid"), List.of(other, Fixtures.SECRET), Map.of("Authorization", "Bearer t"),
                false, 3, "d", Subscription.VERSION), subscription);
    }

    @Test
    void deliveryIdIsDerivedAsTheRouterDerivesItUnlessSet() {
        Delivery first = delivery("evt_7", "s1").build();

        assertEquals(DeliveryIds.deliveryId("evt_7", "s1"), first.deliveryId());
        assertEquals(Delivery.first(event("evt_7").timestamp(null).build(), "s1").deliveryId(), first.deliveryId());
        assertEquals("{\"id\":\"evt_7\",\"type\":\"order.created\",\"data\":{}}", first.body());
        assertEquals(1, first.attempt());
        assertNull(first.firstAttemptAt());
        assertEquals("msg_fixed", delivery("evt_7", "s1").deliveryId("msg_fixed").build().deliveryId());
    }

    @Test
    void deliveryTakesEachFieldATestSets() {
        Instant first = Instant.parse("2026-11-27T10:00:00Z");
        Instant next = first.plusSeconds(30);
        Delivery retry = delivery("evt_1", "s1").eventType("invoice.paid").tenant("globex").body("{}").attempt(2)
                .firstAttemptAt(first).notBefore(next).build();

        assertEquals(new Delivery(DeliveryIds.deliveryId("evt_1", "s1"), "evt_1", "invoice.paid", "globex", "s1", "{}",
                2, first, next), retry);
    }

    @Test
    void eventDefaultsAndOmissions() {
        assertEquals(new Event("evt_1", "order.created", Fixtures.TIMESTAMP, "acme", "{}"), event("evt_1").build());

        Event bare = event(null).type("ping").timestamp(null).tenant(null).data("[1]").build();
        assertEquals(new Event(null, "ping", null, null, "[1]"), bare);
        assertTrue(Json.writeString(bare).startsWith("{\"type\":\"ping\""), Json.writeString(bare));
    }
}
