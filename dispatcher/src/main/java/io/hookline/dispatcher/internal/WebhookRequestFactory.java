package io.hookline.dispatcher.internal;

import io.hookline.common.signing.WebhookSigner;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.Subscription;
import io.hookline.dispatcher.http.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the signed Standard Webhooks request of one attempt: the delivery's exact body, the
 * subscription's custom headers, and {@code webhook-id} (the delivery id),
 * {@code webhook-timestamp} (this attempt, Unix seconds) and {@code webhook-signature} (one
 * {@code v1,…} per secret of the subscription, so receivers can rotate secrets).
 */
public final class WebhookRequestFactory {
    static final String CONTENT_TYPE = "application/json";

    private final String userAgent;

    /** @param userAgent e.g. {@code Hookline/0.1.0} */
    public WebhookRequestFactory(String userAgent) {
        this.userAgent = userAgent;
    }

    /** The request of an attempt made at {@code now}, to the subscription as it is now. */
    public WebhookRequest create(Delivery delivery, Subscription subscription, Instant now) {
        byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
        long timestamp = now.getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", CONTENT_TYPE);
        headers.put("User-Agent", userAgent);
        // Subscriptions cannot name the webhook-* and framing headers (Subscription checks that),
        // but may set their own User-Agent: theirs wins.
        subscription.headers().forEach((name, value) -> {
            headers.keySet().removeIf(name::equalsIgnoreCase);
            headers.put(name, value);
        });
        headers.put("webhook-id", delivery.deliveryId());
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature",
                WebhookSigner.sign(subscription.signingSecrets(), delivery.deliveryId(), timestamp, body));
        return new WebhookRequest(subscription.url(), headers, body);
    }
}
