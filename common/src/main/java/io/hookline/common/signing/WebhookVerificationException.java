package io.hookline.common.signing;

import io.hookline.common.HooklineException;

/** A webhook request whose signature, id or timestamp does not check out. */
public class WebhookVerificationException extends HooklineException {
    private static final long serialVersionUID = 1L;

    public WebhookVerificationException(String message) {
        super(message);
    }
}
