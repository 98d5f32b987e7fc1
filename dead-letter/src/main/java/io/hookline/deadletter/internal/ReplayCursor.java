package io.hookline.deadletter.internal;

import io.hookline.common.HooklineException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A named replay's place in one partition of the dead-letter topic, kept as the committed
 * offset of the replay's consumer group and that offset's metadata string.
 *
 * <ul>
 *   <li>{@link #next()}: every record before it was handled (replayed, or skipped for good,
 *       or not matched by the replay's filter);</li>
 *   <li>{@link #waiting()}: subscriptions whose letters were skipped for a reason that may
 *       pass (disabled, invalid), each with the offset of its first such letter. Dispatcher
 *       letters are keyed by subscription, so a subscription's letters all sit in one
 *       partition. A run that finds the subscription fit again reads back from that offset
 *       and sends that subscription's letters before {@code next}, and only those: none of
 *       them was sent before, since a subscription's state is read once per run and a run that
 *       found it fit would have resolved its entry.</li>
 * </ul>
 * The metadata also holds a hash of the replay's filters, so the same name is not used by
 * accident with other filters, which would skip letters the new filters match.
 */
public final class ReplayCursor {
    /** Kafka refuses offset metadata over {@code offset.metadata.max.bytes}, 4096 by default. */
    static final int MAX_METADATA_CHARS = 3000;
    private static final String VERSION = "hookline-replay/1";

    private long next;
    private final Map<String, Long> waiting;
    /** Where the letters looked at again end: {@link #next} as this run found it. */
    private final long revisitEnd;
    private boolean revisiting;
    /** Subscriptions found still waiting while looking at their letters again in this run. */
    private final Set<String> stillWaiting = new HashSet<>();

    private ReplayCursor(long next, Map<String, Long> waiting) {
        this.next = next;
        this.waiting = waiting;
        this.revisitEnd = next;
        this.revisiting = !waiting.isEmpty();
    }

    /** The place of a replay that never ran on this partition: before everything. */
    public static ReplayCursor fresh() {
        return new ReplayCursor(0, new TreeMap<>());
    }

    /**
     * The place committed as {@code offset} with {@code metadata}.
     *
     * @throws HooklineException when the place was kept by a replay of other filters, or not by a replay at all
     */
    public static ReplayCursor decode(long offset, String metadata, String fingerprint, String name) {
        String[] parts = metadata == null ? new String[0] : metadata.split("\\|", -1);
        if (parts.length != 3 || !parts[0].equals(VERSION)) {
            throw new HooklineException("replay " + name + ": its consumer group holds offsets no replay of this "
                    + "version wrote; choose another --name");
        }
        if (!parts[1].equals(fingerprint)) {
            throw new HooklineException("replay " + name + " was run with other filters; run it with the same "
                    + "filters, or choose another --name");
        }
        Map<String, Long> waiting = new TreeMap<>();
        if (!parts[2].isEmpty()) {
            for (String entry : parts[2].split(",")) {
                int at = entry.lastIndexOf('@');
                try {
                    waiting.put(entry.substring(0, at), Long.parseLong(entry.substring(at + 1)));
                } catch (RuntimeException e) {
                    throw new HooklineException("replay " + name + ": its kept place is unreadable; choose another "
                            + "--name");
                }
            }
        }
        return new ReplayCursor(offset, waiting);
    }

    /** What to commit as the offset's metadata. */
    public String encode(String fingerprint) {
        StringBuilder out = new StringBuilder(VERSION).append('|').append(fingerprint).append('|');
        String separator = "";
        for (Map.Entry<String, Long> entry : waiting.entrySet()) {
            out.append(separator).append(entry.getKey()).append('@').append(entry.getValue());
            separator = ",";
        }
        return out.toString();
    }

    public long next() {
        return next;
    }

    /** Subscription id → the offset of its first letter still waiting. */
    public Map<String, Long> waiting() {
        return Collections.unmodifiableMap(waiting);
    }

    /** Where reading must start: the first waiting letter, or {@link #next()}. */
    public long readFrom() {
        long from = next;
        for (long offset : waiting.values()) {
            from = Math.min(from, offset);
        }
        return from;
    }

    /**
     * True if the record at {@code offset} still needs a look: it is at or past {@link #next()},
     * or it may be a waiting letter of {@code subscriptionId}.
     */
    public boolean needsLook(long offset, String subscriptionId) {
        if (offset >= revisitEnd) {
            endRevisit();
        }
        if (offset >= next) {
            return true;
        }
        Long from = subscriptionId == null ? null : waiting.get(subscriptionId);
        return from != null && from <= offset;
    }

    /**
     * True unless marking {@code subscriptionId} as waiting would make the metadata too large
     * for Kafka: then the run stops before that letter, which the next run looks at again.
     */
    public boolean canWait(String subscriptionId, String fingerprint) {
        if (waiting.containsKey(subscriptionId)) {
            return true;
        }
        return encode(fingerprint).length() + subscriptionId.length() + 22 <= MAX_METADATA_CHARS;
    }

    /**
     * The record at {@code offset} was handled.
     *
     * @param waits true when it was skipped for a reason that may pass, so it is to be looked at again
     */
    public void handled(long offset, String subscriptionId, boolean waits) {
        if (offset >= next) {
            next = offset + 1;
            if (waits) {
                waiting.putIfAbsent(subscriptionId, offset);
            }
            return;
        }
        // a record looked at again: its subscription's letters are still waiting, or this one is done
        if (waits) {
            stillWaiting.add(subscriptionId);
        } else if (subscriptionId != null && waiting.containsKey(subscriptionId)) {
            if (offset + 1 >= next) {
                waiting.remove(subscriptionId);
            } else {
                waiting.put(subscriptionId, offset + 1);
            }
        }
    }

    /**
     * The partition was read up to {@code end} and every record before it handled: what lies
     * between {@link #next()} and {@code end} is transaction markers and aborted records.
     *
     * @return true when the place moved
     */
    public boolean reached(long end) {
        int waitingBefore = waiting.size();
        endRevisit();
        if (end > next) {
            next = end;
            return true;
        }
        return waiting.size() != waitingBefore;
    }

    /**
     * Every letter before {@link #revisitEnd} was looked at again: a subscription not found
     * still waiting has none left (all sent, or skipped for good).
     */
    private void endRevisit() {
        if (revisiting) {
            revisiting = false;
            waiting.keySet().retainAll(stillWaiting);
        }
    }
}
