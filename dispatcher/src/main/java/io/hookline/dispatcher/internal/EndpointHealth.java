package io.hookline.dispatcher.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides when a subscription's endpoint has failed long enough to be disabled: since when
 * every attempt to it failed without a single success, per subscription, and whether that is
 * {@code endpoint.disable.after} ago. Pure but for the clock: what it decides, {@link
 * EndpointHealthStore} writes to the endpoint-health topic, and what other dispatchers (or this
 * one before a restart) wrote comes back through {@link #learned}. Thread-safe: attempts end on
 * the HTTP client's threads, the topic is read on a thread of its own.
 *
 * <p>Never about the ops tenant's subscriptions: disabling the operators' own endpoint would
 * silence every notice, and its failures already end as dead letters.
 */
public final class EndpointHealth {
    /**
     * After disabling, failures of the subscription are not counted for this long: they are of
     * requests already in flight, and would start a new run that outlives the disable and
     * disables it again at once when an operator enables it.
     */
    static final Duration SETTLE = Duration.ofMinutes(1);

    private final Duration disableAfter;
    private final String opsTenant;
    private final Clock clock;
    private final Map<String, Instant> failingSince = new HashMap<>();
    private final Map<String, Instant> disabledAt = new HashMap<>();

    /** What the store acts on after an attempt. */
    public sealed interface Change permits Failing, Recovered, Disable {
    }

    /** The first failure of a run: write it, so every dispatcher counts from it. */
    public record Failing(String subscriptionId, String tenant, Instant since) implements Change {
    }

    /** A success after failures: clear the run. */
    public record Recovered(String subscriptionId) implements Change {
    }

    /** Failing for {@code endpoint.disable.after}: disable the subscription, clear the run. */
    public record Disable(String subscriptionId, String tenant, Instant since, Instant at) implements Change {
        /** For the subscription record and the operator event. */
        public String reason() {
            return "endpoint failing without a success since " + since + "; disabled automatically at " + at;
        }
    }

    public EndpointHealth(Duration disableAfter, String opsTenant, Clock clock) {
        this.disableAfter = disableAfter;
        this.opsTenant = opsTenant;
        this.clock = clock;
    }

    /** An attempt to the subscription's endpoint failed (5xx, timeout, connection error, …). */
    public synchronized Optional<Change> failed(String subscriptionId, String tenant) {
        if (opsTenant.equals(tenant)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant disabled = disabledAt.get(subscriptionId);
        if (disabled != null) {
            if (now.isBefore(disabled.plus(SETTLE))) {
                return Optional.empty();
            }
            disabledAt.remove(subscriptionId);
        }
        Instant since = failingSince.get(subscriptionId);
        if (since == null) {
            failingSince.put(subscriptionId, now);
            return Optional.of(new Failing(subscriptionId, tenant, now));
        }
        if (Duration.between(since, now).compareTo(disableAfter) < 0) {
            return Optional.empty();
        }
        failingSince.remove(subscriptionId);
        disabledAt.put(subscriptionId, now);
        return Optional.of(new Disable(subscriptionId, tenant, since, now));
    }

    /** An attempt to the subscription's endpoint succeeded: the run of failures, if any, is over. */
    public synchronized Optional<Change> succeeded(String subscriptionId) {
        return failingSince.remove(subscriptionId) == null ? Optional.empty()
                : Optional.of(new Recovered(subscriptionId));
    }

    /**
     * What another dispatcher wrote, or this one before a restart: failing since {@code since},
     * or recovered (null). Of two runs the earlier start counts, as two dispatchers may each see
     * a first failure; a success anywhere ends the run everywhere.
     */
    public synchronized void learned(String subscriptionId, Instant since) {
        if (since == null) {
            failingSince.remove(subscriptionId);
            return;
        }
        failingSince.merge(subscriptionId, since, (mine, theirs) -> theirs.isBefore(mine) ? theirs : mine);
    }

    /** Subscriptions failing now, for a gauge. */
    public synchronized int failing() {
        return failingSince.size();
    }

    /** Since when the subscription's endpoint fails, if it does. */
    synchronized Optional<Instant> failingSince(String subscriptionId) {
        return Optional.ofNullable(failingSince.get(subscriptionId));
    }
}
