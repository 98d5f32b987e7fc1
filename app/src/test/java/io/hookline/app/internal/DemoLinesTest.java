package io.hookline.app.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.hookline.app.internal.DemoResponder.Request;
import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.DeadLetterReason;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.Event;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DemoLinesTest {
    private static final Instant AT = Instant.parse("2026-11-27T10:15:30Z");
    private static final String BODY = new Event("evt_1", "order.paid", AT, Demo.TENANT,
            "{\"orderId\":2,\"amount\":24.50,\"currency\":\"EUR\"}").webhookBody();

    @Test
    void namesTheEventOfADemoBodyByTypeAndOrder() {
        assertEquals("order.paid #2", DemoLines.event(BODY.getBytes(StandardCharsets.UTF_8)));
        assertEquals("order.paid", DemoLines.event(new Event("evt_1", "order.paid", AT, null, "{}").webhookBody()
                .getBytes(StandardCharsets.UTF_8)));
        assertEquals("(not a demo event)", DemoLines.event("not json".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.of(AT), DemoLines.eventTime(BODY.getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), DemoLines.eventTime("not json".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void showsEachAnswerWithItsAttemptAndTheTimeSinceTheFirst() {
        assertEquals("✓ demo-orders  order.paid #2        msg_a  attempt 1  signature verified",
                DemoLines.received("demo-orders", "order.paid #2", "msg_a", new DemoResponder.Accepted(Request.first())));
        assertEquals("✗ demo-flaky   order.paid #2        msg_b  attempt 1  signature verified, answered 503 "
                        + "(this endpoint fails each first attempt): will be retried",
                DemoLines.received("demo-flaky", "order.paid #2", "msg_b", new DemoResponder.FailedFirst(Request.first())));
        assertEquals("✓ demo-flaky   order.paid #2        msg_b  attempt 2  signature verified, delivered 5.1 s "
                        + "after attempt 1",
                DemoLines.received("demo-flaky", "order.paid #2", "msg_b",
                        new DemoResponder.Accepted(new Request(2, Duration.ofMillis(5_149), false))));
        assertEquals("✗ demo-gone    order.cancelled #5   msg_c  attempt 1  signature verified, answered 410 Gone: "
                        + "will be dead-lettered",
                DemoLines.received("demo-gone", "order.cancelled #5", "msg_c", new DemoResponder.Gone(Request.first())));
    }

    @Test
    void showsAnOperatorEventWithWhomItIsAboutAndTheCount() {
        java.util.Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("subscriptionId", "demo-gone");
        data.put("tenant", Demo.TENANT);
        data.put("reason", "gone");
        data.put("deliveryId", "msg_c");
        data.put("eventType", "order.cancelled");
        data.put("lastStatus", 410);
        data.put("count", 3);
        byte[] body = Event.operator("delivery.dead_lettered", "hookline-ops", data, AT).webhookBody()
                .getBytes(StandardCharsets.UTF_8);

        assertEquals("⚑ demo-ops     delivery.dead_lettered  msg_e  signature verified: demo-gone gone (last status 410), "
                + "3 since the last", DemoLines.operatorEvent("demo-ops", "msg_e", body));
        assertEquals("⚑ demo-ops     (not an operator event)  msg_f  signature verified",
                DemoLines.operatorEvent("demo-ops", "msg_f", "not json".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anEventOfAnEarlierRunShowsNoAttemptNumber() {
        assertEquals("✓ demo-flaky   order.paid #17       msg_d  of an earlier run  signature verified",
                DemoLines.received("demo-flaky", "order.paid #17", "msg_d",
                        new DemoResponder.Accepted(new Request(1, Duration.ZERO, true))));
    }

    @Test
    void showsADeadLetterWithReasonAttemptsAndLastStatusButNotItsBody() {
        Delivery delivery = new Delivery("msg_c", "evt_1", "order.paid", Demo.TENANT, "demo-gone", BODY, 1, null, null);
        DeadLetter gone = DeadLetter.afterAttempt(delivery, DeadLetterReason.GONE, 410,
                "HTTP 410 Gone: the endpoint asked to stop", AT, "retired", new DeadLetter.Source("webhooks.deliveries",
                        0, 7), AT);

        String line = DemoLines.deadLetter(gone);

        assertEquals("☠ demo-gone    order.paid #2        msg_c  dead letter (gone): 1 attempt, last status 410", line);
        assertFalse(line.contains("EUR"), "no body");
    }

    @Test
    void aDeadLetterWithoutAStatusShowsItsLastErrorOnOneLine() {
        Delivery delivery = new Delivery("msg_d", "evt_1", "order.paid", Demo.TENANT, "demo-flaky", BODY, 10, AT, null);
        DeadLetter exhausted = DeadLetter.afterAttempt(delivery, DeadLetterReason.EXHAUSTED, null,
                "connection refused\nforged line", AT, null, new DeadLetter.Source("webhooks.retry.1d", 0, 7), AT);

        assertEquals("☠ demo-flaky   order.paid #2        msg_d  dead letter (exhausted): 10 attempts, "
                + "last error: connection refused\\u000aforged line", DemoLines.deadLetter(exhausted));
    }
}
