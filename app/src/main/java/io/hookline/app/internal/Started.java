package io.hookline.app.internal;

import io.hookline.common.HooklineException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a command has started so far, closed in reverse order of start: every one is closed
 * even when an earlier close fails, and the failures come out as one exception.
 */
final class Started implements AutoCloseable {
    private final String whenCloseFails;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    /** @param whenCloseFails the start of the one-line message when a close fails, e.g. {@code clean shutdown failed} */
    Started(String whenCloseFails) {
        this.whenCloseFails = whenCloseFails;
    }

    /** Adds {@code closeable}, to be closed before everything added earlier; returns it. */
    <T extends AutoCloseable> T add(T closeable) {
        started.push(closeable);
        return closeable;
    }

    /**
     * Closes everything; the first failure is thrown as a {@link HooklineException}, the later
     * ones suppressed in it.
     */
    @Override
    public void close() {
        RuntimeException failure = closeAll(null);
        if (failure != null) {
            throw failure;
        }
    }

    /** Closes everything after a start failed with {@code failure}; what fails in closing is suppressed in it. */
    void closeAfter(RuntimeException failure) {
        closeAll(failure);
    }

    private RuntimeException closeAll(RuntimeException failure) {
        RuntimeException first = failure;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = new HooklineException(whenCloseFails + ": " + e.getMessage(), e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        return first;
    }
}
