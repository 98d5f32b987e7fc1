package io.hookline.bench.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LayoutTest {

    @Test
    void everyEventGoesToTheFanOutSubscriptionsOfItsTenantEachInItsOwnSlot() {
        Layout layout = new Layout(100, 5);
        Set<Long> slots = new HashSet<>();
        for (long seq = 0; seq < 60; seq++) {
            for (int j = 0; j < 5; j++) {
                int endpoint = layout.endpoint(seq, j);
                assertEquals(layout.tenant(seq), layout.tenantName(layout.tenantOf(endpoint)));
                assertEquals(endpoint, layout.endpointOf(layout.subscriptionId(endpoint)));
                slots.add(layout.slot(seq, endpoint));
            }
        }
        assertEquals(300, slots.size());
        assertEquals(0, slots.stream().mapToLong(Long::longValue).min().orElseThrow());
        assertEquals(299, slots.stream().mapToLong(Long::longValue).max().orElseThrow());
    }

    @Test
    void aDeliveryToAnotherTenantsEndpointHasNoSlot() {
        Layout layout = new Layout(100, 5);

        assertEquals(-1, layout.slot(0, 5));
        assertEquals(-1, layout.endpointOf("f20-s3"));
    }

    @Test
    void eventIdsCarryRunAndSequence() {
        assertArrayEquals(new long[] {3, 42}, Layout.parseEventId(Layout.eventId(3, 42)));
        assertEquals(null, Layout.parseEventId("evt_1"));
    }

    @Test
    void theFanOutMustDivideTheEndpoints() {
        assertThrows(IllegalArgumentException.class, () -> new Layout(100, 3));
    }
}
