package io.hookline.bench.internal;

/**
 * Who receives which event: {@code endpoints} subscriptions, one per receiver endpoint (its
 * own port, since the dispatcher bounds requests per scheme, host and port), grouped into
 * tenants of {@code fanOut} subscriptions each. Event {@code seq} belongs to tenant
 * {@code seq % tenants} and goes to each of that tenant's subscriptions, so every event has
 * exactly {@code fanOut} deliveries and every endpoint gets the same share.
 *
 * <p>Delivery slot {@code seq * fanOut + j} is event {@code seq} to the tenant's {@code j}-th
 * subscription; the ledger is a bit per slot.
 *
 * @param endpoints subscriptions and endpoints, a multiple of {@code fanOut}
 * @param fanOut    subscriptions per tenant, so deliveries per event
 */
public record Layout(int endpoints, int fanOut) {

    public Layout {
        if (fanOut < 1 || endpoints < fanOut || endpoints % fanOut != 0) {
            throw new IllegalArgumentException("endpoints (" + endpoints + ") must be a positive multiple of "
                    + "the fan-out (" + fanOut + ")");
        }
    }

    public int tenants() {
        return endpoints / fanOut;
    }

    public String tenant(long seq) {
        return tenantName((int) (seq % tenants()));
    }

    public String tenantName(int tenant) {
        return "f" + fanOut + "-t" + tenant;
    }

    /** The id of the subscription at endpoint {@code index}. */
    public String subscriptionId(int index) {
        return "f" + fanOut + "-s" + index;
    }

    /** The endpoint index of a subscription id of this layout, or -1. */
    public int endpointOf(String subscriptionId) {
        String prefix = "f" + fanOut + "-s";
        if (subscriptionId == null || !subscriptionId.startsWith(prefix)) {
            return -1;
        }
        try {
            int index = Integer.parseInt(subscriptionId.substring(prefix.length()));
            return index >= 0 && index < endpoints ? index : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The tenant that endpoint {@code index}'s subscription belongs to. */
    public int tenantOf(int index) {
        return index / fanOut;
    }

    /** The endpoint index of event {@code seq}'s {@code j}-th delivery. */
    public int endpoint(long seq, int j) {
        return (int) (seq % tenants()) * fanOut + j;
    }

    /** The ledger slot of event {@code seq} delivered to endpoint {@code index}; -1 if that endpoint is not the event's. */
    public long slot(long seq, int index) {
        if (index / fanOut != seq % tenants()) {
            return -1;
        }
        return seq * fanOut + index % fanOut;
    }

    /** Event id of {@code seq} in {@code run}. */
    public static String eventId(int run, long seq) {
        return "e" + run + "-" + seq;
    }

    /** Run and seq of an event id written by {@link #eventId}; null for another id. */
    public static long[] parseEventId(String id) {
        int dash = id == null ? -1 : id.indexOf('-');
        if (dash < 2 || id.charAt(0) != 'e') {
            return null;
        }
        try {
            return new long[] {Long.parseLong(id.substring(1, dash)), Long.parseLong(id.substring(dash + 1))};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
