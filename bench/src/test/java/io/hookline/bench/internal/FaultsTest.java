package io.hookline.bench.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultsTest {

    @Test
    void onePercentOfAHundredIsOneStalledAndOneFailingEndpoint() {
        Faults faults = Faults.percent(100, 1);

        assertEquals(1, faults.stalled().size());
        assertEquals(1, faults.failing().size());
        assertTrue(faults.stalled().stream().noneMatch(faults.failing()::contains));
    }

    @Test
    void largerSetsSpreadOverDistinctEndpoints() {
        Faults faults = Faults.percent(400, 1);
        Set<Integer> all = new HashSet<>(faults.stalled());
        all.addAll(faults.failing());

        assertEquals(8, all.size());
        assertEquals(392, java.util.stream.IntStream.range(0, 400).filter(faults::healthy).count());
    }
}
