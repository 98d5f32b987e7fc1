package io.hookline.common.secrets;

import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * The dispatchers' public keys, as published in the keys topic (a Tink keyset in JSON,
 * without secret material). Seals to the primary key, the newest; the others are listed so
 * that admins can see which keys records may still be sealed to.
 */
public final class PublicKeys implements SecretSealer {
    private final KeysetHandle handle;
    private final HybridEncrypt encrypt;

    PublicKeys(KeysetHandle handle) {
        this.handle = handle;
        try {
            this.encrypt = handle.getPrimitive(Hpke.config(), HybridEncrypt.class);
        } catch (GeneralSecurityException e) {
            throw new SecretsException("the public keys cannot encrypt: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a public keyset as published.
     *
     * @throws SecretsException when it is not a keyset of public keys
     */
    public static PublicKeys parse(String json) {
        try {
            Hpke.config();
            return new PublicKeys(TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(json));
        } catch (GeneralSecurityException | RuntimeException e) {
            // Tink refuses a keyset with secret material here: a private key never becomes a PublicKeys
            throw new SecretsException("not a keyset of public keys", null);
        }
    }

    /** The keyset as JSON, for the keys topic; it holds no secret. */
    public String toJson() {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(handle);
        } catch (GeneralSecurityException e) {
            throw new SecretsException("cannot write the public keys: " + e.getMessage(), e);
        }
    }

    @Override
    public String seal(String plaintext, String context) {
        try {
            byte[] ciphertext = encrypt.encrypt(Hpke.bytes(plaintext), Hpke.bytes(context));
            return new Envelope(keyId(), ciphertext).text();
        } catch (GeneralSecurityException e) {
            throw new SecretsException("cannot encrypt a secret: " + e.getClass().getSimpleName(), null);
        }
    }

    /** The primary key's id: what {@link #seal} seals to. */
    @Override
    public int keyId() {
        return handle.getPrimary().getId();
    }

    /** Every key id of the set, the primary among them. */
    public List<Integer> keyIds() {
        return Hpke.keyIds(handle);
    }

    @Override
    public String toString() {
        return "PublicKeys[primary=" + Envelope.keyIdText(keyId()) + ", keys=" + Hpke.describe(keyIds()) + "]";
    }
}
