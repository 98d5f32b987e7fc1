package io.hookline.common.wire;

import io.hookline.common.HooklineException;

/**
 * A wire record that is well-formed JSON (or a Java value) but breaks the contract:
 * a missing field, a bad URL, a header with a line break. The message names the field
 * and never contains a secret.
 */
public class InvalidRecordException extends HooklineException {
    private static final long serialVersionUID = 1L;

    public InvalidRecordException(String message) {
        super(message);
    }

    public InvalidRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
