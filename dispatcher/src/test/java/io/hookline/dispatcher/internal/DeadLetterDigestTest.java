package io.hookline.dispatcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.DeadLetterReason;
import io.hookline.common.wire.Delivery;
import io.hookline.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadLetterDigestTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final DeadLetterDigest digest = new DeadLetterDigest(Duration.ofMinutes(1), clock);

    private DeadLetter letter(String subscription, int n) {
        Delivery delivery = new Delivery("msg_" + n, "evt_" + n, "order.created", "acme", subscription, "{}", 3,
                null, null);
        return DeadLetter.unsent(delivery, DeadLetterReason.EXHAUSTED, "HTTP 500",
                new DeadLetter.Source("webhooks.retry.1m", 0, n), clock.instant());
    }

    @Test
    void theFirstLetterIsToldAtOnceAndTheNextOnesOncePerIntervalWithTheirCount() {
        assertEquals(1, digest.add(letter("sub_1", 1)).orElseThrow().count());
        assertTrue(digest.add(letter("sub_1", 2)).isEmpty());
        assertTrue(digest.add(letter("sub_1", 3)).isEmpty());
        clock.advance(Duration.ofSeconds(59));
        assertEquals(List.of(), digest.due());

        clock.advance(Duration.ofSeconds(1));
        List<DeadLetterDigest.Notice> due = digest.due();

        assertEquals(1, due.size());
        assertEquals(2, due.get(0).count(), "the two since the last notice");
        assertEquals("msg_3", due.get(0).latest().delivery().deliveryId(), "the latest one's details");
        assertEquals(List.of(), digest.due());
    }

    @Test
    void subscriptionsAreSummarizedApart() {
        assertTrue(digest.add(letter("sub_1", 1)).isPresent());
        assertTrue(digest.add(letter("sub_2", 2)).isPresent());
    }

    @Test
    void aftterAQuietIntervalTheNextLetterIsToldAtOnce() {
        digest.add(letter("sub_1", 1));
        clock.advance(Duration.ofMinutes(2));
        digest.due();

        assertEquals(1, digest.add(letter("sub_1", 2)).orElseThrow().count());
    }

    @Test
    void atMostOneNoticePerSubscriptionPerInterval() {
        List<Instant> told = new ArrayList<>();
        for (int second = 0; second < 600; second++) {
            if (digest.add(letter("sub_1", second)).isPresent()) {
                told.add(clock.instant());
            }
            digest.due().forEach(notice -> told.add(clock.instant()));
            clock.advance(Duration.ofSeconds(1));
        }
        for (int i = 1; i < told.size(); i++) {
            assertTrue(!Duration.between(told.get(i - 1), told.get(i)).minusMinutes(1).isNegative());
        }
        assertEquals(10, told.size());
    }
}
