package io.hookline.common;

/**
 * Root of every exception Hookline throws on purpose. Subclasses say what went wrong
 * (a bad record, a bad signature, bad configuration); anything else is a bug or the
 * infrastructure failing.
 */
public class HooklineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HooklineException(String message) {
        super(message);
    }

    public HooklineException(String message, Throwable cause) {
        super(message, cause);
    }
}
