package io.hookline.deadletter;

/**
 * Told how far a read or replay of the dead-letter topic has come, e.g. to draw a progress
 * bar on a terminal. Called on the reading thread; keep it quick.
 */
public interface Progress {
    /** Shows nothing. */
    Progress NONE = new Progress() {
    };

    /**
     * Work starts.
     *
     * @param what  what is done: "reading webhooks.dead-letter", "replaying"
     * @param total how many records at most: the offsets between start and end of every partition
     */
    default void started(String what, long total) {
    }

    /** {@code done} of the total records are read (not all of them need be replayed). */
    default void advanced(long done) {
    }

    /** Work ended, however it ended. */
    default void finished() {
    }
}
