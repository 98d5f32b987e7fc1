package io.hookline.router.internal;

import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.Event;

/** What reading one record of the events topic gave: an event to route, or a dead letter. */
public sealed interface ReadEvent {

    /**
     * A valid event with its id, timestamp and tenant filled in.
     *
     * @param onTenantPartition true if the record is keyed by the event's tenant and on the partition
     *                          of its tenant's routes, so it can join without a repartition
     */
    record Routable(Event event, boolean onTenantPartition) implements ReadEvent {
    }

    /** A record that is not routed, as it goes to the dead-letter topic under {@code key}. */
    record Unreadable(String key, DeadLetter deadLetter) implements ReadEvent {
    }
}
