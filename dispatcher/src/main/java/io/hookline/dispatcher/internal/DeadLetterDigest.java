package io.hookline.dispatcher.internal;

import io.hookline.common.wire.DeadLetter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Summarizes dead letters per subscription for operators: at most one {@code
 * delivery.dead_lettered} notice per subscription per interval, carrying the count since the
 * last one and the latest letter's details. The first letter after a quiet interval is told at
 * once; those that follow within the interval wait for {@link #due()}. Pure but for the clock;
 * thread-safe (letters come from the outcome threads, {@code due} from a timer).
 */
public final class DeadLetterDigest {
    private final Duration interval;
    private final Clock clock;
    private final Map<String, Instant> lastTold = new HashMap<>();
    private final Map<String, Notice> pending = new HashMap<>();

    /** What to tell about one subscription: the latest letter, and how many there were. */
    public record Notice(DeadLetter latest, int count) {
    }

    public DeadLetterDigest(Duration interval, Clock clock) {
        this.interval = interval;
        this.clock = clock;
    }

    /** Notes a dead letter of the dispatcher; the notice to publish now, if it is time for one. */
    public synchronized Optional<Notice> add(DeadLetter letter) {
        String subscription = letter.delivery().subscriptionId();
        Notice waiting = pending.remove(subscription);
        Notice notice = new Notice(letter, waiting == null ? 1 : waiting.count() + 1);
        Instant now = clock.instant();
        Instant last = lastTold.get(subscription);
        if (last == null || !now.isBefore(last.plus(interval))) {
            lastTold.put(subscription, now);
            return Optional.of(notice);
        }
        pending.put(subscription, notice);
        return Optional.empty();
    }

    /** The notices whose interval has passed, to publish now; forgets subscriptions quiet for an interval. */
    public synchronized List<Notice> due() {
        Instant now = clock.instant();
        List<Notice> due = new ArrayList<>();
        pending.entrySet().removeIf(entry -> {
            Instant last = lastTold.get(entry.getKey());
            if (now.isBefore(last.plus(interval))) {
                return false;
            }
            due.add(entry.getValue());
            lastTold.put(entry.getKey(), now);
            return true;
        });
        // a subscription told about and quiet since needs no memory: its next letter is told at once
        lastTold.entrySet().removeIf(entry -> !pending.containsKey(entry.getKey())
                && !now.isBefore(entry.getValue().plus(interval)));
        return due;
    }
}
