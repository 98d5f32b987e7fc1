package io.hookline.app.internal;

import io.hookline.common.LogSafe;
import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.InvalidRecordException;
import io.hookline.common.wire.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The demo's timeline lines after their time stamp, in columns: a mark ({@code →} sent,
 * {@code ✓} delivered, {@code ✗} failed, {@code ☠} dead letter, {@code ⚑} operator event),
 * the subscription, the event
 * ({@code order.paid #2}), the delivery id, and what happened. Only ids, types, counts and
 * statuses: never a secret, a header or a body.
 */
final class DemoLines {
    /** Wide enough for the demo's subscription ids and events, so that the columns line up. */
    private static final int SUBSCRIPTION_COLUMN = 11;
    private static final int EVENT_COLUMN = 19;

    /** The part of a demo body the lines show: {@code {"type": …, "timestamp": …, "data": {"orderId": …}}}. */
    record Payload(String type, Instant timestamp, Order data) {
    }

    record Order(Long orderId) {
    }

    /** The part of an operator event the lines show. */
    record OperatorEvent(String type, OperatorData data) {
    }

    record OperatorData(String subscriptionId, String reason, Integer count, Integer lastStatus) {
    }

    private DemoLines() {
    }

    /** An event the demo published. */
    static String sent(String type, int orderId, int partition, long offset) {
        return "→ " + pad("sent", SUBSCRIPTION_COLUMN) + "  " + pad(type + " #" + orderId, EVENT_COLUMN)
                + "  to partition " + partition + ", offset " + offset;
    }

    /**
     * A request whose signature verified and what it was answered, e.g.
     * {@code ✓ demo-flaky   order.paid #2        msg_…  attempt 2  signature verified, delivered 5.1 s after attempt 1}.
     */
    static String received(String subscriptionId, String event, String webhookId, DemoResponder.Answer answer) {
        DemoResponder.Request request = answer.request();
        String start = columns(subscriptionId, event, webhookId) + "  "
                + (request.earlierRun() ? "of an earlier run" : "attempt " + request.attempt()) + "  signature verified";
        if (answer instanceof DemoResponder.Accepted accepted) {
            return "✓ " + start + (!accepted.afterRetry() ? "" : String.format(Locale.ROOT,
                    ", delivered %.1f s after attempt 1", request.sinceFirst().toMillis() / 1000.0));
        }
        if (answer instanceof DemoResponder.FailedFirst) {
            return "✗ " + start + ", answered 503 (this endpoint fails each first attempt): will be retried";
        }
        return "✗ " + start + ", answered 410 Gone: will be dead-lettered";
    }

    /**
     * An operator event that came signed to the ops subscription, e.g.
     * {@code ⚑ demo-ops     delivery.dead_lettered  msg_…  signature verified: demo-gone gone (last status 410), 1 since the last}.
     */
    static String operatorEvent(String subscriptionId, String webhookId, byte[] body) {
        OperatorEvent event;
        try {
            event = Json.read(body, OperatorEvent.class);
        } catch (InvalidRecordException e) {
            event = new OperatorEvent("(not an operator event)", null);
        }
        StringBuilder line = new StringBuilder("⚑ ").append(columns(subscriptionId,
                LogSafe.printable(String.valueOf(event.type())), webhookId)).append("  signature verified");
        OperatorData data = event.data();
        if (data != null && data.subscriptionId() != null) {
            line.append(": ").append(LogSafe.printable(data.subscriptionId()));
            if (data.reason() != null) {
                line.append(' ').append(LogSafe.printable(data.reason()));
            }
            if (data.lastStatus() != null) {
                line.append(" (last status ").append(data.lastStatus()).append(')');
            }
            if (data.count() != null) {
                line.append(", ").append(data.count()).append(" since the last");
            }
        }
        return line.toString();
    }

    /** A request whose signature did not verify. */
    static String rejected(String subscriptionId, String webhookId, String why) {
        return "✗ " + pad(subscriptionId, SUBSCRIPTION_COLUMN) + "  REJECTED " + LogSafe.printable(webhookId) + ": "
                + why + "; answered 401";
    }

    /** A dead letter of a delivery, as read from the dead-letter topic. */
    static String deadLetter(DeadLetter letter) {
        String last = letter.lastStatus() != null ? "last status " + letter.lastStatus()
                : "last error: " + LogSafe.printable(letter.lastError());
        return "☠ " + columns(letter.delivery().subscriptionId(),
                event(letter.delivery().body().getBytes(StandardCharsets.UTF_8)), letter.delivery().deliveryId())
                + "  dead letter (" + letter.reason() + "): " + letter.attempts()
                + (letter.attempts() == 1 ? " attempt, " : " attempts, ") + last;
    }

    /** {@code order.paid #2} from a demo body; the type alone, or a placeholder, from other bodies. */
    static String event(byte[] body) {
        return payload(body).map(payload -> {
            String type = LogSafe.printable(payload.type());
            return payload.data() == null || payload.data().orderId() == null ? type
                    : type + " #" + payload.data().orderId();
        }).orElse("(not a demo event)");
    }

    /** The event's timestamp in a webhook body, if it has one. */
    static Optional<Instant> eventTime(byte[] body) {
        return payload(body).map(Payload::timestamp);
    }

    private static Optional<Payload> payload(byte[] body) {
        try {
            return Optional.of(Json.read(body, Payload.class));
        } catch (InvalidRecordException e) {
            return Optional.empty();
        }
    }

    private static String columns(String subscriptionId, String event, String deliveryId) {
        return pad(LogSafe.printable(subscriptionId), SUBSCRIPTION_COLUMN) + "  " + pad(event, EVENT_COLUMN) + "  "
                + LogSafe.printable(deliveryId);
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
