package io.hookline.common.wire;

import io.hookline.common.LogSafe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.signing.StoredSecret;
import io.hookline.common.signing.WebhookSecret;
import java.net.URI;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SubscriptionTest {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SECRET_KEY = SECRET.substring("whsec_".length());
    private static final String SECOND_SECRET = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);

    /** DESIGN.md's example, with a real secret in place of the ellipsis. */
    static final String DESIGN_EXAMPLE = """
            {"id": "sub_1", "tenant": "acme", "url": "https://hooks.example.com/in",
             "eventTypes": ["order.*", "invoice.paid"], "secrets": ["%s"],
             "headers": {"Authorization": "Bearer s3cr3t"}, "enabled": true, "maxAttempts": 10,
             "description": "Orders and paid invoices"}
            """.formatted(SECRET);

    private static Subscription read(String json) {
        return Json.read(json, Subscription.class);
    }

    /** A minimal valid subscription with {@code field} replaced by the raw JSON {@code value} (null = absent). */
    private static String with(String field, String value) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", "\"sub_1\"");
        fields.put("tenant", "\"acme\"");
        fields.put("url", "\"https://hooks.example.com/in\"");
        fields.put("eventTypes", "[\"order.*\"]");
        fields.put("secrets", "[\"" + SECRET + "\"]");
        fields.put(field, value);
        StringBuilder json = new StringBuilder("{");
        fields.forEach((name, raw) -> {
            if (raw != null) {
                json.append(json.length() > 1 ? "," : "").append('"').append(name).append("\":").append(raw);
            }
        });
        return json.append('}').toString();
    }

    private static String rejection(String json) {
        String message = assertThrows(InvalidRecordException.class, () -> read(json)).getMessage();
        assertFalse(message.contains(SECRET_KEY), "the message shows the secret: " + message);
        return message;
    }

    private static Subscription subscription(Map<String, String> headers, Integer maxAttempts) {
        return new Subscription("sub_1", "acme", URI.create("https://hooks.example.com/in"), List.of("order.*"),
                List.of(WebhookSecret.parse(SECRET)), headers, true, maxAttempts, null, Subscription.VERSION);
    }

    @Test
    void readsTheDesignExample() {
        Subscription sub = read(DESIGN_EXAMPLE);

        assertEquals("sub_1", sub.id());
        assertEquals("acme", sub.tenant());
        assertEquals(URI.create("https://hooks.example.com/in"), sub.url());
        assertEquals(List.of("order.*", "invoice.paid"), sub.eventTypes());
        assertEquals(List.of(WebhookSecret.parse(SECRET)), sub.secrets());
        assertEquals(Map.of("Authorization", "Bearer s3cr3t"), sub.headers());
        assertTrue(sub.enabled());
        assertEquals(10, sub.maxAttempts());
        assertEquals("Orders and paid invoices", sub.description());
        assertEquals(1, sub.version());
    }

    @Test
    void enabledDefaultsToTrueAndVersionToOne() {
        Subscription sub = read(with("description", null));

        assertTrue(sub.enabled());
        assertEquals(Subscription.VERSION, sub.version());
        assertEquals(1, sub.version());
        assertNull(sub.maxAttempts());
        assertNull(sub.description());
        assertEquals(Map.of(), sub.headers());
    }

    @Test
    void readsDisabledAndAnExplicitVersion() {
        assertFalse(read(with("enabled", "false")).enabled());
        assertEquals(1, read(with("version", "1")).version());
    }

    @Test
    void rejectsAnUnknownVersion() {
        assertEquals("unknown subscription version 2 (this Hookline reads 1)", rejection(with("version", "2")));
        assertEquals("unknown subscription version 0 (this Hookline reads 1)", rejection(with("version", "0")));
    }

    @Test
    void ignoresUnknownFields() {
        Subscription sub = read(with("rateLimit", "{\"perSecond\": 5}"));

        assertEquals("sub_1", sub.id());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ftp://hooks.example.com/in               | url must be http:// or https://",
            "file:///etc/passwd                       | url must be http:// or https://",
            "hooks.example.com/in                     | url must be http:// or https://",
            "mailto:ops@example.com                   | url must be http:// or https://",
            "https:///in                              | url must name a host",
            "https:hooks.example.com                  | url must name a host",
            "https://user:pw@hooks.example.com/in     | url must not carry credentials; use a header instead",
            "https://token@hooks.example.com/in       | url must not carry credentials; use a header instead",
            "https://hooks.example.com/in#top         | url must not have a #fragment",
            "https://hooks example.com/in             | url is not a valid URL: Illegal character in authority",
    })
    void rejectsABadUrl(String url, String message) {
        assertEquals(message, rejection(with("url", Json.writeString(url))));
    }

    @Test
    void rejectsAUrlWithALineBreak() {
        assertEquals("url is not a valid URL: Illegal character in path",
                rejection(with("url", Json.writeString("https://hooks.example.com/in\r\nHost: evil"))));
    }

    /** A field, its raw JSON (null = absent) and the one-line message it is refused with. */
    static Stream<Arguments> invalidFields() {
        String idRule = "must be 1-128 characters of A-Z a-z 0-9 . _ : @ ~ -, got ";
        return Stream.of(
                Arguments.of("id", null, "id is required"),
                Arguments.of("id", "\"sub/1\"", "id " + idRule + "'sub/1'"),
                Arguments.of("tenant", "\"\"", "tenant " + idRule + "''"),
                Arguments.of("url", null, "url is required"),
                Arguments.of("secrets", "[]", "secrets must list at least one secret"),
                Arguments.of("secrets", null, "secrets is required"),
                Arguments.of("eventTypes", "[]", "eventTypes must list at least one type or pattern"),
                Arguments.of("eventTypes", null, "eventTypes is required"),
                Arguments.of("eventTypes", "[\"order.*\",\"order..paid\"]",
                        "event type pattern 'order..paid' has an empty segment"),
                Arguments.of("eventTypes", "[\"order.*\",null]", "event type pattern is required"),
                Arguments.of("headers", "{\"X-Api-Key\":\"a\",\"x-api-key\":\"b\"}",
                        "header 'x-api-key' is given twice"),
                // a wrong-typed field never echoes its value
                Arguments.of("enabled", "\"Bearer s3cr3t-token\"",
                        "not a valid Subscription: enabled: expected a value of type boolean, got a string"),
                Arguments.of("headers", "\"Authorization: Bearer s3cr3t-token\"",
                        "not a valid Subscription: headers: expected an object, got a string"));
    }

    @ParameterizedTest
    @MethodSource("invalidFields")
    void rejectsAnInvalidFieldInOneLine(String field, String value, String message) {
        assertEquals(message, rejection(with(field, value)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://hooks.example.com/in", "HTTPS://hooks.example.com:8443/in?tenant=acme",
            "http://127.0.0.1:9000/", "https://[2001:db8::1]/in"})
    void acceptsHttpAndHttpsUrls(String url) {
        assertEquals(URI.create(url), read(with("url", Json.writeString(url))).url());
    }

    @Test
    void rejectsABadSecretWithoutShowingIt() {
        String tooShort = "whsec_" + Base64.getEncoder().encodeToString(new byte[16]);

        assertEquals("secrets: a webhook secret must decode to 24-64 bytes, this one has 16",
                rejection(with("secrets", "[\"" + SECRET + "\",\"" + tooShort + "\"]")));
        assertEquals("secrets: a webhook secret must start with 'whsec_'",
                rejection(with("secrets", "[\"" + SECRET_KEY + "\"]")));
        assertEquals("secrets: a webhook secret must be 'whsec_' followed by base64",
                rejection(with("secrets", "[\"" + SECRET + "!\"]")));
        assertEquals("secrets: a webhook secret must start with 'whsec_'",
                rejection(with("secrets", "[null]")));
    }

    @Test
    void rejectsSecretsGivenAsAStringWithoutShowingTheSecret() {
        InvalidRecordException e = assertThrows(InvalidRecordException.class,
                () -> read(with("secrets", "\"" + SECRET + "\"")));

        assertEquals("not a valid Subscription: secrets: expected a list, got a string", e.getMessage());
        assertFalse(e.getMessage().contains(SECRET_KEY), e.getMessage());
        assertNull(e.getCause(), "the cause still holds the secret in its message");
    }

    @Test
    void readsSeveralSecretsInOrder() {
        Subscription sub = read(with("secrets", "[\"" + SECOND_SECRET + "\",\"" + SECRET + "\"]"));

        assertEquals(List.of(WebhookSecret.parse(SECOND_SECRET), WebhookSecret.parse(SECRET)), sub.secrets());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer x\r\nX-Injected: 1", "Bearer x\nX-Injected: 1", "Bearer x\r", "a\u0000b",
            "snowman ☃"})
    void rejectsAHeaderValueWithALineBreakOrAForbiddenCharacter(String value) {
        String message = rejection(with("headers", "{\"Authorization\":" + Json.writeString(value) + "}"));

        assertEquals("header 'Authorization' has a line break or a character not allowed in HTTP headers", message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"webhook-signature", "Webhook-Signature", "WEBHOOK-ID", "webhook-timestamp",
            "Content-Type", "content-length", "Host", "Transfer-Encoding", "Connection"})
    void rejectsAReservedHeader(String name) {
        assertEquals("header '" + name + "' is set by Hookline and cannot be overridden",
                rejection(with("headers", "{\"" + name + "\":\"v1,forged\"}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bad Header", "X:Y", "", "X-Ünicode", "X\r\nY"})
    void rejectsAnInvalidHeaderName(String name) {
        assertEquals("header name '" + LogSafe.printable(name) + "' is not a valid HTTP header name",
                rejection(with("headers", "{" + Json.writeString(name) + ":\"value\"}")));
    }

    @Test
    void rejectsAHeaderWithoutValueOrWithAnOverlongValue() {
        assertEquals("header 'X-Api-Key' needs a value of at most 4096 characters",
                rejection(with("headers", "{\"X-Api-Key\":null}")));
        assertEquals("header 'X-Api-Key' needs a value of at most 4096 characters",
                rejection(with("headers", "{\"X-Api-Key\":\"" + "k".repeat(4097) + "\"}")));
        assertEquals("k".repeat(4096),
                read(with("headers", "{\"X-Api-Key\":\"" + "k".repeat(4096) + "\"}")).headers().get("X-Api-Key"));
    }

    @Test
    void findsHeadersByNameInAnyCase() {
        Subscription sub = read(DESIGN_EXAMPLE);

        assertEquals("Bearer s3cr3t", sub.headers().get("authorization"));
        assertEquals("Bearer s3cr3t", sub.headers().get("AUTHORIZATION"));
    }

    @Test
    void headersCannotBeChangedAfterValidation() {
        Map<String, String> headers = new LinkedHashMap<>(Map.of("X-A", "1"));
        Subscription sub = subscription(headers, null);
        headers.put("webhook-signature", "forged");

        assertEquals(Map.of("X-A", "1"), sub.headers());
        assertThrows(UnsupportedOperationException.class, () -> sub.headers().put("Host", "evil"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 101, 1000})
    void rejectsMaxAttemptsOutOfRange(int maxAttempts) {
        assertEquals("maxAttempts must be 1-100, got " + maxAttempts,
                rejection(with("maxAttempts", Integer.toString(maxAttempts))));
    }

    @Test
    void acceptsMaxAttemptsAtTheBounds() {
        assertEquals(1, read(with("maxAttempts", "1")).maxAttempts());
        assertEquals(100, read(with("maxAttempts", "100")).maxAttempts());
    }

    @Test
    void toStringShowsNeitherSecretsNorHeaderValues() {
        Subscription sub = read(DESIGN_EXAMPLE);

        assertEquals("Subscription[id=sub_1, tenant=acme, url=https://hooks.example.com/in, "
                + "eventTypes=[order.*, invoice.paid], secrets=1, headers=[Authorization], enabled=true, "
                + "maxAttempts=10]", sub.toString());
    }

    @Test
    void serializedFormCarriesTheSecretsSoTheyRoundTripThroughTheTopic() {
        Subscription sub = read(DESIGN_EXAMPLE);

        String json = Json.writeString(sub);

        assertEquals("{\"id\":\"sub_1\",\"tenant\":\"acme\",\"url\":\"https://hooks.example.com/in\","
                + "\"eventTypes\":[\"order.*\",\"invoice.paid\"],\"secrets\":[\"" + SECRET + "\"],"
                + "\"headers\":{\"Authorization\":\"Bearer s3cr3t\"},\"enabled\":true,\"maxAttempts\":10,"
                + "\"description\":\"Orders and paid invoices\",\"version\":1}", json);
        assertEquals(sub, read(json));
    }

    @Test
    void roundTripsADisabledSubscriptionWithSeveralSecrets() {
        Subscription sub = read(with("secrets", "[\"" + SECRET + "\",\"" + SECOND_SECRET + "\"]")).withEnabled(false);

        Subscription back = read(Json.writeString(sub));

        assertEquals(sub, back);
        assertFalse(back.enabled());
        assertEquals(List.of(SECRET, SECOND_SECRET), back.secrets().stream().map(StoredSecret::stored).toList());
    }

    @Test
    void withEnabledChangesOnlyEnabled() {
        Subscription sub = read(DESIGN_EXAMPLE);

        Subscription disabled = sub.withEnabled(false);

        assertFalse(disabled.enabled());
        assertEquals(sub, disabled.withEnabled(true));
        assertEquals(new Subscription(sub.id(), sub.tenant(), sub.url(), sub.eventTypes(), sub.secrets(),
                sub.headers(), false, sub.maxAttempts(), sub.description(), sub.version()), disabled);
    }

    @Test
    void theConstructorValidatesLikeTheJsonForm() {
        assertEquals(Map.of(), subscription(null, null).headers());
        assertEquals("maxAttempts must be 1-100, got 0",
                assertThrows(InvalidRecordException.class, () -> subscription(Map.of(), 0)).getMessage());
        assertEquals("header 'Host' is set by Hookline and cannot be overridden",
                assertThrows(InvalidRecordException.class, () -> subscription(Map.of("Host", "x"), null))
                        .getMessage());
        assertEquals("unknown subscription version 2 (this Hookline reads 1)",
                assertThrows(InvalidRecordException.class, () -> new Subscription("sub_1", "acme",
                        URI.create("https://hooks.example.com/in"), List.of("a"), List.of(WebhookSecret.generate()),
                        null, true, null, null, 2)).getMessage());
    }

    @Test
    void parseUrlGivesTheReasonNotTheUrl() {
        assertEquals(URI.create("https://hooks.example.com/in"), Subscription.parseUrl("https://hooks.example.com/in"));
        assertEquals("url is not a valid URL: Illegal character in query",
                assertThrows(InvalidRecordException.class,
                        () -> Subscription.parseUrl("https://hooks.example.com/in?token=s3cr3t value")).getMessage());
        assertEquals("url is required",
                assertThrows(InvalidRecordException.class, () -> Subscription.parseUrl(null)).getMessage());
    }
}
