package io.hookline.app.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the demo's endpoints answer a request whose signature verified, counting the requests
 * of each delivery by its {@code webhook-id} (the same on every attempt): the flaky endpoint
 * answers 503 to the first attempt of each delivery and accepts the next, so a retry on the
 * dispatcher's schedule shows; the gone endpoint answers 410 to every request, so a dead letter
 * shows. Pure but for the clock; thread-safe.
 *
 * <p>The count is this receiver's. A delivery of an event from before it started (a retry that
 * was waiting when the last run stopped, say) may have been tried before: its attempt number is
 * unknown here, so it is marked as of an earlier run and the flaky endpoint accepts it at once.
 */
final class DemoResponder {
    /**
     * Deliveries remembered, oldest forgotten first. At the demo's rate (a few deliveries a
     * second) a retry on the default schedule's first tiers (5 s, 1 min) comes long before its
     * delivery is forgotten; the bound keeps a demo left running for days small.
     */
    static final int REMEMBERED = 10_000;

    /** How an endpoint of the demo answers. */
    enum Behaviour {
        /** 204 to every request. */
        ACCEPT,
        /** 503 to the first attempt of each delivery, then 204. */
        FAIL_FIRST_ATTEMPT,
        /** 410 Gone to every request. */
        GONE
    }

    /**
     * What the receiver knows of a request.
     *
     * @param attempt    which request of its delivery this is, 1 for the first this receiver saw
     * @param sinceFirst the time since this receiver saw the delivery's first request, zero for the first
     * @param earlierRun the event is older than this receiver: {@code attempt} counts only the requests seen here
     */
    record Request(int attempt, Duration sinceFirst, boolean earlierRun) {
        Request {
            Objects.requireNonNull(sinceFirst, "sinceFirst");
        }

        /** The first attempt of an event of this run. */
        static Request first() {
            return new Request(1, Duration.ZERO, false);
        }
    }

    /** The answer to one request. */
    sealed interface Answer permits Accepted, FailedFirst, Gone {
        int status();

        Request request();
    }

    /** Delivered: 204. */
    record Accepted(Request request) implements Answer {
        @Override
        public int status() {
            return 204;
        }

        /** Accepted on a later attempt than the first this run made: retried, then delivered. */
        boolean afterRetry() {
            return request.attempt() > 1 && !request.earlierRun();
        }
    }

    /**
     * The first attempt of a delivery to the flaky endpoint: 503 without {@code Retry-After},
     * so the dispatcher waits its schedule's first delay.
     */
    record FailedFirst(Request request) implements Answer {
        @Override
        public int status() {
            return 503;
        }
    }

    /** 410 Gone: the dispatcher dead-letters the delivery at once. */
    record Gone(Request request) implements Answer {
        @Override
        public int status() {
            return 410;
        }
    }

    /** How many requests of a delivery came, and when the first did. */
    private record Seen(int requests, Instant first) {
    }

    private final Clock clock;
    private final Instant startedAt;
    private final Map<String, Seen> seen = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** Events older than now are of an earlier run. */
    DemoResponder(Clock clock) {
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /**
     * Counts this request of delivery {@code webhookId} and answers it as {@code behaviour} says.
     *
     * @param eventTime the event's timestamp, null if unknown (then it counts as of this run)
     */
    Answer answer(Behaviour behaviour, String webhookId, Instant eventTime) {
        Instant now = clock.instant();
        Seen delivery;
        synchronized (seen) {
            delivery = seen.merge(webhookId, new Seen(1, now),
                    (before, ignored) -> new Seen(before.requests() + 1, before.first()));
        }
        Request request = new Request(delivery.requests(), Duration.between(delivery.first(), now),
                eventTime != null && eventTime.isBefore(startedAt));
        return switch (behaviour) {
            case ACCEPT -> new Accepted(request);
            case FAIL_FIRST_ATTEMPT -> request.attempt() == 1 && !request.earlierRun() ? new FailedFirst(request)
                    : new Accepted(request);
            case GONE -> new Gone(request);
        };
    }
}
