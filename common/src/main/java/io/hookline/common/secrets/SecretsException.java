package io.hookline.common.secrets;

import io.hookline.common.HooklineException;

/**
 * A secret that cannot be sealed or opened, or keys that cannot be read. Its message is one
 * line fit for a log and never holds a secret, a key or a ciphertext.
 */
public class SecretsException extends HooklineException {
    private static final long serialVersionUID = 1L;

    public SecretsException(String message) {
        super(message);
    }

    public SecretsException(String message, Throwable cause) {
        super(message, cause);
    }
}
