package io.hookline.common.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FirstDeliveriesTest {
    private static final Instant AT = Instant.parse("2026-11-30T14:00:00.123Z");

    @Test
    void writesWhatJsonWritesOfTheFirstDelivery() {
        Event event = new Event("evt_1", "order.created", AT, "acme", "{\"total\":19.90,\"note\":\"a \\\"b\\\" \\\\ c\"}");
        FirstDeliveries deliveries = new FirstDeliveries(event);

        for (String subscriptionId : new String[] {"sub_1", "f5-s42", "a.b:c@d~e-f"}) {
            assertArrayEquals(Json.write(Delivery.first(event, subscriptionId)), deliveries.to(subscriptionId),
                    subscriptionId);
        }
        assertEquals(event.webhookBody().getBytes(StandardCharsets.UTF_8).length, deliveries.bodyBytes());
    }

    /** Bodies with quotes, backslashes, control characters, non-ASCII and surrogate pairs, as data may hold. */
    @Test
    void writesTheSameBytesForAnyData() {
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                text.append(switch (random.nextInt(6)) {
                    case 0 -> (char) random.nextInt(0x20);
                    case 1 -> "\"\\/".charAt(random.nextInt(3));
                    case 2 -> (char) (0x80 + random.nextInt(0x700));
                    case 3 -> "\uD83D\uDE00";
                    case 4 -> (char) (0x2028 + random.nextInt(2));
                    default -> (char) (0x20 + random.nextInt(0x5f));
                });
            }
            Event event = new Event("e" + i, "order.created", AT, "t" + (i % 7),
                    Json.writeString(Map.of("text", text.toString(), "n", i)));
            Delivery expected = Delivery.first(event, "s" + i);

            byte[] written = new FirstDeliveries(event).to("s" + i);

            assertArrayEquals(Json.write(expected), written, text.toString());
            assertEquals(expected, Json.read(written, Delivery.class));
        }
    }

    @Test
    void needsTheEventsDefaultsFilledIn() {
        Event withoutId = new Event(null, "order.created", AT, "acme", "{}");

        assertThrows(InvalidRecordException.class, () -> new FirstDeliveries(withoutId));
    }
}
