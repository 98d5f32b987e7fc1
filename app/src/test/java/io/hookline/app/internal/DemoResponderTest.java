package io.hookline.app.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.app.internal.DemoResponder.Accepted;
import io.hookline.app.internal.DemoResponder.Answer;
import io.hookline.app.internal.DemoResponder.Behaviour;
import io.hookline.app.internal.DemoResponder.FailedFirst;
import io.hookline.app.internal.DemoResponder.Gone;
import io.hookline.app.internal.DemoResponder.Request;
import io.hookline.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DemoResponderTest {
    private static final Instant START = Instant.parse("2026-11-27T10:15:30Z");
    private final MutableClock clock = new MutableClock(START);
    private final DemoResponder responder = new DemoResponder(clock);
    /** An event of this run: sent after the receiver started. */
    private final Instant thisRun = START.plusMillis(1);

    @Test
    void acceptsEveryRequestCountingTheAttemptsOfEachDelivery() {
        assertEquals(new Accepted(Request.first()), responder.answer(Behaviour.ACCEPT, "msg_a", thisRun));
        clock.advance(Duration.ofSeconds(3));
        assertEquals(new Accepted(Request.first()), responder.answer(Behaviour.ACCEPT, "msg_b", thisRun));
        assertEquals(new Accepted(new Request(2, Duration.ofSeconds(3), false)),
                responder.answer(Behaviour.ACCEPT, "msg_a", thisRun));
    }

    @Test
    void theFlakyEndpointFailsTheFirstAttemptOfEachDeliveryWith503ThenAcceptsTheRetry() {
        Answer first = responder.answer(Behaviour.FAIL_FIRST_ATTEMPT, "msg_a", thisRun);
        assertEquals(new FailedFirst(Request.first()), first);
        assertEquals(503, first.status());
        assertEquals(new FailedFirst(Request.first()), responder.answer(Behaviour.FAIL_FIRST_ATTEMPT, "msg_b", thisRun),
                "per delivery");

        clock.advance(Duration.ofMillis(5_123));
        Answer retry = responder.answer(Behaviour.FAIL_FIRST_ATTEMPT, "msg_a", thisRun);
        assertEquals(new Accepted(new Request(2, Duration.ofMillis(5_123), false)), retry);
        assertEquals(204, retry.status());
        assertTrue(((Accepted) retry).afterRetry());
        assertEquals(new Accepted(new Request(3, Duration.ofMillis(5_123), false)),
                responder.answer(Behaviour.FAIL_FIRST_ATTEMPT, "msg_a", thisRun),
                "a duplicate after the delivery is accepted too");
    }

    @Test
    void theGoneEndpointAnswers410ToEveryAttempt() {
        assertEquals(new Gone(Request.first()), responder.answer(Behaviour.GONE, "msg_a", thisRun));
        assertEquals(410, responder.answer(Behaviour.GONE, "msg_a", thisRun).status());
        assertEquals(new Gone(new Request(3, Duration.ZERO, false)), responder.answer(Behaviour.GONE, "msg_a", thisRun));
    }

    @Test
    void anEventOfAnEarlierRunIsMarkedSoAndTheFlakyEndpointAcceptsItAtOnce() {
        // Its first attempt may have been made by the last run: this receiver cannot tell which attempt it is.
        Answer leftover = responder.answer(Behaviour.FAIL_FIRST_ATTEMPT, "msg_a", START.minusSeconds(60));

        assertEquals(new Accepted(new Request(1, Duration.ZERO, true)), leftover);
        assertFalse(((Accepted) leftover).afterRetry(), "not counted as retried: its attempts are unknown");
        assertEquals(new Gone(new Request(1, Duration.ZERO, true)),
                responder.answer(Behaviour.GONE, "msg_b", START.minusSeconds(60)));
        assertEquals(new FailedFirst(Request.first()), responder.answer(Behaviour.FAIL_FIRST_ATTEMPT, "msg_c", null),
                "an event without a time counts as of this run");
    }

    @Test
    void forgetsTheOldestDeliveriesBeyondItsBound() {
        assertEquals(new FailedFirst(Request.first()),
                responder.answer(Behaviour.FAIL_FIRST_ATTEMPT, "msg_oldest", thisRun));
        for (int i = 0; i < DemoResponder.REMEMBERED - 1; i++) {
            responder.answer(Behaviour.ACCEPT, "msg_" + i, thisRun);
        }
        assertEquals(new Accepted(new Request(2, Duration.ZERO, false)),
                responder.answer(Behaviour.FAIL_FIRST_ATTEMPT, "msg_oldest", thisRun), "still remembered at the bound");

        responder.answer(Behaviour.ACCEPT, "msg_one_more", thisRun);
        assertEquals(new FailedFirst(Request.first()),
                responder.answer(Behaviour.FAIL_FIRST_ATTEMPT, "msg_oldest", thisRun),
                "the oldest one is forgotten: its next request is a first one again");
    }
}
