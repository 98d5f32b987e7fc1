package io.hookline.common.signing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookVerifierTest {
    private static final WebhookSecret SPEC = WebhookSecret.parse(SpecVector.SECRET);
    private static final WebhookSecret OTHER = WebhookSecret.parse(SpecVector.OTHER_SECRET);
    private static final String TIMESTAMP = Long.toString(SpecVector.TIMESTAMP);
    private static final String NO_MATCH = "no v1 signature matches any of the 1 secret(s)";

    private static WebhookVerifier verifierAt(long epochSecond, WebhookSecret... secrets) {
        return new WebhookVerifier(List.of(secrets), Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC),
                WebhookVerifier.DEFAULT_TOLERANCE);
    }

    private static final WebhookVerifier AT_SPEC_TIME = verifierAt(SpecVector.TIMESTAMP, SPEC);

    private static String rejection(WebhookVerifier verifier, String id, String timestamp, String signature,
                                    byte[] body) {
        return assertThrows(WebhookVerificationException.class,
                () -> verifier.verify(id, timestamp, signature, body)).getMessage();
    }

    @Test
    void acceptsTheSpecTestVector() {
        assertDoesNotThrow(() -> AT_SPEC_TIME.verify(SpecVector.ID, TIMESTAMP, SpecVector.SIGNATURE,
                SpecVector.body()));
    }

    @Test
    void acceptsTheSpecTestVectorFromHeadersInAnyCase() {
        Map<String, String> headers = new HashMap<>();
        headers.put("Webhook-Id", SpecVector.ID);
        headers.put("WEBHOOK-TIMESTAMP", TIMESTAMP);
        headers.put("webhook-Signature", SpecVector.SIGNATURE);
        headers.put("Content-Type", "application/json");
        headers.put(null, "HTTP/1.1 200 OK"); // HttpURLConnection reports the status line under a null name

        assertDoesNotThrow(() -> AT_SPEC_TIME.verify(headers, SpecVector.body()));
    }

    @Test
    void rejectsATamperedId() {
        assertEquals(NO_MATCH, rejection(AT_SPEC_TIME, "msg_p5jXN8AQM9LWM0D4loKWxJel", TIMESTAMP,
                SpecVector.SIGNATURE, SpecVector.body()));
    }

    @Test
    void rejectsATamperedBody() {
        assertEquals(NO_MATCH, rejection(AT_SPEC_TIME, SpecVector.ID, TIMESTAMP, SpecVector.SIGNATURE,
                "{\"test\": 2432232315}".getBytes(UTF_8)));
        assertEquals(NO_MATCH, rejection(AT_SPEC_TIME, SpecVector.ID, TIMESTAMP, SpecVector.SIGNATURE,
                "{\"test\":2432232314}".getBytes(UTF_8)));
    }

    @Test
    void rejectsATamperedTimestampWithinTheTolerance() {
        assertEquals(NO_MATCH, rejection(AT_SPEC_TIME, SpecVector.ID, Long.toString(SpecVector.TIMESTAMP + 1),
                SpecVector.SIGNATURE, SpecVector.body()));
    }

    @Test
    void rejectsASignatureMadeWithAnotherSecret() {
        WebhookVerifier verifier = verifierAt(SpecVector.TIMESTAMP, OTHER);

        assertEquals(NO_MATCH, rejection(verifier, SpecVector.ID, TIMESTAMP, SpecVector.SIGNATURE,
                SpecVector.body()));
    }

    @Test
    void rejectsMissingHeaders() {
        String missing = "missing webhook-id, webhook-timestamp or webhook-signature";

        assertEquals(missing, rejection(AT_SPEC_TIME, null, TIMESTAMP, SpecVector.SIGNATURE, SpecVector.body()));
        assertEquals(missing, rejection(AT_SPEC_TIME, SpecVector.ID, null, SpecVector.SIGNATURE, SpecVector.body()));
        assertEquals(missing, rejection(AT_SPEC_TIME, SpecVector.ID, TIMESTAMP, null, SpecVector.body()));
    }

    @Test
    void rejectsAHeaderMapWithoutTheSignature() {
        Map<String, String> headers = Map.of("webhook-id", SpecVector.ID, "webhook-timestamp", TIMESTAMP);

        WebhookVerificationException e = assertThrows(WebhookVerificationException.class,
                () -> AT_SPEC_TIME.verify(headers, SpecVector.body()));
        assertEquals("missing webhook-id, webhook-timestamp or webhook-signature", e.getMessage());
    }

    @Test
    void acceptsATimestampExactlyAtTheToleranceOnEitherSide() {
        assertDoesNotThrow(() -> verifierAt(SpecVector.TIMESTAMP + 300, SPEC).verify(SpecVector.ID, TIMESTAMP,
                SpecVector.SIGNATURE, SpecVector.body()));
        assertDoesNotThrow(() -> verifierAt(SpecVector.TIMESTAMP - 300, SPEC).verify(SpecVector.ID, TIMESTAMP,
                SpecVector.SIGNATURE, SpecVector.body()));
    }

    @Test
    void rejectsATimestampMoreThanFiveMinutesOld() {
        assertEquals("webhook-timestamp is 301 s away from now, more than the tolerance of 300 s",
                rejection(verifierAt(SpecVector.TIMESTAMP + 301, SPEC), SpecVector.ID, TIMESTAMP,
                        SpecVector.SIGNATURE, SpecVector.body()));
    }

    @Test
    void rejectsATimestampMoreThanFiveMinutesInTheFuture() {
        assertEquals("webhook-timestamp is -301 s away from now, more than the tolerance of 300 s",
                rejection(verifierAt(SpecVector.TIMESTAMP - 301, SPEC), SpecVector.ID, TIMESTAMP,
                        SpecVector.SIGNATURE, SpecVector.body()));
    }

    @Test
    void rejectsAValidlySignedTimestampWhoseDistanceOverflows() {
        // now - timestamp wraps to Long.MIN_VALUE, whose Math.abs is negative: it used to pass the check
        long timestamp = Long.MIN_VALUE + SpecVector.TIMESTAMP;
        String signature = WebhookSigner.sign(List.of(SPEC), SpecVector.ID, timestamp, SpecVector.body());

        assertEquals("webhook-timestamp is " + Long.MAX_VALUE + " s away from now, more than the tolerance of 300 s",
                rejection(AT_SPEC_TIME, SpecVector.ID, Long.toString(timestamp), signature, SpecVector.body()));
    }

    @Test
    void appliesAConfiguredTolerance() {
        WebhookVerifier verifier = new WebhookVerifier(List.of(SPEC),
                Clock.fixed(Instant.ofEpochSecond(SpecVector.TIMESTAMP + 31), ZoneOffset.UTC), Duration.ofSeconds(30));

        assertEquals("webhook-timestamp is 31 s away from now, more than the tolerance of 30 s",
                rejection(verifier, SpecVector.ID, TIMESTAMP, SpecVector.SIGNATURE, SpecVector.body()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1614265330.0", "1.6e9", "0x6037a0f2", "1614265330s",
            "99999999999999999999"})
    void rejectsANonNumericTimestamp(String timestamp) {
        assertEquals("webhook-timestamp is not a number of seconds",
                rejection(AT_SPEC_TIME, SpecVector.ID, timestamp, SpecVector.SIGNATURE, SpecVector.body()));
    }

    @Test
    void acceptsWhenAnyOfSeveralSignaturesMatches() {
        String wrong = SpecVector.expectedSignature(SpecVector.OTHER_SECRET, SpecVector.ID, SpecVector.TIMESTAMP,
                SpecVector.body());

        assertDoesNotThrow(() -> AT_SPEC_TIME.verify(SpecVector.ID, TIMESTAMP, wrong + " " + SpecVector.SIGNATURE,
                SpecVector.body()));
        assertDoesNotThrow(() -> AT_SPEC_TIME.verify(SpecVector.ID, TIMESTAMP,
                SpecVector.SIGNATURE + " v1,bm90IGEgc2lnbmF0dXJl", SpecVector.body()));
        assertDoesNotThrow(() -> AT_SPEC_TIME.verify(SpecVector.ID, TIMESTAMP,
                "  v1,bm90IGEgc2lnbmF0dXJl   " + SpecVector.SIGNATURE + " ", SpecVector.body()));
    }

    @Test
    void acceptsWhenAnyOfSeveralSecretsMatches() {
        assertDoesNotThrow(() -> verifierAt(SpecVector.TIMESTAMP, OTHER, SPEC).verify(SpecVector.ID, TIMESTAMP,
                SpecVector.SIGNATURE, SpecVector.body()));
    }

    @Test
    void namesTheNumberOfSecretsWhenNoneMatches() {
        assertEquals("no v1 signature matches any of the 2 secret(s)",
                rejection(verifierAt(SpecVector.TIMESTAMP, OTHER, OTHER), SpecVector.ID, TIMESTAMP,
                        SpecVector.SIGNATURE, SpecVector.body()));
    }

    @Test
    void ignoresOtherSignatureVersions() {
        String correctBase64 = SpecVector.SIGNATURE.substring("v1,".length());

        assertEquals(NO_MATCH, rejection(AT_SPEC_TIME, SpecVector.ID, TIMESTAMP, "v1a," + correctBase64,
                SpecVector.body()));
        assertEquals(NO_MATCH, rejection(AT_SPEC_TIME, SpecVector.ID, TIMESTAMP, "v2," + correctBase64,
                SpecVector.body()));
        assertEquals(NO_MATCH, rejection(AT_SPEC_TIME, SpecVector.ID, TIMESTAMP, correctBase64,
                SpecVector.body()));
        assertDoesNotThrow(() -> AT_SPEC_TIME.verify(SpecVector.ID, TIMESTAMP,
                "v1a,c29tZXRoaW5nIGVsc2U= " + SpecVector.SIGNATURE, SpecVector.body()));
    }

    @Test
    void rejectsAnEmptySignatureHeader() {
        assertEquals(NO_MATCH, rejection(AT_SPEC_TIME, SpecVector.ID, TIMESTAMP, "", SpecVector.body()));
        assertEquals(NO_MATCH, rejection(AT_SPEC_TIME, SpecVector.ID, TIMESTAMP, "v1,", SpecVector.body()));
    }

    @Test
    void verifiesWhatTheSignerSignsForEverySecret() {
        byte[] body = "{\"id\":\"evt_1\",\"type\":\"order.created\",\"data\":{}}".getBytes(UTF_8);
        String header = WebhookSigner.sign(List.of(OTHER, SPEC), "msg_abc", SpecVector.TIMESTAMP, body);

        assertDoesNotThrow(() -> verifierAt(SpecVector.TIMESTAMP, SPEC).verify("msg_abc", TIMESTAMP, header, body));
        assertDoesNotThrow(() -> verifierAt(SpecVector.TIMESTAMP, OTHER).verify("msg_abc", TIMESTAMP, header, body));
    }

    @Test
    void defaultConstructorChecksAgainstTheSystemClock() {
        long now = Instant.now().getEpochSecond();
        byte[] body = "{}".getBytes(UTF_8);
        String header = WebhookSigner.sign(List.of(SPEC), "msg_now", now, body);
        WebhookVerifier verifier = new WebhookVerifier(List.of(SPEC));

        assertDoesNotThrow(() -> verifier.verify("msg_now", Long.toString(now), header, body));
        // the spec vector is from 2021: far too old for the real clock
        String tooOld = rejection(verifier, SpecVector.ID, TIMESTAMP, SpecVector.SIGNATURE, SpecVector.body());
        assertTrue(tooOld.matches("webhook-timestamp is \\d+ s away from now, more than the tolerance of 300 s"),
                tooOld);
    }

    @Test
    void refusesToVerifyWithoutSecrets() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WebhookVerifier(List.of()));
        assertEquals("a verifier needs at least one secret", e.getMessage());
    }
}
