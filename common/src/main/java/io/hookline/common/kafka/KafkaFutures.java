package io.hookline.common.kafka;

import io.hookline.common.HooklineException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits on a Kafka future (an admin call, a producer send) and turns its failure into one
 * line a person can act on: {@code cannot <what>: <cause>}. The cause stays attached for logs.
 */
public final class KafkaFutures {
    private KafkaFutures() {
    }

    /**
     * The future's value, waiting at most {@code timeout}.
     *
     * @param what what the call does, for the message: "create topic webhooks.events"
     * @throws HooklineException when the call failed, timed out or the wait was interrupted
     */
    public static <T> T await(Future<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new HooklineException("cannot " + what + ": " + describe(cause), cause);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HooklineException("cannot " + what + ": Kafka did not answer within " + seconds(timeout), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HooklineException("interrupted while waiting to " + what, e);
        }
    }

    /** The cause's own message when it has one, else its type: never a stack trace. */
    public static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    private static String seconds(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }
}
