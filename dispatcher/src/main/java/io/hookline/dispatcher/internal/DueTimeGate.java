package io.hookline.dispatcher.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Holds back retry records until they are due, without sleeping and without spinning.
 *
 * <p>A retry tier partition is read in order, and a record may not be sent before its
 * {@code notBefore}. So the consumer loop asks {@link #admit} about each record it polled:
 * {@link ProcessNow}, or {@link PauseUntil} — then the loop pauses the partition, seeks it back
 * to that record's offset (so it is fetched again after the resume) and drops the rest of the
 * partition's batch. Before each poll the loop resumes the partitions {@link #due()} returns
 * and polls with {@link #pollTimeout}, so it wakes exactly when the earliest paused partition
 * becomes due, while new records on other partitions still end the poll early.
 *
 * <p>Not thread-safe: owned by the poll thread, like the consumer whose pauses it mirrors.
 * The number of paused partitions is at most the assigned retry partitions (tiers ×
 * partitions, tens to hundreds), so plain scans are cheap enough.
 */
public final class DueTimeGate {
    private final Clock clock;
    private final Map<TopicPartition, Instant> pausedUntil = new HashMap<>();

    public DueTimeGate(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether a record may be sent now. */
    public sealed interface Decision permits ProcessNow, PauseUntil {
    }

    /** Due: send it. */
    public record ProcessNow() implements Decision {
    }

    /** Not yet due: pause its partition until {@code until}, its {@code notBefore}. */
    public record PauseUntil(Instant until) implements Decision {
        public PauseUntil {
            Objects.requireNonNull(until, "until");
        }
    }

    private static final ProcessNow PROCESS_NOW = new ProcessNow();

    /**
     * The decision alone: due once {@code now} has reached {@code notBefore}. A record without
     * {@code notBefore} (a first attempt) is always due.
     */
    public static Decision decide(Instant notBefore, Instant now) {
        return notBefore == null || !now.isBefore(notBefore) ? PROCESS_NOW : new PauseUntil(notBefore);
    }

    /**
     * Decides for the next record of {@code partition}; if it is not due, remembers the
     * partition as paused until it is.
     */
    public Decision admit(TopicPartition partition, Instant notBefore) {
        Objects.requireNonNull(partition, "partition");
        Decision decision = decide(notBefore, clock.instant());
        if (decision instanceof PauseUntil pause) {
            pausedUntil.put(partition, pause.until());
        } else {
            pausedUntil.remove(partition);
        }
        return decision;
    }

    /** The paused partitions whose time has come, forgotten here: the loop resumes them. */
    public Set<TopicPartition> due() {
        Instant now = clock.instant();
        Set<TopicPartition> due = new HashSet<>();
        pausedUntil.entrySet().removeIf(entry -> {
            boolean isDue = !now.isBefore(entry.getValue());
            if (isDue) {
                due.add(entry.getKey());
            }
            return isDue;
        });
        return due;
    }

    /** When the earliest paused partition becomes due; empty when none is paused. */
    public Optional<Instant> nextWake() {
        return pausedUntil.values().stream().min(Instant::compareTo);
    }

    /**
     * How long the next poll may block: until the earliest paused partition is due, at most
     * {@code max}; zero if one is due already. Rounded up to the millisecond, the poll's
     * resolution: rounding down would wake a fraction of a millisecond early and poll with a
     * zero timeout until the time has come, a short busy loop.
     */
    public Duration pollTimeout(Duration max) {
        Optional<Instant> wake = nextWake();
        if (wake.isEmpty()) {
            return max;
        }
        Duration left = Duration.between(clock.instant(), wake.get());
        if (left.isNegative() || left.isZero()) {
            return Duration.ZERO;
        }
        Duration millis = Duration.ofMillis(left.toMillis());
        Duration ceiled = millis.equals(left) ? millis : millis.plusMillis(1);
        return ceiled.compareTo(max) < 0 ? ceiled : max;
    }

    public boolean isPaused(TopicPartition partition) {
        return pausedUntil.containsKey(partition);
    }

    /** The partitions paused here, with when each becomes due. */
    public Map<TopicPartition, Instant> paused() {
        return Map.copyOf(pausedUntil);
    }

    /**
     * Forgets {@code partitions}, e.g. when they are revoked or lost: a consumer forgets the
     * pause of a partition it gives up, and whoever gets it next decides afresh.
     */
    public void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(pausedUntil::remove);
    }
}
