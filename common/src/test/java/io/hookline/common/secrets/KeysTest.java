package io.hookline.common.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sealing to the published public keys and opening with the dispatchers' private keys. */
class KeysTest {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String CONTEXT = "subscription sub-1 secrets";

    private final PrivateKeys keys = PrivateKeys.generate();

    @Test
    void sealsToThePublicKeyAndOpensWithThePrivateOne() {
        PublicKeys published = PublicKeys.parse(keys.publicKeys().toJson());
        String sealed = published.seal(SECRET, CONTEXT);

        assertTrue(sealed.startsWith("enc:v1:" + Envelope.keyIdText(keys.primaryKeyId()) + ":"), sealed);
        assertFalse(sealed.contains(SECRET));
        assertEquals(SECRET, keys.open(sealed, CONTEXT));
    }

    @Test
    void sealingTwiceGivesDifferentCiphertexts() {
        PublicKeys published = keys.publicKeys();
        assertNotEquals(published.seal(SECRET, CONTEXT), published.seal(SECRET, CONTEXT), "fresh ephemeral key each time");
    }

    @Test
    void aCiphertextDoesNotOpenInAnotherContext() {
        String sealed = keys.publicKeys().seal(SECRET, CONTEXT);
        SecretsException e = assertThrows(SecretsException.class,
                () -> keys.open(sealed, "subscription sub-2 secrets"));
        assertEquals("it does not decrypt with key " + Envelope.keyIdText(keys.primaryKeyId())
                + ": damaged, or sealed for another subscription or field", e.getMessage());
    }

    @Test
    void aDamagedCiphertextDoesNotOpen() {
        Envelope sealed = Envelope.parse(keys.publicKeys().seal(SECRET, CONTEXT));
        byte[] damaged = sealed.ciphertext();
        damaged[damaged.length - 1] ^= 1;
        String text = new Envelope(sealed.keyId(), damaged).text();
        assertThrows(SecretsException.class, () -> keys.open(text, CONTEXT));
    }

    @Test
    void aKeyIdThatDoesNotMatchTheCiphertextIsRefused() {
        PrivateKeys rotated = keys.rotate();
        Envelope sealed = Envelope.parse(rotated.publicKeys().seal(SECRET, CONTEXT));
        String relabelled = new Envelope(keys.primaryKeyId(), sealed.ciphertext()).text();
        SecretsException e = assertThrows(SecretsException.class, () -> rotated.open(relabelled, CONTEXT));
        assertEquals("its ciphertext is not one for key " + Envelope.keyIdText(keys.primaryKeyId()), e.getMessage());
    }

    @Test
    void anotherKeysetNamesTheKeyItLacks() {
        String sealed = keys.publicKeys().seal(SECRET, CONTEXT);
        PrivateKeys other = PrivateKeys.generate();
        SecretsException e = assertThrows(SecretsException.class, () -> other.open(sealed, CONTEXT));
        assertEquals("it is encrypted to key " + Envelope.keyIdText(keys.primaryKeyId())
                + ", which is not among the private keys here [" + Envelope.keyIdText(other.primaryKeyId()) + "]",
                e.getMessage());
        assertFalse(e.getMessage().contains(SECRET));
    }

    @Test
    void noKeysOpenNothing() {
        String sealed = keys.publicKeys().seal(SECRET, CONTEXT);
        SecretsException e = assertThrows(SecretsException.class, () -> SecretOpener.none().open(sealed, CONTEXT));
        assertEquals("it is encrypted to key " + Envelope.keyIdText(keys.primaryKeyId())
                + ", and no private keys are configured here (secrets.private.keys.file)", e.getMessage());
    }

    @Test
    void rotationSealsToTheNewKeyAndStillOpensTheOld() {
        String old = keys.publicKeys().seal(SECRET, CONTEXT);
        PrivateKeys rotated = keys.rotate();
        PublicKeys published = PublicKeys.parse(rotated.publicKeys().toJson());

        assertNotEquals(keys.primaryKeyId(), rotated.primaryKeyId());
        assertEquals(List.of(keys.primaryKeyId(), rotated.primaryKeyId()), rotated.keyIds(), "oldest first");
        assertEquals(rotated.keyIds(), published.keyIds());
        assertEquals(rotated.primaryKeyId(), published.keyId());
        String fresh = published.seal(SECRET, CONTEXT);
        assertTrue(fresh.startsWith("enc:v1:" + Envelope.keyIdText(rotated.primaryKeyId()) + ":"));
        assertEquals(SECRET, rotated.open(fresh, CONTEXT));
        assertEquals(SECRET, rotated.open(old, CONTEXT), "the old key is kept");
        assertThrows(SecretsException.class, () -> keys.open(fresh, CONTEXT), "the old keyset lacks the new key");
    }

    @Test
    void theKeyFileRoundTripsAndOnlyItsOwnerReadsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys/private-keys.json");
        PrivateKeys rotated = keys.rotate();
        rotated.write(file);

        PrivateKeys back = PrivateKeys.read(file);
        assertEquals(rotated.keyIds(), back.keyIds());
        assertEquals(rotated.primaryKeyId(), back.primaryKeyId());
        assertEquals(SECRET, back.open(rotated.publicKeys().seal(SECRET, CONTEXT), CONTEXT));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var listing = Files.list(file.getParent())) {
            assertEquals(List.of(file), listing.toList(), "no temporary file left behind");
        }
    }

    @Test
    void unreadableKeyFilesAreNamedNotQuoted(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("absent.json");
        assertEquals("private key file " + missing + " does not exist",
                assertThrows(SecretsException.class, () -> PrivateKeys.read(missing)).getMessage());
        Path publicOnly = Files.writeString(dir.resolve("public.json"), keys.publicKeys().toJson());
        assertEquals("private key file " + publicOnly + " is not a Tink keyset of private keys",
                assertThrows(SecretsException.class, () -> PrivateKeys.read(publicOnly)).getMessage());
    }

    @Test
    void publicKeysNeverAcceptPrivateMaterial(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("k.json");
        keys.write(file);
        assertThrows(SecretsException.class, () -> PublicKeys.parse(Files.readString(file)));
        assertThrows(SecretsException.class, () -> PublicKeys.parse("{}"));
    }

    @Test
    void toStringsShowKeyIdsOnly() {
        String id = Envelope.keyIdText(keys.primaryKeyId());
        assertEquals("PrivateKeys[primary=" + id + ", keys=[" + id + "]]", keys.toString());
        assertEquals("PublicKeys[primary=" + id + ", keys=[" + id + "]]", keys.publicKeys().toString());
    }
}
