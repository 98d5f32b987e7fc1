package io.hookline.deadletter;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a replay run did, or with {@code dryRun} would do.
 *
 * @param resumed       true when an earlier run of this replay had kept a place to go on from
 * @param read          records read from the dead-letter topic in this run
 * @param matched       letters the filter matched and this run had not handled before
 * @param toDeliveries  dispatcher letters sent back to the deliveries topic
 * @param toEvents      router letters sent back to the events topic
 * @param skipped       letters left where they are, by why
 * @param skippedWho    for each reason, the subscriptions (or letter ids) concerned, at most a few
 * @param replayed      the first letters replayed (or to be), at most a few, to show
 * @param limitReached  the run stopped at its limit; the rest waits for the next run
 * @param stopped       the run was stopped (Ctrl-C) before it was done; the rest waits for the next run
 * @param note          why the run ended early otherwise, or null
 */
public record ReplaySummary(String name, boolean dryRun, boolean resumed, long read, long matched,
                            long toDeliveries, long toEvents, Map<SkipReason, Long> skipped,
                            Map<SkipReason, Set<String>> skippedWho, List<StoredDeadLetter> replayed,
                            boolean limitReached, boolean stopped, String note) {
    public ReplaySummary {
        skipped = Map.copyOf(skipped);
        skippedWho = Map.copyOf(skippedWho);
        replayed = List.copyOf(replayed);
    }

    /** Letters replayed (or, in a dry run, to be), to either topic. */
    public long total() {
        return toDeliveries + toEvents;
    }

    public long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }
}
