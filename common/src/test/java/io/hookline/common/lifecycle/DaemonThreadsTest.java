package io.hookline.common.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {

    @Test
    void threadsAreDaemonAndNamedInTurn() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2, DaemonThreads.named("hookline-test"));
        Future<Thread> first = pool.submit(Thread::currentThread);
        Thread thread = first.get(5, TimeUnit.SECONDS);

        assertTrue(thread.isDaemon());
        assertEquals("hookline-test-1", thread.getName());
        assertTrue(DaemonThreads.stop(pool, Duration.ofSeconds(5)));
    }

    @Test
    void stopLetsQueuedTasksFinish() {
        ExecutorService pool = Executors.newSingleThreadExecutor(DaemonThreads.named("hookline-test"));
        AtomicBoolean ran = new AtomicBoolean();
        pool.execute(() -> ran.set(true));

        assertTrue(DaemonThreads.stop(pool, Duration.ofSeconds(5)));
        assertTrue(ran.get());
    }

    @Test
    void stopInterruptsWhatOutlastsTheTimeout() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor(DaemonThreads.named("hookline-test"));
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        pool.execute(() -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });

        assertFalse(DaemonThreads.stop(pool, Duration.ofMillis(50)));
        assertTrue(interrupted.await(5, TimeUnit.SECONDS));
    }
}
