package io.hookline.common.signing;

import io.hookline.common.HooklineException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;

/**
 * A Standard Webhooks signing secret: {@code whsec_} + base64 of 24-64 random bytes.
 * {@link #toString()} never shows the secret; only {@link #encoded()} does, for writing it
 * where it belongs (the subscriptions topic, the admin who created it).
 */
public final class WebhookSecret implements StoredSecret {
    public static final String PREFIX = "whsec_";
    static final int MIN_BYTES = 24;
    static final int MAX_BYTES = 64;
    private static final int GENERATED_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;
    /**
     * Keyed once; each signature works on a clone, which skips the provider lookup and key
     * setup that {@code Mac.getInstance} + {@code init} cost per call. Never updated itself, so
     * concurrent clones are safe.
     */
    private final Mac prototype;

    private WebhookSecret(byte[] key) {
        this.key = key;
        this.prototype = WebhookSigner.keyedMac(key);
    }

    /** A fresh HMAC-SHA256 keyed with this secret, for one signature. */
    Mac newMac() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            return WebhookSigner.keyedMac(key); // a provider whose Mac cannot be cloned
        }
    }

    /** Parses {@code whsec_…}; the message of the exception never contains the secret. */
    public static WebhookSecret parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            throw new HooklineException("a webhook secret must start with '" + PREFIX + "'");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new HooklineException("a webhook secret must be '" + PREFIX + "' followed by base64");
        }
        if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
            throw new HooklineException("a webhook secret must decode to " + MIN_BYTES + "-" + MAX_BYTES
                    + " bytes, this one has " + key.length);
        }
        return new WebhookSecret(key);
    }

    /** A new random secret of 32 bytes. */
    public static WebhookSecret generate() {
        byte[] key = new byte[GENERATED_BYTES];
        RANDOM.nextBytes(key);
        return new WebhookSecret(key);
    }

    /** The secret as {@code whsec_…}: handle with care. */
    public String encoded() {
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** Same as {@link #encoded()}. */
    @Override
    public String stored() {
        return encoded();
    }

    byte[] key() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebhookSecret other && MessageDigest.isEqual(key, other.key);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return PREFIX + "(redacted)";
    }
}
