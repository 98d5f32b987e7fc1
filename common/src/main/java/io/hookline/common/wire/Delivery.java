package io.hookline.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * One event bound for one subscription: what the router writes to {@code webhooks.deliveries}
 * and the dispatcher consumes (and, with {@code notBefore}, what retry topics hold).
 * It carries no URL and no secret: the dispatcher reads the subscription as it is now.
 *
 * @param deliveryId     deterministic from (event id, subscription id); the {@code webhook-id} header
 * @param body           the exact bytes to POST, as UTF-8 text
 * @param attempt        the number of the attempt this record is for, 1 for the first
 * @param firstAttemptAt when the first attempt was made; null before it
 * @param notBefore      for retries, the earliest time of the next attempt
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Delivery(String deliveryId, String eventId, String eventType, String tenant,
                       String subscriptionId, String body, int attempt, Instant firstAttemptAt,
                       Instant notBefore) {

    public Delivery {
        Checks.name(deliveryId, "deliveryId");
        Checks.name(eventId, "eventId");
        EventTypePattern.requireValidType(Checks.required(eventType, "eventType"));
        Checks.name(tenant, "tenant");
        Checks.name(subscriptionId, "subscriptionId");
        Checks.required(body, "body");
        Checks.positive(attempt, "attempt");
    }

    /** The first delivery of {@code event} (with defaults filled in) to {@code subscriptionId}. */
    public static Delivery first(Event event, String subscriptionId) {
        return new Delivery(DeliveryIds.deliveryId(event.id(), subscriptionId), event.id(), event.type(),
                event.tenant(), subscriptionId, event.webhookBody(), 1, null, null);
    }

    /** This delivery with another body: the same ids, attempt and times. */
    public Delivery withBody(String newBody) {
        return new Delivery(deliveryId, eventId, eventType, tenant, subscriptionId, newBody, attempt, firstAttemptAt,
                notBefore);
    }

    /**
     * The record of the attempt after this one, which failed: what goes to a retry tier.
     *
     * @param attemptedAt when this attempt was made; it becomes {@code firstAttemptAt} if this was the
     *                    first, else the first attempt's time is kept
     * @param notBefore   the earliest time of the next attempt
     */
    public Delivery nextAttempt(Instant attemptedAt, Instant notBefore) {
        Objects.requireNonNull(attemptedAt, "attemptedAt");
        Objects.requireNonNull(notBefore, "notBefore");
        return new Delivery(deliveryId, eventId, eventType, tenant, subscriptionId, body, attempt + 1,
                firstAttemptAt != null ? firstAttemptAt : attemptedAt, notBefore);
    }

    /**
     * This same attempt, not made but put off until {@code notBefore} (its endpoint was at its
     * in-flight bound): the attempt number and {@code firstAttemptAt} stay as they are.
     */
    public Delivery postponed(Instant notBefore) {
        Objects.requireNonNull(notBefore, "notBefore");
        return new Delivery(deliveryId, eventId, eventType, tenant, subscriptionId, body, attempt, firstAttemptAt,
                notBefore);
    }
}
