package io.hookline.common.signing;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs requests the Standard Webhooks way: the content {@code id.timestamp.body} is
 * HMAC-SHA256'd with each secret, and the header lists {@code v1,<base64>} per secret,
 * separated by spaces.
 */
public final class WebhookSigner {
    private static final String HMAC = "HmacSHA256";

    private WebhookSigner() {
    }

    /** The {@code webhook-signature} header value: one {@code v1,…} per secret, space-separated. */
    public static String sign(List<WebhookSecret> secrets, String messageId, long timestampSeconds, byte[] body) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one secret is needed to sign");
        }
        StringBuilder header = new StringBuilder(secrets.size() * 48);
        for (WebhookSecret secret : secrets) {
            if (header.length() > 0) {
                header.append(' ');
            }
            header.append("v1,").append(signature(secret, messageId, timestampSeconds, body));
        }
        return header.toString();
    }

    /** base64(HMAC-SHA256(key, id.timestamp.body)), without the {@code v1,} prefix. */
    static String signature(WebhookSecret secret, String messageId, long timestampSeconds, byte[] body) {
        Mac mac = mac(secret);
        mac.update((messageId + '.' + timestampSeconds + '.').getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(mac.doFinal(body));
    }

    private static Mac mac(WebhookSecret secret) {
        return secret.newMac();
    }

    /** A new HMAC-SHA256 keyed with {@code key}. */
    static Mac keyedMac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
