package io.hookline.deadletter;

import io.hookline.common.wire.Attempt;
import java.util.List;

/**
 * Everything known about one dead delivery, for {@code dlq show}: its dead letters (more than
 * one when it was replayed and failed again), oldest first, and every attempt of it that the
 * attempts topic still holds, in order.
 */
public record DeadLetterReport(String id, List<StoredDeadLetter> letters, List<Attempt> attempts) {
    public DeadLetterReport {
        letters = List.copyOf(letters);
        attempts = List.copyOf(attempts);
    }
}
