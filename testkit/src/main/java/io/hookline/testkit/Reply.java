package io.hookline.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How an {@link Endpoint} answers: a status, a redirect, a stall, a dripping body, a dropped
 * connection, or a sequence of those. Every request is recorded before it is answered.
 */
public sealed interface Reply permits Reply.Status, Reply.Redirect, Reply.Stall, Reply.Drip, Reply.Disconnect,
        Reply.Sequence, Reply.PerWebhookId {

    /** Answers {@code code} with no body; add headers and a body with {@link Status#header} and {@link Status#body}. */
    static Status status(int code) {
        return new Status(code, Map.of(), "");
    }

    /** Answers 302 with {@code Location: location}. */
    static Redirect redirect(String location) {
        return new Redirect(location);
    }

    /** Holds the response for {@code duration}, then answers 200. */
    static Stall stall(Duration duration) {
        return new Stall(duration);
    }

    /**
     * Answers 200 at once with {@code Content-Length: bytes}, then sends the body one byte per
     * {@code interval}: the whole answer takes {@code bytes × interval}.
     */
    static Drip drip(int bytes, Duration interval) {
        return new Drip(bytes, interval);
    }

    /** Closes the connection without answering (a connection error for the client). */
    static Disconnect disconnect() {
        return new Disconnect();
    }

    /**
     * Answers the first request after {@link Endpoint#reply} with the first reply, the next
     * with the second, and so on; the last one repeats. Nested sequences are flattened.
     */
    static Sequence sequence(Reply... replies) {
        List<Reply> flat = new ArrayList<>();
        for (Reply reply : replies) {
            if (reply instanceof Sequence sequence) {
                flat.addAll(sequence.replies());
            } else {
                flat.add(Objects.requireNonNull(reply, "reply"));
            }
        }
        return new Sequence(flat);
    }

    /**
     * Plays the sequence of {@code replies} for each {@code webhook-id} on its own: the first
     * request of every delivery gets the first reply, its second request the second, and so
     * on; the last one repeats. {@code perWebhookId(status(500), status(200))} fails the first
     * attempt of every delivery and accepts its retry, however the deliveries interleave.
     * Requests without a {@code webhook-id} share one sequence.
     */
    static PerWebhookId perWebhookId(Reply... replies) {
        return new PerWebhookId(sequence(replies));
    }

    /** A status with optional headers and a UTF-8 body. */
    record Status(int code, Map<String, String> headers, String body) implements Reply {
        public Status {
            if (code < 100 || code > 999) {
                throw new IllegalArgumentException("an HTTP status is 100-999, not " + code);
            }
            headers = Map.copyOf(headers);
            Objects.requireNonNull(body, "body");
        }

        /** This status with one more response header, e.g. {@code Retry-After}. */
        public Status header(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Status(code, more, body);
        }

        /** This status with a body (sent as {@code text/plain; charset=utf-8}). */
        public Status body(String text) {
            return new Status(code, headers, text);
        }
    }

    /** 302 with a {@code Location}. */
    record Redirect(String location) implements Reply {
        public Redirect {
            Objects.requireNonNull(location, "location");
        }
    }

    /** Holds the response, then answers 200. */
    record Stall(Duration duration) implements Reply {
        public Stall {
            if (duration.isNegative()) {
                throw new IllegalArgumentException("a stall cannot last " + duration);
            }
        }
    }

    /** A 200 whose body comes one byte at a time. */
    record Drip(int bytes, Duration interval) implements Reply {
        public Drip {
            if (bytes < 0 || interval.isNegative()) {
                throw new IllegalArgumentException("cannot drip " + bytes + " bytes every " + interval);
            }
        }
    }

    /** Drops the connection without an answer. */
    record Disconnect() implements Reply {
    }

    /** Replies in turn, the last one repeating. */
    record Sequence(List<Reply> replies) implements Reply {
        public Sequence {
            replies = List.copyOf(replies);
            if (replies.isEmpty()) {
                throw new IllegalArgumentException("a reply sequence needs at least one reply");
            }
            if (replies.stream().anyMatch(PerWebhookId.class::isInstance)) {
                throw new IllegalArgumentException("a per-webhook-id reply cannot be one step of a sequence");
            }
        }

        /** The reply to the request with this index (0 = first) since the sequence was set. */
        Reply forRequest(int index) {
            return replies.get(Math.min(index, replies.size() - 1));
        }
    }

    /** A {@link Sequence} played separately for each {@code webhook-id}. */
    record PerWebhookId(Sequence sequence) implements Reply {
        public PerWebhookId {
            Objects.requireNonNull(sequence, "sequence");
        }
    }
}
