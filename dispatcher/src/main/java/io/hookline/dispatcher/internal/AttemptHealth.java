package io.hookline.dispatcher.internal;

/**
 * Told how each attempt to a subscription's endpoint went, on the thread that ended the
 * exchange (an HTTP I/O thread): implementations must be cheap and never block.
 */
public interface AttemptHealth {
    /** Tells nothing to anyone: for tests and tools without auto-disable. */
    AttemptHealth NONE = new AttemptHealth() {
        @Override
        public void succeeded(String subscriptionId) {
        }

        @Override
        public void failed(String subscriptionId, String tenant) {
        }
    };

    /** The endpoint answered with success. */
    void succeeded(String subscriptionId);

    /** The attempt failed in a way worth retrying: 5xx, 429, timeout, connection error. */
    void failed(String subscriptionId, String tenant);
}
