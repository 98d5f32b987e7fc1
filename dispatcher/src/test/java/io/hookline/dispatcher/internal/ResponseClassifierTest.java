package io.hookline.dispatcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hookline.common.wire.DeadLetterReason;
import io.hookline.dispatcher.DeliveryOutcome;
import io.hookline.dispatcher.http.HttpResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseClassifierTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:15:30Z");
    private final ResponseClassifier classifier =
            new ResponseClassifier(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(1));

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 202, 204, 299})
    void deliversOn2xx(int status) {
        DeliveryOutcome outcome = classifier.classify(response(status, null));

        assertEquals(new DeliveryOutcome.Delivered(status), outcome);
        assertEquals("delivered", outcome.wireName());
        assertNull(outcome.error());
    }

    @Test
    void failsForGoodOn410Gone() {
        DeliveryOutcome outcome = classifier.classify(response(410, null));

        DeliveryOutcome.Fail fail = assertInstanceOf(DeliveryOutcome.Fail.class, outcome);
        assertEquals(410, fail.status());
        assertEquals(DeadLetterReason.GONE, fail.reason());
        assertEquals("failed", fail.wireName());
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void retriesRedirectsAsFailuresWithoutFollowingThem(int status) {
        DeliveryOutcome.Retry retry = assertInstanceOf(DeliveryOutcome.Retry.class,
                classifier.classify(response(status, "5")));

        assertEquals(status, retry.status());
        assertEquals("HTTP " + status + " redirect, not followed", retry.error());
        assertNull(retry.retryAfter(), "Retry-After only counts with 429 and 503");
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 404, 408, 413, 500, 502, 504})
    void retriesOtherStatusesOnTheSchedule(int status) {
        assertEquals(new DeliveryOutcome.Retry(status, "HTTP " + status, null),
                classifier.classify(response(status, "30")));
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 503})
    void retriesAfterRetryAfterHeaderInSeconds(int status) {
        assertEquals(new DeliveryOutcome.Retry(status, "HTTP " + status, Duration.ofSeconds(120)),
                classifier.classify(response(status, " 120 ")));
    }

    @Test
    void retriesAfterRetryAfterHeaderAsHttpDate() {
        DeliveryOutcome.Retry retry = (DeliveryOutcome.Retry) classifier.classify(
                response(503, "Fri, 27 Nov 2026 10:20:30 GMT"));

        assertEquals(Duration.ofMinutes(5), retry.retryAfter());
    }

    @Test
    void failsForGoodWhenTheSsrfGuardBlockedTheRequest() {
        DeliveryOutcome outcome = classifier.classify(new HttpResult.Blocked("nat64/loopback",
                "no allowed address for hooks.example.com: 64:ff9b:0:0:0:0:7f00:1 is nat64/loopback"));

        assertEquals(new DeliveryOutcome.Fail(null, "blocked by the SSRF guard, rule nat64/loopback: no allowed "
                + "address for hooks.example.com: 64:ff9b:0:0:0:0:7f00:1 is nat64/loopback",
                DeadLetterReason.BLOCKED_ADDRESS), outcome);
    }

    @Test
    void clampsRetryAfterToTheMaximum() {
        assertEquals(Duration.ofHours(1), retryAfter("86400"));
        assertEquals(Duration.ofHours(1), retryAfter("99999999999999999999999"));
        assertEquals(Duration.ofHours(1), retryAfter("Sat, 28 Nov 2026 10:15:30 GMT"));
    }

    @Test
    void clampsRetryAfterInThePastToZero() {
        assertEquals(Duration.ZERO, retryAfter("Wed, 21 Oct 2015 07:28:00 GMT"));
        assertEquals(Duration.ZERO, retryAfter("0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "-5", "1.5", "2026-11-27T10:20:30Z"})
    void ignoresAnUnreadableRetryAfter(String value) {
        assertNull(retryAfter(value));
    }

    @Test
    void ignoresAMissingRetryAfter() {
        assertEquals(new DeliveryOutcome.Retry(429, "HTTP 429", null), classifier.classify(response(429, null)));
    }

    @Test
    void retriesTimeoutsAndConnectionErrorsWithoutStatus() {
        DeliveryOutcome outcome = classifier.classify(
                new HttpResult.Failure(HttpResult.Kind.TIMEOUT, "no complete response within 15s"));

        assertEquals(new DeliveryOutcome.Retry(null, "no complete response within 15s", null), outcome);
        assertEquals("retry", outcome.wireName());
        assertEquals(new DeliveryOutcome.Retry(null, "connection refused", null), classifier.classify(
                new HttpResult.Failure(HttpResult.Kind.CONNECT, "connection refused")));
    }

    @Test
    void judgesATruncatedResponseByItsStatus() {
        assertEquals(new DeliveryOutcome.Delivered(200),
                classifier.classify(new HttpResult.Response(200, null, new byte[16], true)));
    }

    private Duration retryAfter(String value) {
        return ((DeliveryOutcome.Retry) classifier.classify(response(429, value))).retryAfter();
    }

    private static HttpResult response(int status, String retryAfter) {
        return new HttpResult.Response(status, retryAfter, new byte[0], false);
    }
}
