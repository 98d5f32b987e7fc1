package io.hookline.router.internal;

import io.hookline.common.wire.Event;

/**
 * A fan-out too large for one go: the event, its record timestamp, and the last subscription id
 * it has been delivered to; it goes on with the matching ids after that one.
 */
public record PendingFanOut(Event event, long timestamp, String after) {

    public PendingFanOut {
        if (event == null || after == null) {
            throw new IllegalArgumentException("a pending fan-out needs its event and where it stopped");
        }
    }
}
