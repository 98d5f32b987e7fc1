package io.hookline.common.secrets;

/**
 * Seals secrets to the dispatchers' current public key. Holds no secret itself: admins use
 * one to publish subscriptions.
 */
public interface SecretSealer {

    /**
     * Seals {@code plaintext}, bound to {@code context}: it only opens again with the same
     * context, so a sealed value cannot be moved to another subscription or field.
     *
     * @return the text form of the {@link Envelope}
     */
    String seal(String plaintext, String context);

    /** The key id new values are sealed to. */
    int keyId();
}
