package io.hookline.common.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.HooklineException;
import io.hookline.common.retry.RetryDecision.Exhausted;
import io.hookline.common.retry.RetryDecision.RetryAt;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryScheduleTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:15:30Z");
    private static final RetrySchedule DEFAULT = new RetrySchedule(List.of(s(5), m(1), m(5), m(30), h(2), h(6), h(12),
            h(24), Duration.ofDays(1)), 0.2);
    /** Draws the middle of the jitter range: the plain delay. */
    private static final RandomGenerator NO_JITTER = fixed(0.5);

    @Test
    void theDefaultScheduleHasNineDelaysTenAttemptsAndEightTiers() {
        assertEquals(10, DEFAULT.maxAttempts());
        assertEquals(List.of(s(5), m(1), m(5), m(30), h(2), h(6), h(12), h(24)), DEFAULT.distinctDelays());
        assertEquals(s(5), DEFAULT.firstTier());
    }

    @Test
    void tiersAreSortedEvenWhenTheScheduleIsNot() {
        RetrySchedule odd = RetrySchedule.of(m(1), s(5), m(1));

        assertEquals(List.of(s(5), m(1)), odd.distinctDelays());
        assertEquals(s(5), odd.firstTier());
        assertEquals(4, odd.maxAttempts());
    }

    @ParameterizedTest(name = "attempt {0} fails → attempt {0}+1 on tier {1}")
    @CsvSource({"1, PT5S", "2, PT1M", "3, PT5M", "4, PT30M", "5, PT2H", "6, PT6H", "7, PT12H", "8, PT24H",
            "9, PT24H"})
    void attemptNFailingSchedulesTheNextOnTheTierOfTheNthDelay(int failedAttempt, Duration tier) {
        RetryAt retry = assertInstanceOf(RetryAt.class, DEFAULT.next(failedAttempt, null, null, NOW, NO_JITTER));

        assertEquals(tier, retry.tierDelay());
        assertEquals(NOW.plus(tier), retry.notBefore());
    }

    @Test
    void theAttemptAfterTheLastDelayIsExhausted() {
        assertEquals(new Exhausted(10), DEFAULT.next(10, null, null, NOW, NO_JITTER));
        assertEquals(new Exhausted(3), RetrySchedule.of(s(1), s(2)).next(3, null, null, NOW, NO_JITTER));
        assertEquals(new Exhausted(11), DEFAULT.next(11, null, null, NOW, NO_JITTER),
                "an attempt beyond the cap, e.g. after the schedule was shortened, is exhausted too");
    }

    @Test
    void jitterSpreadsTheDelayByUpToTheFractionEitherWay() {
        assertEquals(NOW.plus(s(4)), notBefore(DEFAULT, 1, fixed(0.0)));
        assertEquals(NOW.plus(s(5)), notBefore(DEFAULT, 1, fixed(0.5)));
        assertEquals(NOW.plus(Duration.ofMillis(5_500)), notBefore(DEFAULT, 1, fixed(0.75)));
        assertEquals(NOW.plus(Duration.ofMillis(6_000)), notBefore(DEFAULT, 1, fixed(Math.nextDown(1.0))));
        assertEquals(NOW.plus(h(24).plus(m(5))), notBefore(DEFAULT, 9, fixed(Math.nextDown(1.0))),
                "capped at five minutes either way");
    }

    @Test
    void manyDrawsStayWithinTwentyPercentOrFiveMinutesAndCoverTheRange() {
        SplittableRandom random = new SplittableRandom(42);
        for (Duration delay : DEFAULT.distinctDelays()) {
            int attempt = DEFAULT.delays().indexOf(delay) + 1;
            List<Long> waits = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                waits.add(notBefore(DEFAULT, attempt, random).toEpochMilli() - NOW.toEpochMilli());
            }
            long ms = delay.toMillis();
            double spread = Math.min(ms * 0.2, RetrySchedule.MAX_JITTER_SPREAD.toMillis());
            long min = Collections.min(waits);
            long max = Collections.max(waits);
            assertTrue(min >= Math.round(ms - spread) && max <= Math.round(ms + spread), delay + ": " + min + "…" + max);
            assertTrue(min < ms - spread * 0.95 && max > ms + spread * 0.95,
                    delay + " hardly jittered: " + min + "…" + max);
        }
    }

    @Test
    void zeroJitterKeepsTheExactDelay() {
        RetrySchedule exact = new RetrySchedule(List.of(s(1), s(2)), 0);

        assertEquals(NOW.plus(s(2)), notBefore(exact, 2, new SplittableRandom(7)));
    }

    @Test
    void aLaterRetryAfterWinsAndWaitsOnTheLongestTierNotAboveIt() {
        RetryAt retry = assertInstanceOf(RetryAt.class, DEFAULT.next(1, null, m(45), NOW, NO_JITTER));

        assertEquals(m(30), retry.tierDelay());
        assertEquals(NOW.plus(m(45)), retry.notBefore(), "the exact time the endpoint asked for, no jitter");
    }

    @Test
    void aRetryAfterEqualToATierWaitsOnThatTier() {
        RetryAt retry = assertInstanceOf(RetryAt.class, DEFAULT.next(1, null, h(2), NOW, NO_JITTER));

        assertEquals(h(2), retry.tierDelay());
        assertEquals(NOW.plus(h(2)), retry.notBefore());
    }

    @Test
    void aRetryAfterShorterThanEveryTierWaitsOnTheFirstTier() {
        RetrySchedule schedule = RetrySchedule.of(m(1), m(5));

        // 1 min − 20 % = 48 s is earlier than the 55 s asked for, which is shorter than every tier.
        assertEquals(new RetryAt(m(1), NOW.plus(s(55))), schedule.next(1, null, s(55), NOW, fixed(0.0)));
        assertEquals(m(1), schedule.tierFor(s(55)));
    }

    @Test
    void aRetryAfterEarlierThanTheScheduleIsNotHonouredEarlier() {
        RetrySchedule schedule = RetrySchedule.of(m(1), m(5));

        assertEquals(new RetryAt(m(1), NOW.plus(s(48))), schedule.next(1, null, Duration.ZERO, NOW, fixed(0.0)));
        assertEquals(new RetryAt(m(1), NOW.plus(s(48))), schedule.next(1, null, s(30), NOW, fixed(0.0)));
    }

    @Test
    void aRetryAfterShorterThanTheScheduledWaitKeepsTheTier() {
        RetryAt retry = assertInstanceOf(RetryAt.class, DEFAULT.next(4, null, m(10), NOW, NO_JITTER));

        assertEquals(new RetryAt(m(30), NOW.plus(m(30))), retry);
    }

    @Test
    void theRetryAfterIsComparedWithTheJitteredTime() {
        // 5 s + 20 % = 6 s is later than the 5.5 s asked for; 5 s − 20 % = 4 s is earlier.
        assertEquals(new RetryAt(s(5), NOW.plus(s(6))),
                DEFAULT.next(1, null, Duration.ofMillis(5_500), NOW, fixed(Math.nextDown(1.0))));
        assertEquals(new RetryAt(s(5), NOW.plus(Duration.ofMillis(5_500))),
                DEFAULT.next(1, null, Duration.ofMillis(5_500), NOW, fixed(0.0)));
    }

    @Test
    void aRetryAfterDoesNotBuyAttemptsBeyondTheCap() {
        assertEquals(new Exhausted(10), DEFAULT.next(10, null, m(1), NOW, NO_JITTER));
    }

    @Test
    void aSubscriptionCapStopsEarlier() {
        assertEquals(new Exhausted(3), DEFAULT.next(3, 3, null, NOW, NO_JITTER));
        assertInstanceOf(RetryAt.class, DEFAULT.next(2, 3, null, NOW, NO_JITTER));
    }

    @Test
    void aCapOfOneMeansNoRetry() {
        assertEquals(new Exhausted(1), DEFAULT.next(1, 1, null, NOW, NO_JITTER));
        assertEquals(new Exhausted(1), DEFAULT.next(1, 1, h(1), NOW, NO_JITTER));
    }

    @Test
    void aCapAboveTheScheduleDoesNotRepeatTheLastDelay() {
        RetrySchedule schedule = RetrySchedule.of(s(1), s(2));

        assertEquals(3, schedule.maxAttempts(100));
        assertEquals(new RetryAt(s(2), NOW.plus(s(2))), schedule.next(2, 100, null, NOW, NO_JITTER));
        assertEquals(new Exhausted(3), schedule.next(3, 100, null, NOW, NO_JITTER));
    }

    @Test
    void maxAttemptsIsTheLowerOfCapAndSchedule() {
        RetrySchedule schedule = RetrySchedule.of(s(1), s(2));

        assertEquals(3, schedule.maxAttempts(null));
        assertEquals(1, schedule.maxAttempts(1));
        assertEquals(2, schedule.maxAttempts(2));
        assertEquals(3, schedule.maxAttempts(3));
        assertEquals(3, schedule.maxAttempts(4));
        assertEquals("maxAttempts must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> schedule.maxAttempts(0)).getMessage());
    }

    @Test
    void overflowWaitsOnTheFirstTierWithJitter() {
        RetrySchedule schedule = RetrySchedule.of(m(1), s(10));

        assertEquals(new RetryAt(s(10), NOW.plus(s(8))), schedule.overflow(NOW, fixed(0.0)));
        assertEquals(new RetryAt(s(10), NOW.plus(s(10))), schedule.overflow(NOW, NO_JITTER));
    }

    @ParameterizedTest(name = "a wait of {0} waits on tier {1}")
    @CsvSource({"PT0S, PT5S", "PT1S, PT5S", "PT5S, PT5S", "PT59S, PT5S", "PT1M, PT1M", "PT29M59S, PT5M",
            "PT1H, PT30M", "PT100H, PT24H"})
    void tierForPicksTheLongestTierNotAboveTheWait(Duration wait, Duration tier) {
        assertEquals(tier, DEFAULT.tierFor(wait));
    }

    @Test
    void rejectsAnEmptyScheduleOrOneWithoutAPositiveDelay() {
        assertEquals("a retry schedule needs at least one delay",
                assertThrows(HooklineException.class, () -> new RetrySchedule(List.of(), 0.2)).getMessage());
        assertEquals("a retry schedule needs at least one delay",
                assertThrows(HooklineException.class, () -> new RetrySchedule(null, 0.2)).getMessage());
        assertEquals("delay 2 of the retry schedule is zero; every delay must be longer than zero",
                assertThrows(HooklineException.class, () -> RetrySchedule.of(s(1), Duration.ZERO)).getMessage());
        assertEquals("delay 1 of the retry schedule is negative; every delay must be longer than zero",
                assertThrows(HooklineException.class, () -> RetrySchedule.of(s(-1))).getMessage());
        List<Duration> withNull = new ArrayList<>(List.of(s(1)));
        withNull.add(null);
        assertEquals("delay 2 of the retry schedule is missing; every delay must be longer than zero",
                assertThrows(HooklineException.class, () -> new RetrySchedule(withNull, 0.2)).getMessage());
    }

    @Test
    void rejectsMoreDelaysThanASubscriptionMayHaveAttempts() {
        assertEquals(100, new RetrySchedule(Collections.nCopies(99, s(1)), 0.2).maxAttempts());
        assertEquals("a retry schedule has at most 99 delays, got 100", assertThrows(HooklineException.class,
                () -> new RetrySchedule(Collections.nCopies(100, s(1)), 0.2)).getMessage());
    }

    @Test
    void rejectsJitterOutsideZeroToHalf() {
        assertEquals(0.5, new RetrySchedule(List.of(s(1)), 0.5).jitter());
        assertEquals("retry jitter must be 0 to 0.5, got 0.51", assertThrows(HooklineException.class,
                () -> new RetrySchedule(List.of(s(1)), 0.51)).getMessage());
        assertEquals("retry jitter must be 0 to 0.5, got -0.1", assertThrows(HooklineException.class,
                () -> new RetrySchedule(List.of(s(1)), -0.1)).getMessage());
        assertEquals("retry jitter must be 0 to 0.5, got NaN", assertThrows(HooklineException.class,
                () -> new RetrySchedule(List.of(s(1)), Double.NaN)).getMessage());
    }

    @Test
    void rejectsNonsenseArguments() {
        assertEquals("failedAttempt must be at least 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> DEFAULT.next(0, null, null, NOW, NO_JITTER)).getMessage());
        assertEquals("retryAfter must not be negative, got PT-1S", assertThrows(IllegalArgumentException.class,
                () -> DEFAULT.next(1, null, s(-1), NOW, NO_JITTER)).getMessage());
    }

    @Test
    void theDelaysCannotBeChangedAfterwards() {
        List<Duration> delays = new ArrayList<>(List.of(s(1), s(2)));
        RetrySchedule schedule = new RetrySchedule(delays, 0.2);
        delays.add(s(3));

        assertEquals(3, schedule.maxAttempts());
        assertThrows(UnsupportedOperationException.class, () -> schedule.delays().add(s(3)));
    }

    private static Instant notBefore(RetrySchedule schedule, int failedAttempt, RandomGenerator random) {
        return assertInstanceOf(RetryAt.class, schedule.next(failedAttempt, null, null, NOW, random)).notBefore();
    }

    /** A "random" source that always draws {@code value} from [0, 1). */
    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException("only nextDouble is drawn");
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    private static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    private static Duration m(long minutes) {
        return Duration.ofMinutes(minutes);
    }

    private static Duration h(long hours) {
        return Duration.ofHours(hours);
    }

    @org.junit.jupiter.api.Test
    void jitterOfALongDelayIsCappedAtFiveMinutesEachWay() {
        RetrySchedule schedule = new RetrySchedule(java.util.List.of(Duration.ofHours(24)), 0.2);
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        Duration least = Duration.ofDays(2);
        Duration most = Duration.ZERO;
        for (int i = 0; i < 10_000; i++) {
            Duration d = schedule.jittered(Duration.ofHours(24), random);
            least = d.compareTo(least) < 0 ? d : least;
            most = d.compareTo(most) > 0 ? d : most;
        }
        org.junit.jupiter.api.Assertions.assertTrue(least.compareTo(Duration.ofHours(24).minusMinutes(5)) >= 0, "" + least);
        org.junit.jupiter.api.Assertions.assertTrue(most.compareTo(Duration.ofHours(24).plusMinutes(5)) <= 0, "" + most);
        org.junit.jupiter.api.Assertions.assertTrue(most.minus(least).compareTo(Duration.ofMinutes(9)) > 0,
                "still spread: " + least + " .. " + most);
    }
}
