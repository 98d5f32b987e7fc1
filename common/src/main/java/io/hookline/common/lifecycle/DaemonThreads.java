package io.hookline.common.lifecycle;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread pools of Hookline's own: daemon threads named after their role, and a bounded
 * stop. Daemon, because the owner closes them; a pool alone never keeps a process alive.
 */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** Threads named {@code prefix-1}, {@code prefix-2}, …, all daemon. */
    public static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Lets {@code pool} finish its queued tasks for at most {@code timeout}, then interrupts
     * what is left.
     *
     * @return whether every task finished in time
     */
    public static boolean stop(ExecutorService pool, Duration timeout) {
        pool.shutdown();
        try {
            if (pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.shutdownNow();
        return false;
    }
}
