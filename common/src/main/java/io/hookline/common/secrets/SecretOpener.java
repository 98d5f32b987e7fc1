package io.hookline.common.secrets;

/** Opens what a {@link SecretSealer} sealed; only dispatchers hold one that can. */
public interface SecretOpener {

    /**
     * Opens one sealed value.
     *
     * @param envelope the text form of an {@link Envelope}
     * @param context  the context it was sealed with
     * @throws SecretsException when it is not a well-formed envelope, was sealed to a key this
     *                          opener does not hold, or does not open with this context
     */
    String open(String envelope, String context);

    /** An opener without keys, for readers that must not see secrets: every value stays sealed. */
    static SecretOpener none() {
        return (envelope, context) -> {
            Envelope parsed = Envelope.parse(envelope);
            throw new SecretsException("it is encrypted to key " + Envelope.keyIdText(parsed.keyId())
                    + ", and no private keys are configured here (secrets.private.keys.file)");
        };
    }
}
