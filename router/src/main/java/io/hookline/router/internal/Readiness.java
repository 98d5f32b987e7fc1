package io.hookline.router.internal;

import org.apache.kafka.streams.KafkaStreams;

/**
 * Whether the router is ready, from the Kafka Streams states it went through: ready from its
 * first RUNNING on, and still ready while it rebalances, since a rebalance is routine (a router
 * joins or leaves, a topic gains a partition) and the router keeps its tasks or gets them back
 * within moments; a load balancer that took it out of service for each rebalance would flap.
 * Not ready before the first RUNNING, nor once it is shutting down, failed or stopped.
 *
 * <p>Not thread-safe by itself: Kafka Streams calls its state listener from one thread at a time,
 * and readers see the latest state through the volatile field.
 */
public final class Readiness {
    private volatile boolean ready;

    /** Records that Kafka Streams moved to {@code state}. */
    public void changed(KafkaStreams.State state) {
        ready = switch (state) {
            case RUNNING -> true;
            case REBALANCING -> ready; // ready if it ran before: a rebalance keeps it so
            case CREATED, PENDING_SHUTDOWN, NOT_RUNNING, PENDING_ERROR, ERROR -> false;
        };
    }

    public boolean ready() {
        return ready;
    }
}
