package io.hookline.common.signing;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.security.MessageDigest;

/**
 * Verifies Standard Webhooks requests, for receivers written in Java: the timestamp must be
 * within the tolerance of now (default ±5 minutes, against replays) and at least one
 * {@code v1} signature must match one of the secrets (compared in constant time).
 */
public final class WebhookVerifier {
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private final List<WebhookSecret> secrets;
    private final Clock clock;
    private final Duration tolerance;

    public WebhookVerifier(List<WebhookSecret> secrets, Clock clock, Duration tolerance) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("a verifier needs at least one secret");
        }
        this.secrets = List.copyOf(secrets);
        this.clock = clock;
        this.tolerance = tolerance;
    }

    public WebhookVerifier(List<WebhookSecret> secrets) {
        this(secrets, Clock.systemUTC(), DEFAULT_TOLERANCE);
    }

    /**
     * Verifies a request from its headers (names in any case) and raw body.
     *
     * @throws WebhookVerificationException saying what failed
     */
    public void verify(Map<String, String> headers, byte[] body) {
        verify(header(headers, "webhook-id"), header(headers, "webhook-timestamp"),
                header(headers, "webhook-signature"), body);
    }

    /** @throws WebhookVerificationException saying what failed */
    public void verify(String messageId, String timestamp, String signatureHeader, byte[] body) {
        if (messageId == null || timestamp == null || signatureHeader == null) {
            throw new WebhookVerificationException("missing webhook-id, webhook-timestamp or webhook-signature");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw new WebhookVerificationException("webhook-timestamp is not a number of seconds");
        }
        long away = secondsAway(clock.instant().getEpochSecond(), seconds);
        if (away > tolerance.toSeconds() || away < -tolerance.toSeconds()) {
            throw new WebhookVerificationException("webhook-timestamp is " + away
                    + " s away from now, more than the tolerance of " + tolerance.toSeconds() + " s");
        }
        for (WebhookSecret secret : secrets) {
            byte[] expected = WebhookSigner.signature(secret, messageId, seconds, body)
                    .getBytes(StandardCharsets.US_ASCII);
            for (String candidate : signatureHeader.trim().split(" +")) {
                int comma = candidate.indexOf(',');
                if (comma < 0 || !candidate.substring(0, comma).equals("v1")) {
                    continue; // other versions are allowed alongside, and ignored
                }
                byte[] given = candidate.substring(comma + 1).getBytes(StandardCharsets.US_ASCII);
                if (MessageDigest.isEqual(expected, given)) {
                    return;
                }
            }
        }
        throw new WebhookVerificationException("no v1 signature matches any of the " + secrets.size() + " secret(s)");
    }

    /** now - timestamp, saturated: a plain subtraction overflows for timestamps near Long.MIN_VALUE. */
    private static long secondsAway(long now, long timestamp) {
        try {
            return Math.subtractExact(now, timestamp);
        } catch (ArithmeticException e) {
            return now > timestamp ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
    }

    private static String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey() != null && header.getKey().toLowerCase(Locale.ROOT).equals(name)) {
                return header.getValue();
            }
        }
        return null;
    }
}
