package io.hookline.deadletter.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PacerTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void withoutARateNothingWaits() {
        Pacer pacer = new Pacer(0, now::get);
        pacer.sent();
        pacer.sent();
        assertEquals(0, pacer.waitNanos());
    }

    @Test
    void spacesSendsByOneOverTheRate() {
        Pacer pacer = new Pacer(4, now::get);
        assertEquals(0, pacer.waitNanos(), "the first is due at once");
        pacer.sent();
        assertEquals(250_000_000L, pacer.waitNanos());
        now.addAndGet(100_000_000L);
        assertEquals(150_000_000L, pacer.waitNanos());
        now.addAndGet(150_000_000L);
        pacer.sent();
        assertEquals(250_000_000L, pacer.waitNanos());
    }

    @Test
    void aPauseIsNotMadeUpForWithABurst() {
        Pacer pacer = new Pacer(10, now::get);
        pacer.sent();
        now.addAndGet(5_000_000_000L);
        assertEquals(0, pacer.waitNanos());
        pacer.sent();
        assertEquals(100_000_000L, pacer.waitNanos());
    }
}
