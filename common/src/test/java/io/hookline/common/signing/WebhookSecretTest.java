package io.hookline.common.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.HooklineException;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookSecretTest {
    private static final String SPEC_KEY = SpecVector.SECRET.substring("whsec_".length());

    private static String secretOf(int bytes) {
        return "whsec_" + Base64.getEncoder().encodeToString(SpecVector.counting(bytes));
    }

    private static String rejection(String text) {
        return assertThrows(HooklineException.class, () -> WebhookSecret.parse(text)).getMessage();
    }

    @Test
    void parseAndEncodedRoundTrip() {
        assertEquals(SpecVector.SECRET, WebhookSecret.parse(SpecVector.SECRET).encoded());
        assertEquals(SpecVector.OTHER_SECRET, WebhookSecret.parse(SpecVector.OTHER_SECRET).encoded());
    }

    @Test
    void theKeyIsTheDecodedBytes() {
        assertArrayEquals(Base64.getDecoder().decode(SPEC_KEY), WebhookSecret.parse(SpecVector.SECRET).key());
        assertArrayEquals(SpecVector.counting(32), WebhookSecret.parse(SpecVector.OTHER_SECRET).key());
    }

    @Test
    void equalSecretsAreEqual() {
        assertEquals(WebhookSecret.parse(SpecVector.SECRET), WebhookSecret.parse(SpecVector.SECRET));
        assertEquals(WebhookSecret.parse(SpecVector.SECRET).hashCode(), WebhookSecret.parse(SpecVector.SECRET).hashCode());
        assertNotEquals(WebhookSecret.parse(SpecVector.SECRET), WebhookSecret.parse(SpecVector.OTHER_SECRET));
    }

    static Stream<Arguments> malformedSecrets() {
        String noPrefix = "a webhook secret must start with 'whsec_'";
        String badBase64 = "a webhook secret must be 'whsec_' followed by base64";
        return Stream.of(
                Arguments.of(null, noPrefix),
                Arguments.of("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", noPrefix),
                Arguments.of("WHSEC_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", noPrefix),
                Arguments.of("whsecMfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", noPrefix),
                Arguments.of(" whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", noPrefix),
                Arguments.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2La!aSw", badBase64),
                Arguments.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwM", badBase64),
                Arguments.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n", badBase64),
                Arguments.of("whsec_MfKQ9r8GKYqrTwjUPD8I-PZIo2LaLaSw", badBase64));
    }

    @ParameterizedTest
    @MethodSource("malformedSecrets")
    void rejectsAMalformedSecretWithoutShowingIt(String text, String expected) {
        String message = rejection(text);

        assertEquals(expected, message);
        if (text != null) {
            assertFalse(message.contains(text.substring(6, 20)), message);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {23, 65})
    void rejectsAKeyOutside24To64BytesWithoutShowingIt(int bytes) {
        String text = secretOf(bytes);
        String message = rejection(text);

        assertEquals("a webhook secret must decode to 24-64 bytes, this one has " + bytes, message);
        assertFalse(message.contains(text.substring(6, 20)), message);
    }

    @Test
    void rejectsAnEmptyKey() {
        assertEquals("a webhook secret must decode to 24-64 bytes, this one has 0", rejection("whsec_"));
    }

    @Test
    void accepts24And64Bytes() {
        assertEquals(24, WebhookSecret.parse(secretOf(24)).key().length);
        assertEquals(64, WebhookSecret.parse(secretOf(64)).key().length);
    }

    @Test
    void acceptsBase64WithoutPadding() {
        String padded = secretOf(25);
        assertTrue(padded.endsWith("="), padded);

        assertArrayEquals(SpecVector.counting(25), WebhookSecret.parse(padded.replace("=", "")).key());
    }

    @Test
    void toStringNeverShowsTheSecret() {
        WebhookSecret secret = WebhookSecret.parse(SpecVector.SECRET);

        assertEquals("whsec_(redacted)", secret.toString());
        assertEquals("whsec_(redacted)", WebhookSecret.generate().toString());
        assertEquals("[whsec_(redacted)]", java.util.List.of(secret).toString());
    }

    @Test
    void generateGivesDistinctValidSecretsOf32Bytes() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            WebhookSecret secret = WebhookSecret.generate();
            String encoded = secret.encoded();

            assertTrue(encoded.startsWith("whsec_"), encoded);
            assertEquals(32, secret.key().length);
            assertEquals(secret, WebhookSecret.parse(encoded));
            assertTrue(seen.add(encoded), "generated twice: a secret");
        }
        assertEquals(200, seen.size());
    }
}
