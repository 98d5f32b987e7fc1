package io.hookline.router.boundarycheck;

import io.hookline.common.secrets.SecretOpener;
import io.hookline.common.wire.Subscription;

/** Breaks "the router never opens secrets": a router class opening a subscription's secrets. */
public final class OpensSecrets {
    public Subscription open(Subscription subscription, SecretOpener opener) {
        return subscription.open(opener);
    }
}
