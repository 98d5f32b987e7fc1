package io.hookline.bench.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SubscriptionLoadTest {

    @Test
    void putsTheGivenShareInTheBigTenantAndTheRestTenToATenant() {
        SubscriptionLoad load = new SubscriptionLoad(100_000, 10_000, "f5-t0");
        Map<String, Integer> perTenant = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < load.total(); i++) {
            perTenant.merge(load.tenant(i), 1, Integer::sum);
            ids.add(load.id(i));
        }

        assertEquals(100_000, ids.size(), "every id its own");
        assertEquals(10_000, perTenant.get("f5-t0"));
        assertEquals(1 + 9_000, perTenant.size(), "the big tenant and 9,000 of ten");
        assertEquals(Set.of(10), perTenant.entrySet().stream().filter(e -> !e.getKey().equals("f5-t0"))
                .map(Map.Entry::getValue).collect(java.util.stream.Collectors.toSet()));
        assertEquals(0, IntStream.range(0, load.total()).filter(i -> load.id(i).equals(SubscriptionLoad.PROBE_ID))
                .count(), "the probe is not one of the load");
    }

    @Test
    void refusesABigTenantLargerThanTheLoad() {
        assertThrows(IllegalArgumentException.class, () -> new SubscriptionLoad(10, 11, "t"));
    }
}
