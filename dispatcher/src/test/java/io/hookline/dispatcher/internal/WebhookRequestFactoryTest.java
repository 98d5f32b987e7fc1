package io.hookline.dispatcher.internal;

import static io.hookline.testkit.Fixtures.delivery;
import static io.hookline.testkit.Fixtures.subscription;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.signing.WebhookVerificationException;
import io.hookline.common.signing.WebhookVerifier;
import io.hookline.common.wire.Delivery;
import io.hookline.dispatcher.http.WebhookRequest;
import io.hookline.testkit.Fixtures.SubscriptionBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookRequestFactoryTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:15:30.250Z");
    private static final WebhookSecret OLD = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final WebhookSecret NEW = WebhookSecret.generate();
    private static final String BODY = "{\"id\":\"evt_1\",\"type\":\"order.created\",\"data\":{\"name\":\"Zoë ✓\"}}";

    private final WebhookRequestFactory factory = new WebhookRequestFactory("Hookline/1.2.3");
    private final Delivery delivery = delivery("evt_1", "sub_1").deliveryId("msg_abc").body(BODY).build();
    /** Its URL has a query, which nothing may show. */
    private final SubscriptionBuilder subscription = subscription("sub_1").url("https://hooks.example.com/in?team=7")
            .secrets(OLD);

    @Test
    void signsWithEverySecretOfTheSubscription() {
        WebhookRequest request = factory.create(delivery, subscription.secrets(OLD, NEW).build(), NOW);

        String[] signatures = request.header("webhook-signature").split(" ");
        assertEquals(2, signatures.length);
        assertTrue(signatures[0].startsWith("v1,") && signatures[1].startsWith("v1,"));
        // A receiver that knows only one of the secrets, old or new, verifies the request.
        assertDoesNotThrow(() -> verifier(OLD).verify(request.headers(), request.body()));
        assertDoesNotThrow(() -> verifier(NEW).verify(request.headers(), request.body()));
        assertThrows(WebhookVerificationException.class,
                () -> verifier(WebhookSecret.generate()).verify(request.headers(), request.body()));
    }

    @Test
    void setsTheStandardWebhooksHeadersOfThisAttempt() {
        WebhookRequest request = factory.create(delivery, subscription.build(), NOW);

        assertEquals("msg_abc", request.header("webhook-id"));
        assertEquals(Long.toString(NOW.getEpochSecond()), request.header("webhook-timestamp"));
        assertEquals("application/json", request.header("Content-Type"));
        assertEquals("Hookline/1.2.3", request.header("User-Agent"));
        assertEquals(URI.create("https://hooks.example.com/in?team=7"), request.url());
    }

    @Test
    void postsTheDeliveryBodyByteForByte() {
        WebhookRequest request = factory.create(delivery, subscription.build(), NOW);

        assertArrayEquals(BODY.getBytes(StandardCharsets.UTF_8), request.body());
    }

    @Test
    void addsTheCustomHeadersOfTheSubscription() {
        WebhookRequest request = factory.create(delivery, subscription.header("Authorization", "Bearer s3cr3t")
                .header("X-Team", "payments").build(), NOW);

        assertEquals("Bearer s3cr3t", request.header("authorization"));
        assertEquals("payments", request.header("X-Team"));
        assertEquals(7, request.headers().size());
    }

    @Test
    void letsASubscriptionSetItsOwnUserAgent() {
        WebhookRequest request = factory.create(delivery,
                subscription.header("user-agent", "Acme-Relay/2").build(), NOW);

        assertEquals("Acme-Relay/2", request.header("User-Agent"));
        assertEquals(1, request.headers().keySet().stream().filter("user-agent"::equalsIgnoreCase).count());
    }

    @Test
    void neverShowsHeaderValuesOrTheQuery() {
        WebhookRequest request = factory.create(delivery,
                subscription.header("Authorization", "Bearer s3cr3t").build(), NOW);

        String text = request.toString();
        assertTrue(!text.contains("s3cr3t") && !text.contains("team=7") && !text.contains("v1,"), text);
    }

    private static WebhookVerifier verifier(WebhookSecret secret) {
        return new WebhookVerifier(List.of(secret), Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5));
    }
}
