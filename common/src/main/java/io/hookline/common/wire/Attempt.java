package io.hookline.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One HTTP attempt of a delivery, as written to {@code webhooks.attempts}.
 *
 * @param status  the HTTP status, null when no response came (timeout, refused, blocked)
 * @param error   what went wrong, null on success
 * @param outcome {@code delivered}, {@code retry} or {@code failed}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Attempt(String deliveryId, String eventId, String eventType, String tenant, String subscriptionId,
                      int attempt, Instant at, long durationMillis, Integer status, String error, String outcome) {

    public Attempt {
        Checks.name(deliveryId, "deliveryId");
        Checks.name(subscriptionId, "subscriptionId");
        Checks.positive(attempt, "attempt");
        Checks.required(at, "at");
        Checks.required(outcome, "outcome");
    }
}
