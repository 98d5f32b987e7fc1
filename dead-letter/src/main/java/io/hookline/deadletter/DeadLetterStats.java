package io.hookline.deadletter;

import io.hookline.common.wire.DeadLetterReason;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of dead letters by reason, by subscription and by hour of {@code deadAt}. Router
 * letters, which have no subscription, are counted under {@link #ROUTER}. Filled by one thread.
 */
public final class DeadLetterStats {
    /** The subscription column of router letters. */
    public static final String ROUTER = "(router)";

    private final Map<DeadLetterReason, Long> byReason = new EnumMap<>(DeadLetterReason.class);
    private final Map<String, Long> bySubscription = new TreeMap<>();
    private final Map<Instant, Long> byHour = new TreeMap<>();
    private long total;
    private long unreadable;

    /** Counts one letter. */
    public void add(StoredDeadLetter stored) {
        total++;
        byReason.merge(stored.letter().reason(), 1L, Long::sum);
        String subscription = stored.subscriptionId();
        bySubscription.merge(subscription == null ? ROUTER : subscription, 1L, Long::sum);
        byHour.merge(stored.deadAt().truncatedTo(ChronoUnit.HOURS), 1L, Long::sum);
    }

    /** Counts a record that is not a dead letter this version reads. */
    public void addUnreadable() {
        unreadable++;
    }

    public long unreadable() {
        return unreadable;
    }

    public long total() {
        return total;
    }

    /** In the order the reasons are declared. */
    public Map<DeadLetterReason, Long> byReason() {
        return Collections.unmodifiableMap(byReason);
    }

    /** By subscription id, in id order. */
    public Map<String, Long> bySubscription() {
        return Collections.unmodifiableMap(bySubscription);
    }

    /** By the start of each hour, oldest first; hours without a letter are absent. */
    public Map<Instant, Long> byHour() {
        return Collections.unmodifiableMap(byHour);
    }
}
