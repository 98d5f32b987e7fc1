package io.hookline.common.secrets;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A sealed secret as text: {@code enc:v1:<key id>:<base64 ciphertext>}. The key id (unsigned
 * decimal) names the key pair it was sealed to, so a dispatcher can say which key it lacks
 * instead of failing blindly, and an admin can see which records still use an old key.
 *
 * @param keyId      the id of the key pair, as Tink numbers the keys of a keyset
 * @param ciphertext what HPKE produced; not secret, but of no use to anyone without the private key
 */
public record Envelope(int keyId, byte[] ciphertext) {
    /** What every sealed value starts with; a plain value starting with it would be read as sealed. */
    public static final String PREFIX = "enc:";
    private static final String V1 = PREFIX + "v1:";

    public Envelope {
        Objects.requireNonNull(ciphertext, "ciphertext");
        if (ciphertext.length == 0) {
            throw new SecretsException("a sealed secret needs a ciphertext");
        }
        ciphertext = ciphertext.clone();
    }

    /** Whether {@code text} is meant as a sealed value (well-formed or not): it starts with {@value #PREFIX}. */
    public static boolean isSealed(String text) {
        return text != null && text.startsWith(PREFIX);
    }

    /**
     * Reads {@code enc:v1:<key id>:<base64>}.
     *
     * @throws SecretsException with a one-line reason that never quotes the text
     */
    public static Envelope parse(String text) {
        if (!isSealed(text)) {
            throw new SecretsException("a sealed secret must start with '" + PREFIX + "'");
        }
        if (!text.startsWith(V1)) {
            throw new SecretsException("a sealed secret of an unknown version (this Hookline reads "
                    + V1.substring(0, V1.length() - 1) + ")");
        }
        int colon = text.indexOf(':', V1.length());
        if (colon < 0) {
            throw new SecretsException("a sealed secret must be " + V1 + "<key id>:<base64>");
        }
        int keyId;
        try {
            keyId = Integer.parseUnsignedInt(text.substring(V1.length(), colon));
        } catch (NumberFormatException e) {
            throw new SecretsException("the key id of a sealed secret must be an unsigned 32-bit number");
        }
        byte[] ciphertext;
        try {
            ciphertext = Base64.getDecoder().decode(text.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new SecretsException("the ciphertext of a sealed secret must be base64");
        }
        return new Envelope(keyId, ciphertext);
    }

    /** The key id as written in the text form. */
    public static String keyIdText(int keyId) {
        return Integer.toUnsignedString(keyId);
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    /** The text form, {@code enc:v1:<key id>:<base64>}. */
    public String text() {
        return V1 + keyIdText(keyId) + ":" + Base64.getEncoder().encodeToString(ciphertext);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Envelope other && keyId == other.keyId && Arrays.equals(ciphertext, other.ciphertext);
    }

    @Override
    public int hashCode() {
        return 31 * keyId + Arrays.hashCode(ciphertext);
    }

    /** Short: the key id, not the ciphertext. */
    @Override
    public String toString() {
        return V1 + keyIdText(keyId) + ":…";
    }
}
