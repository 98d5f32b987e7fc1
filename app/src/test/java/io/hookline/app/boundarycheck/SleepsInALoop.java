package io.hookline.app.boundarycheck;

import java.util.concurrent.TimeUnit;

/** Breaks "no sleep outside named back-offs", once each way of sleeping. */
public final class SleepsInALoop {
    public void threadSleep() throws InterruptedException {
        Thread.sleep(10);
    }

    public void timeUnitSleep() throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(10);
    }
}
