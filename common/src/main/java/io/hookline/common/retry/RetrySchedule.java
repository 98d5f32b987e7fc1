package io.hookline.common.retry;

import io.hookline.common.HooklineException;
import io.hookline.common.retry.RetryDecision.Exhausted;
import io.hookline.common.retry.RetryDecision.RetryAt;
import io.hookline.common.wire.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * When a failed delivery is tried again ({@code retry.schedule}, {@code retry.jitter}): the
 * n-th delay is the wait after attempt n fails, so a schedule of k delays allows k + 1
 * attempts. Each distinct delay is a retry tier, one topic {@code <prefix>.retry.<delay>}.
 *
 * <p>Pure: the time and the randomness are the caller's, so the same inputs give the same
 * decision.
 *
 * @param delays the waits after attempt 1, 2, …, in order; at least one, each above zero, at
 *               most {@value #MAX_DELAYS} (a subscription may ask for at most
 *               {@value Subscription#MAX_ATTEMPTS_LIMIT} attempts)
 * @param jitter how far each wait is spread at random either way, as a fraction: 0.2 = ±20 %,
 *               so that deliveries that failed together are not all tried again together;
 *               0 to {@value #MAX_JITTER}
 */
public record RetrySchedule(List<Duration> delays, double jitter) {
    public static final int MAX_DELAYS = Subscription.MAX_ATTEMPTS_LIMIT - 1;
    public static final double DEFAULT_JITTER = 0.2;
    public static final double MAX_JITTER = 0.5;
    /** The most a delay moves either way by jitter, whatever its length: see {@link #jittered}. */
    public static final Duration MAX_JITTER_SPREAD = Duration.ofMinutes(5);

    public RetrySchedule {
        if (delays == null || delays.isEmpty()) {
            throw new HooklineException("a retry schedule needs at least one delay");
        }
        if (delays.size() > MAX_DELAYS) {
            throw new HooklineException("a retry schedule has at most " + MAX_DELAYS + " delays, got "
                    + delays.size());
        }
        for (int i = 0; i < delays.size(); i++) {
            Duration delay = delays.get(i);
            if (delay == null || delay.isNegative() || delay.isZero()) {
                String what = delay == null ? "missing" : delay.isZero() ? "zero" : "negative";
                throw new HooklineException("delay " + (i + 1) + " of the retry schedule is " + what
                        + "; every delay must be longer than zero");
            }
        }
        delays = List.copyOf(delays);
        if (!(jitter >= 0 && jitter <= MAX_JITTER)) { // also false for NaN
            throw new HooklineException("retry jitter must be 0 to " + MAX_JITTER + ", got " + jitter);
        }
    }

    /** {@code delays} with the default jitter, ±{@value #DEFAULT_JITTER}. */
    public static RetrySchedule of(Duration... delays) {
        return new RetrySchedule(List.of(delays), DEFAULT_JITTER);
    }

    /** The retry tiers: each delay once, shortest first. {@code 24h} and {@code 1d} are one tier. */
    public List<Duration> distinctDelays() {
        return List.copyOf(tiers());
    }

    /** The shortest tier: where overflow is diverted and where a short {@code Retry-After} waits. */
    public Duration firstTier() {
        return tiers().first();
    }

    /** Attempts a delivery gets when its subscription sets no cap: one more than the delays. */
    public int maxAttempts() {
        return delays.size() + 1;
    }

    /**
     * Attempts a delivery of a subscription gets: its {@code maxAttempts} if set and lower, else
     * {@link #maxAttempts()}. A cap above the schedule's length + 1 does not repeat the last
     * delay: the schedule says how long Hookline keeps trying, the subscription may only stop earlier.
     */
    public int maxAttempts(Integer subscriptionMaxAttempts) {
        if (subscriptionMaxAttempts == null) {
            return maxAttempts();
        }
        if (subscriptionMaxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + subscriptionMaxAttempts);
        }
        return Math.min(subscriptionMaxAttempts, maxAttempts());
    }

    /**
     * What follows the failure of attempt {@code failedAttempt}.
     *
     * <p>If attempts are left, attempt n + 1 goes to the tier of the n-th delay, due at
     * {@code now} + that delay ± jitter. If the endpoint asked to wait ({@code Retry-After} on
     * 429 or 503) the later of the two times wins; when the endpoint's is later, the record goes
     * to the longest tier not longer than the wait it asked for (the shortest tier if the wait is
     * shorter than every tier), and {@link RetryAt#notBefore()} carries the exact time. Waiting
     * in a shorter tier than its own delay, such a record holds up the records queued behind it
     * in that tier partition until it is due; a longer tier would make it late instead.
     *
     * @param failedAttempt           the number of the attempt that failed, 1 for the first
     * @param subscriptionMaxAttempts the subscription's cap, null for none
     * @param retryAfter              the wait the endpoint asked for, already clamped; null if it did not ask
     * @param now                     when the attempt failed
     * @param random                  source of the jitter
     */
    public RetryDecision next(int failedAttempt, Integer subscriptionMaxAttempts, Duration retryAfter, Instant now,
                              RandomGenerator random) {
        if (failedAttempt < 1) {
            throw new IllegalArgumentException("failedAttempt must be at least 1, got " + failedAttempt);
        }
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative, got " + retryAfter);
        }
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(random, "random");
        if (failedAttempt >= maxAttempts(subscriptionMaxAttempts)) {
            return new Exhausted(failedAttempt);
        }
        Duration delay = delays.get(failedAttempt - 1);
        Instant scheduled = now.plus(jittered(delay, random));
        if (retryAfter != null && now.plus(retryAfter).isAfter(scheduled)) {
            return new RetryAt(tierFor(retryAfter), now.plus(retryAfter));
        }
        return new RetryAt(delay, scheduled);
    }

    /**
     * A delivery diverted without an attempt (its endpoint is at its in-flight bound): the first
     * tier, due after that tier's delay ± jitter. The caller keeps the attempt number as it is.
     */
    public RetryAt overflow(Instant now, RandomGenerator random) {
        Objects.requireNonNull(now, "now");
        Duration tier = firstTier();
        return new RetryAt(tier, now.plus(jittered(tier, random)));
    }

    /** The longest tier not longer than {@code wait}; the shortest tier if every tier is longer. */
    public Duration tierFor(Duration wait) {
        Objects.requireNonNull(wait, "wait");
        Duration tier = tiers().floor(wait);
        return tier != null ? tier : firstTier();
    }

    /**
     * {@code delay} spread uniformly over [delay − spread, delay + spread), to the millisecond,
     * where spread = delay × jitter but at most {@link #MAX_JITTER_SPREAD}.
     *
     * <p>Why the cap: a tier partition is read in order, so a record due late holds up the
     * records behind it that are due earlier, by up to twice the spread. Five minutes each way
     * spreads a burst of failures well enough and keeps a 24 h tier at most ten minutes late,
     * where ±20 % would make it up to 9.6 h late.
     */
    Duration jittered(Duration delay, RandomGenerator random) {
        double spread = Math.min(delay.toMillis() * jitter, MAX_JITTER_SPREAD.toMillis());
        long millis = Math.round(delay.toMillis() + spread * (2 * random.nextDouble() - 1));
        // At least 1 ms: with jitter at most 0.5 a positive delay never rounds to "now".
        return Duration.ofMillis(Math.max(1, millis));
    }

    private NavigableSet<Duration> tiers() {
        return new TreeSet<>(delays);
    }
}
