package io.hookline.deadletter;

import java.util.List;

/**
 * What {@code dlq list} found.
 *
 * @param letters    the matching letters kept, at most the limit, the most recent ones, oldest first
 * @param matched    how many letters matched, kept or not
 * @param read       how many records were read
 * @param unreadable records that are not a dead letter this version reads
 */
public record ListResult(List<StoredDeadLetter> letters, long matched, long read, long unreadable) {
    public ListResult {
        letters = List.copyOf(letters);
    }
}
