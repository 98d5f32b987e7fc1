package io.hookline.common.signing;

import io.hookline.common.HooklineException;
import io.hookline.common.secrets.Envelope;
import io.hookline.common.secrets.SecretOpener;
import io.hookline.common.secrets.SecretSealer;
import io.hookline.common.secrets.SecretsException;
import java.util.Objects;

/**
 * A webhook secret sealed to the dispatchers' public key: the text form of an {@link Envelope},
 * which names the key it was sealed to. Readers without the private key (the router, the
 * admin CLI) carry it unchanged; a dispatcher {@linkplain #open opens} it once, as it reads the record.
 */
public record SealedSecret(Envelope envelope) implements StoredSecret {

    public SealedSecret {
        Objects.requireNonNull(envelope, "envelope");
    }

    /**
     * Reads {@code enc:v1:<key id>:<base64>}.
     *
     * @throws SecretsException when it is not one (the message quotes nothing)
     */
    public static SealedSecret parse(String text) {
        return new SealedSecret(Envelope.parse(text));
    }

    /** Seals {@code secret} for {@code context} (which names the subscription and field). */
    public static SealedSecret seal(WebhookSecret secret, SecretSealer sealer, String context) {
        return parse(sealer.seal(secret.encoded(), context));
    }

    /**
     * The secret, opened.
     *
     * @throws SecretsException when it does not open (unknown key,
     *         another context, damaged) or what it holds is not a webhook secret
     */
    public WebhookSecret open(SecretOpener opener, String context) {
        String opened = opener.open(envelope.text(), context);
        try {
            return WebhookSecret.parse(opened);
        } catch (HooklineException e) {
            throw new SecretsException("it decrypts to something that is not a "
                    + "webhook secret: " + e.getMessage());
        }
    }

    /** The key it is sealed to. */
    public int keyId() {
        return envelope.keyId();
    }

    @Override
    public String stored() {
        return envelope.text();
    }

    @Override
    public String toString() {
        return envelope.toString();
    }
}
