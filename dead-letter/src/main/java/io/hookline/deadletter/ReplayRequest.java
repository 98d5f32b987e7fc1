package io.hookline.deadletter;

import io.hookline.common.HooklineException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One run of a named replay.
 *
 * @param name            the replay's name: its place in the dead-letter topic is kept under it
 *                        (consumer group and transactional id {@code hookline-replay-<prefix>-<name>})
 * @param limit           replay at most this many letters in this run; 0 = no limit
 * @param ratePerSecond   send at most this many records a second; 0 = as fast as Kafka takes them
 * @param includeDisabled replay to disabled subscriptions too (the dispatcher dead-letters them again
 *                        unless they are enabled by then)
 */
public record ReplayRequest(DeadLetterFilter filter, String name, boolean dryRun, long limit, double ratePerSecond,
                            boolean includeDisabled) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    public ReplayRequest {
        Objects.requireNonNull(filter, "filter");
        if (name == null) {
            name = filter.derivedName();
        }
        if (!NAME.matcher(name).matches()) {
            throw new HooklineException("--name must be 1-100 characters of A-Z a-z 0-9 . _ -");
        }
        if (limit < 0) {
            throw new HooklineException("--limit must be at least 1");
        }
        if (ratePerSecond < 0 || Double.isNaN(ratePerSecond) || Double.isInfinite(ratePerSecond)) {
            throw new HooklineException("--rate must be a positive number of records a second");
        }
    }

    /** The consumer group and transactional id that keep this replay's place: one per topic prefix and name. */
    public String groupId(String topicPrefix) {
        return "hookline-replay-" + topicPrefix + "-" + name;
    }
}
