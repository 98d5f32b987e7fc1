package io.hookline.bench.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScenarioPlanTest {

    @Test
    void theNaiveBaselineGetsFewerDeliveriesWhenEveryAnswerTakesTime() {
        assertEquals(25_000, ScenarioPlan.naiveDeliveries(25_000, Duration.ZERO), "answers at once: as planned");
        assertEquals(25_000, ScenarioPlan.naiveDeliveries(25_000, Duration.ofMillis(1)), "30 s hold 30,000");
        assertEquals(3_000, ScenarioPlan.naiveDeliveries(25_000, Duration.ofMillis(10)), "30 s at one per 10 ms");
        assertEquals(100, ScenarioPlan.naiveDeliveries(25_000, Duration.ofSeconds(1)), "never fewer than 100");
        assertEquals(4_000, ScenarioPlan.naiveDeliveries(4_000, Duration.ofMillis(5)), "--quick's plan is smaller");
    }
}
