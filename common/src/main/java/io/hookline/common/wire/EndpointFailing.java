package io.hookline.common.wire;

import java.time.Instant;

/**
 * What the compacted {@code webhooks.endpoint-health} topic holds for a subscription whose
 * endpoint is failing (key = {@code subscriptionId}): since when every attempt to it failed,
 * without a single success. A tombstone means it is not failing (a success came, or it was
 * disabled). Dispatchers share it, and it outlives their restarts, so that
 * {@code endpoint.disable.after} counts from the first failure whichever dispatcher saw it.
 *
 * @param since the first failure of the run
 */
public record EndpointFailing(String subscriptionId, String tenant, Instant since) {

    public EndpointFailing {
        Checks.name(subscriptionId, "subscriptionId");
        Checks.name(tenant, "tenant");
        Checks.required(since, "since");
    }
}
