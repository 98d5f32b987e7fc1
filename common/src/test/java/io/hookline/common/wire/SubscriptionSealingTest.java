package io.hookline.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.secrets.Envelope;
import io.hookline.common.secrets.PrivateKeys;
import io.hookline.common.secrets.SecretOpener;
import io.hookline.common.signing.SealedSecret;
import io.hookline.common.signing.WebhookSecret;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secrets and header values sealed at rest, bound to their subscription and field. */
class SubscriptionSealingTest {
    private static final String AUTHORIZATION = "Bearer s3cr3t-t0ken";
    private static final PrivateKeys KEYS = PrivateKeys.generate();

    private final WebhookSecret secret = WebhookSecret.generate();
    private final Subscription plain = Json.read(json("sub-1"), Subscription.class);

    private String json(String id) {
        return """
                {"id": "%s", "tenant": "acme", "url": "https://hooks.example.com/in", "eventTypes": ["order.*"],
                 "secrets": ["%s"], "headers": {"Authorization": "%s", "X-Team": "payments"}}
                """.formatted(id, secret.encoded(), AUTHORIZATION);
    }

    @Test
    void sealsEverySecretAndHeaderValueAndOpensThemAgain() {
        Subscription sealed = plain.seal(KEYS.publicKeys());

        assertTrue(plain.hasPlainValues());
        assertFalse(sealed.hasPlainValues());
        assertTrue(sealed.hasSealedValues());
        SealedSecret sealedSecret = assertInstanceOf(SealedSecret.class, sealed.secrets().get(0));
        assertEquals(KEYS.primaryKeyId(), sealedSecret.keyId());
        assertTrue(Envelope.isSealed(sealed.headers().get("Authorization")));
        assertTrue(Envelope.isSealed(sealed.headers().get("X-Team")), "every header value: any may be a credential");
        assertEquals(plain.url(), sealed.url());
        assertEquals(plain.eventTypes(), sealed.eventTypes());

        assertEquals(java.util.Set.of(), plain.sealedKeyIds());
        assertEquals(java.util.Set.of(KEYS.primaryKeyId()), sealed.sealedKeyIds());
        Subscription opened = sealed.open(KEYS);
        assertEquals(plain, opened);
        assertEquals(List.of(secret), opened.signingSecrets());
    }

    @Test
    void theSealedRecordHoldsNoPlainValueAndReadsBackSealed() {
        Subscription sealed = plain.seal(KEYS.publicKeys());
        String written = Json.writeString(sealed);

        assertFalse(written.contains(secret.encoded()), written);
        assertFalse(written.contains(AUTHORIZATION), written);
        assertFalse(written.contains("payments"), written);
        assertTrue(written.contains("\"secrets\":[\"enc:v1:"), written);

        Subscription back = Json.read(written, Subscription.class);
        assertEquals(sealed.secrets(), back.secrets());
        assertEquals(plain, back.open(KEYS));
    }

    @Test
    void sealingTwiceKeepsWhatIsSealedAndSealsWhatIsNew() {
        Subscription sealed = plain.seal(KEYS.publicKeys());
        WebhookSecret added = WebhookSecret.generate();
        Subscription rotated = new Subscription(sealed.id(), sealed.tenant(), sealed.url(), sealed.eventTypes(),
                List.of(sealed.secrets().get(0), added), sealed.headers(), true, null, null, Subscription.VERSION);
        Subscription resealed = rotated.seal(KEYS.publicKeys());

        assertSame(sealed.secrets().get(0), resealed.secrets().get(0));
        assertInstanceOf(SealedSecret.class, resealed.secrets().get(1));
        assertEquals(List.of(secret, added), resealed.open(KEYS).signingSecrets());
    }

    @Test
    void aSealedValueMovedToAnotherSubscriptionDoesNotOpen() {
        Subscription sealed = plain.seal(KEYS.publicKeys());
        Subscription other = Json.read(json("sub-2"), Subscription.class);
        Subscription stolen = new Subscription(other.id(), other.tenant(), other.url(), other.eventTypes(),
                sealed.secrets(), Map.of(), true, null, null, Subscription.VERSION);

        InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> stolen.open(KEYS));
        assertEquals("secrets[0] cannot be opened: it does not decrypt with key "
                + Envelope.keyIdText(KEYS.primaryKeyId()) + ": damaged, or sealed for another subscription or field",
                e.getMessage());
    }

    @Test
    void aSealedSecretMovedIntoAHeaderDoesNotOpen() {
        Subscription sealed = plain.seal(KEYS.publicKeys());
        // would send the signing secret to the endpoint if it opened
        Subscription moved = new Subscription(sealed.id(), sealed.tenant(), sealed.url(), sealed.eventTypes(),
                sealed.secrets(), Map.of("X-Leak", sealed.secrets().get(0).stored()), true, null, null,
                Subscription.VERSION);
        assertThrows(InvalidRecordException.class, () -> moved.open(KEYS));
        Subscription renamed = new Subscription(sealed.id(), sealed.tenant(), sealed.url(), sealed.eventTypes(),
                sealed.secrets(), Map.of("X-Leak", sealed.headers().get("Authorization")), true, null, null,
                Subscription.VERSION);
        InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> renamed.open(KEYS));
        assertTrue(e.getMessage().startsWith("header 'X-Leak' cannot be opened: "), e.getMessage());
    }

    @Test
    void aRecordSealedToAnUnknownKeyIsInvalidWithItsReason() {
        byte[] value = Json.write(plain.seal(KEYS.publicKeys()));
        PrivateKeys other = PrivateKeys.generate();

        SubscriptionRecord read = SubscriptionRecord.read("sub-1", value);
        assertInstanceOf(SubscriptionRecord.Valid.class, read, "valid for readers that need no secret");
        SubscriptionRecord.Invalid invalid = assertInstanceOf(SubscriptionRecord.Invalid.class, read.open(other));
        assertEquals("secrets[0] cannot be opened: it is encrypted to key " + Envelope.keyIdText(KEYS.primaryKeyId())
                + ", which is not among the private keys here [" + Envelope.keyIdText(other.primaryKeyId()) + "]",
                invalid.reason());
        assertInstanceOf(SubscriptionRecord.Invalid.class, read.open(SecretOpener.none()));
        SubscriptionRecord.Valid opened = assertInstanceOf(SubscriptionRecord.Valid.class, read.open(KEYS));
        assertEquals(plain, opened.subscription());
    }

    @Test
    void plainRecordsPublishedBeforeStillRead() {
        SubscriptionRecord read = SubscriptionRecord.read("sub-1", json("sub-1").getBytes(StandardCharsets.UTF_8));
        assertSame(read, read.open(SecretOpener.none()), "nothing to open");
        assertEquals(List.of(secret), ((SubscriptionRecord.Valid) read).subscription().signingSecrets());
    }

    @Test
    void aSealedSubscriptionDoesNotSign() {
        Subscription sealed = plain.seal(KEYS.publicKeys());
        assertThrows(IllegalStateException.class, sealed::signingSecrets);
    }

    @Test
    void malformedSealedValuesAreInvalidRecords() {
        String badSecret = json("sub-1").replace(secret.encoded(), "enc:v2:1:AQ==");
        assertEquals("secrets: a sealed secret of an unknown version (this Hookline reads enc:v1)",
                assertThrows(InvalidRecordException.class, () -> Json.read(badSecret, Subscription.class)).getMessage());
        String badHeader = json("sub-1").replace(AUTHORIZATION, "enc:v1:x:AQ==");
        assertEquals("header 'Authorization': the key id of a sealed secret must be an unsigned 32-bit number",
                assertThrows(InvalidRecordException.class, () -> Json.read(badHeader, Subscription.class)).getMessage());
    }

    @Test
    void toStringShowsNeitherSecretsNorCiphertexts() {
        Subscription sealed = plain.seal(KEYS.publicKeys());
        String shown = sealed.toString() + sealed.secrets();
        assertFalse(shown.contains(((SealedSecret) sealed.secrets().get(0)).envelope().text()), shown);
        assertFalse(shown.contains(sealed.headers().get("Authorization")), shown);
    }
}
