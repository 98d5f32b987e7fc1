package io.hookline.dispatcher.internal;

import io.hookline.common.wire.DeadLetterReason;
import io.hookline.dispatcher.DeliveryOutcome;
import io.hookline.dispatcher.http.HttpResult;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Turns how an HTTP exchange ended into a {@link DeliveryOutcome}: 2xx is delivered; 410 Gone
 * and a request the SSRF guard blocked ({@code blocked_address}, the rule named in the error)
 * fail for good; 429 and 503 retry after their {@code Retry-After} (clamped); everything
 * else, 3xx included (redirects are never followed), timeouts and connection errors retry
 * on the schedule.
 */
public record ResponseClassifier(Clock clock, Duration maxRetryAfter) {
    private static final int MAX_DELTA_SECONDS_DIGITS = 12;

    public DeliveryOutcome classify(HttpResult result) {
        if (result instanceof HttpResult.Blocked blocked) {
            // Retrying cannot help: the policy or the endpoint's DNS has to change first.
            return new DeliveryOutcome.Fail(null, "blocked by the SSRF guard, rule " + blocked.rule() + ": "
                    + blocked.message(), DeadLetterReason.BLOCKED_ADDRESS);
        }
        if (result instanceof HttpResult.Failure failure) {
            return new DeliveryOutcome.Retry(null, failure.message(), null);
        }
        HttpResult.Response response = (HttpResult.Response) result;
        int status = response.status();
        if (status >= 200 && status < 300) {
            return new DeliveryOutcome.Delivered(status);
        }
        if (status == 410) {
            return new DeliveryOutcome.Fail(status, "HTTP 410 Gone: the endpoint asked to stop", DeadLetterReason.GONE);
        }
        if (status >= 300 && status < 400) {
            return new DeliveryOutcome.Retry(status, "HTTP " + status + " redirect, not followed", null);
        }
        if (status == 429 || status == 503) {
            return new DeliveryOutcome.Retry(status, "HTTP " + status, retryAfter(response.retryAfter()));
        }
        return new DeliveryOutcome.Retry(status, "HTTP " + status, null);
    }

    /**
     * The delay a {@code Retry-After} value asks for, in delta-seconds ({@code 120}) or
     * HTTP-date ({@code Wed, 21 Oct 2015 07:28:00 GMT}) form, clamped to zero and the maximum;
     * null when absent or unreadable.
     */
    Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        Duration asked;
        if (text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // More digits than fit a long are just a very long wait: the maximum.
            asked = text.length() > MAX_DELTA_SECONDS_DIGITS ? maxRetryAfter : Duration.ofSeconds(Long.parseLong(text));
        } else {
            try {
                ZonedDateTime date = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
                asked = Duration.between(clock.instant(), date.toInstant());
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        if (asked.isNegative()) {
            return Duration.ZERO;
        }
        return asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
    }
}
