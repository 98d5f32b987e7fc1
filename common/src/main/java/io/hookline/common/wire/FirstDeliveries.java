package io.hookline.common.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The first-attempt deliveries of one event (with defaults filled in), as the router writes
 * them: for each subscription id the bytes {@code Json.write(Delivery.first(event,
 * subscriptionId))} gives, built from parts: the event's body, ids, type and tenant are escaped
 * once per event, and only the delivery and subscription ids once per delivery. Writing each
 * delivery whole cost the router most of its time at large fan-outs (docs/benchmarks.md,
 * "Profile: the router"): the body, about 1 KB, escaped again for every subscription, and every
 * field checked again although it comes from a checked event and route.
 *
 * <p>{@code FirstDeliveriesTest} holds these bytes equal to {@code Json.write} of the
 * {@link Delivery}, so the dispatcher reads exactly what it read before. The event's fields were
 * checked when it was read, and the subscription id when its subscription was.
 *
 * <pre>{@code
 * FirstDeliveries deliveries = new FirstDeliveries(event);
 * byte[] json = deliveries.to("sub_1");
 * }</pre>
 */
public final class FirstDeliveries {
    private static final byte[] OPEN = ascii("{\"deliveryId\":\"");

    private final DeliveryIds.EventDeliveryIds deliveryIds;
    private final byte[] beforeSubscription;
    private final byte[] afterSubscription;
    private final int bodyBytes;

    /** @param event an event with its id, timestamp and tenant filled in ({@link Event#withDefaults}) */
    public FirstDeliveries(Event event) {
        Checks.name(event.id(), "eventId"); // filled in: Delivery requires both
        Checks.name(event.tenant(), "tenant");
        String body = event.webhookBody();
        this.deliveryIds = DeliveryIds.ofEvent(event.id());
        this.bodyBytes = body.getBytes(StandardCharsets.UTF_8).length;
        this.beforeSubscription = concat(ascii("\",\"eventId\":\""), escaped(event.id()), ascii("\",\"eventType\":\""),
                escaped(event.type()), ascii("\",\"tenant\":\""), escaped(event.tenant()),
                ascii("\",\"subscriptionId\":\""));
        this.afterSubscription = concat(ascii("\",\"body\":\""), escaped(body), ascii("\",\"attempt\":1}"));
    }

    /** The UTF-8 length of the body every delivery carries. */
    public int bodyBytes() {
        return bodyBytes;
    }

    /** The first delivery of the event to {@code subscriptionId}, as JSON. */
    public byte[] to(String subscriptionId) {
        return concat(OPEN, escaped(deliveryIds.deliveryId(subscriptionId)), beforeSubscription,
                escaped(subscriptionId), afterSubscription);
    }

    /**
     * {@code text} as the inside of a JSON string, exactly as {@link Json#write} escapes it (its
     * generator writes a surrogate pair as two escapes, for one). Ids and names need no escaping:
     * they go as they are.
     */
    private static byte[] escaped(String text) {
        if (plain(text)) {
            return ascii(text);
        }
        byte[] quoted = Json.write(text);
        return Arrays.copyOfRange(quoted, 1, quoted.length - 1);
    }

    private static boolean plain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The parts one after the other, copied once (the router's hottest allocation: about 1.3 KB a delivery). */
    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] joined = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, joined, at, part.length);
            at += part.length;
        }
        return joined;
    }
}
