package io.hookline.common.signing;

/**
 * A subscription's secret as the subscriptions topic holds it: a {@link WebhookSecret} in the
 * clear (records published before encryption, or opened by a dispatcher), or a
 * {@link SealedSecret} only the dispatchers' private keys open. Only a {@link WebhookSecret} signs.
 */
public sealed interface StoredSecret permits WebhookSecret, SealedSecret {

    /** The text written to the topic: {@code whsec_…} (handle with care) or {@code enc:v1:…}. */
    String stored();
}
