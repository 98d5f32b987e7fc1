package io.hookline.router.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReadinessTest {
    @Test
    void notReadyUntilTheFirstRunning() {
        Readiness readiness = new Readiness();
        assertFalse(readiness.ready());
        readiness.changed(State.REBALANCING);
        assertFalse(readiness.ready(), "the first rebalance is not a reason to be ready");
        readiness.changed(State.RUNNING);
        assertTrue(readiness.ready());
    }

    @Test
    void staysReadyThroughARebalance() {
        Readiness readiness = new Readiness();
        readiness.changed(State.REBALANCING);
        readiness.changed(State.RUNNING);
        readiness.changed(State.REBALANCING);
        assertTrue(readiness.ready());
        readiness.changed(State.RUNNING);
        assertTrue(readiness.ready());
    }

    @ParameterizedTest
    @EnumSource(value = State.class, names = {"PENDING_SHUTDOWN", "NOT_RUNNING", "PENDING_ERROR", "ERROR"})
    void notReadyOnceStoppingOrFailed(State state) {
        Readiness readiness = new Readiness();
        readiness.changed(State.RUNNING);
        readiness.changed(state);
        assertFalse(readiness.ready());
        readiness.changed(State.REBALANCING);
        assertFalse(readiness.ready(), "a stopped router does not become ready by rebalancing");
    }
}
