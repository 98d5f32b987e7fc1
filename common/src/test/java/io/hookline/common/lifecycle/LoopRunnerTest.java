package io.hookline.common.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

import io.hookline.common.HooklineException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.Test;

class LoopRunnerTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    /** A loop whose rounds block like a poll until woken or a short timeout passes. */
    private static final class PollLike implements Loop {
        final BlockingQueue<Object> wakeups = new LinkedBlockingQueue<>();
        final AtomicInteger rounds = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        volatile RuntimeException failNextRound;

        @Override
        public void runOnce() throws InterruptedException {
            rounds.incrementAndGet();
            RuntimeException e = failNextRound;
            if (e != null) {
                throw e;
            }
            if (wakeups.poll(20, TimeUnit.MILLISECONDS) != null) {
                throw new WakeupException();
            }
        }

        @Override
        public void wakeup() {
            wakeups.add(new Object());
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    @Test
    void runsUntilClosedThenStopsAndClosesTheLoopOnce() throws Exception {
        PollLike loop = new PollLike();
        LoopRunner runner = new LoopRunner("test-loop", loop);
        assertEquals(LoopState.CREATED, runner.state());

        runner.start();
        await().atMost(WAIT).until(() -> loop.rounds.get() > 2);
        assertEquals(LoopState.RUNNING, runner.state());

        runner.close(WAIT);
        assertEquals(LoopState.STOPPED, runner.state());
        assertEquals(1, loop.closes.get());
        assertTrue(runner.failure().isEmpty(), "a wakeup while stopping is no failure");
        runner.close(WAIT);
        assertEquals(1, loop.closes.get(), "closing twice closes the loop once");
    }

    @Test
    void aRoundThatThrowsFailsTheLoop() throws Exception {
        PollLike loop = new PollLike();
        LoopRunner runner = new LoopRunner("test-loop", loop);
        HooklineException boom = new HooklineException("topic missing");
        loop.failNextRound = boom;

        runner.start();

        assertTrue(runner.awaitStopped(WAIT));
        assertEquals(LoopState.FAILED, runner.state());
        assertSame(boom, runner.failure().orElseThrow());
        assertEquals(1, loop.closes.get());
    }

    @Test
    void anotherThreadCanFailIt() throws Exception {
        PollLike loop = new PollLike();
        LoopRunner runner = new LoopRunner("test-loop", loop);
        runner.start();
        await().atMost(WAIT).until(() -> runner.state() == LoopState.RUNNING);
        IllegalStateException cause = new IllegalStateException("cannot write attempts");

        runner.fail(cause);

        assertTrue(runner.awaitStopped(WAIT));
        assertEquals(LoopState.FAILED, runner.state());
        assertSame(cause, runner.failure().orElseThrow());
    }

    @Test
    void aFailureAfterCloseIsIgnored() throws Exception {
        PollLike loop = new PollLike();
        LoopRunner runner = new LoopRunner("test-loop", loop);
        runner.start();
        runner.close(WAIT);

        runner.fail(new IllegalStateException("late"));

        assertEquals(LoopState.STOPPED, runner.state());
        assertTrue(runner.failure().isEmpty());
    }

    @Test
    void closedBeforeStartItClosesTheLoopAndNeverRuns() {
        PollLike loop = new PollLike();
        LoopRunner runner = new LoopRunner("test-loop", loop);

        runner.close(WAIT);

        assertEquals(LoopState.STOPPED, runner.state());
        assertEquals(1, loop.closes.get());
        assertEquals(0, loop.rounds.get());
        assertThrows(IllegalStateException.class, runner::start);
    }

    @Test
    void runsOnce() throws Exception {
        LoopRunner runner = new LoopRunner("test-loop", new PollLike());
        runner.start();
        assertThrows(IllegalStateException.class, runner::start);
        runner.close(WAIT);
    }

    @Test
    void transitionsAreThoseTheEnumAllows() {
        assertTrue(LoopState.CREATED.canMoveTo(LoopState.STARTING));
        assertTrue(LoopState.RUNNING.canMoveTo(LoopState.FAILED));
        assertFalse(LoopState.STOPPED.canMoveTo(LoopState.RUNNING));
        assertFalse(LoopState.FAILED.canMoveTo(LoopState.STOPPED));
        assertFalse(LoopState.RUNNING.canMoveTo(LoopState.STARTING));
        assertTrue(LoopState.STOPPED.isFinal() && LoopState.FAILED.isFinal() && !LoopState.STOPPING.isFinal());
    }
}
