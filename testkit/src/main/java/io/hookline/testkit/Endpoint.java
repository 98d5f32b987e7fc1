package io.hookline.testkit;

import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.signing.WebhookVerificationException;
import io.hookline.common.signing.WebhookVerifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One path of a {@link WebhookReceiver}: it verifies and records every request, then answers
 * with its current {@link Reply} ({@code 204} until told otherwise). Thread-safe.
 */
public final class Endpoint {
    private static final int SHOWN_IN_FAILURES = 10;

    private final String path;
    private final String url;
    private final WebhookVerifier verifier;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final List<ReceivedRequest> requests = new ArrayList<>();
    private Reply reply = Reply.status(204);
    private int answeredWithReply;
    /** For a {@link Reply.PerWebhookId}: requests answered so far, by {@code webhook-id}. */
    private final Map<String, Integer> answeredPerWebhookId = new HashMap<>();

    Endpoint(String path, String url, List<WebhookSecret> secrets) {
        this.path = path;
        this.url = url;
        this.verifier = secrets.isEmpty() ? null : new WebhookVerifier(secrets);
    }

    /** The full URL to POST to, e.g. {@code http://127.0.0.1:41234/orders}. */
    public String url() {
        return url;
    }

    /** The path part of {@link #url()}: {@code "/" + name}. */
    public String path() {
        return path;
    }

    /**
     * Answers the following requests with {@code reply} (a {@link Reply#sequence} starts over,
     * and so does each webhook-id's sequence of a {@link Reply#perWebhookId}).
     */
    public void reply(Reply reply) {
        Objects.requireNonNull(reply, "reply");
        lock.lock();
        try {
            this.reply = reply;
            this.answeredWithReply = 0;
            this.answeredPerWebhookId.clear();
        } finally {
            lock.unlock();
        }
    }

    /** Every request so far, in arrival order. */
    public List<ReceivedRequest> requests() {
        lock.lock();
        try {
            return List.copyOf(requests);
        } finally {
            lock.unlock();
        }
    }

    /** How many requests have arrived so far: {@code requests().size()} without copying them. */
    public int requestCount() {
        lock.lock();
        try {
            return requests.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until at least {@code atLeast} requests have arrived and returns all of them.
     *
     * @throws AssertionError naming the endpoint and the counts, if they do not arrive in time
     */
    public List<ReceivedRequest> awaitRequests(int atLeast, Duration timeout) {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (requests.size() < atLeast) {
                if (left <= 0) {
                    throw new AssertionError("endpoint " + path + ": got " + requests.size() + " request(s) within "
                            + timeout + ", wanted at least " + atLeast + summary());
                }
                left = arrived.awaitNanos(left);
            }
            return List.copyOf(requests);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for requests to endpoint " + path, e);
        } finally {
            lock.unlock();
        }
    }

    /** Verifies and records a request, and says how to answer it. */
    Reply accept(String method, String requestPath, Map<String, String> headers, byte[] body, Instant receivedAt) {
        String error = verify(headers, body);
        ReceivedRequest request = new ReceivedRequest(method, requestPath, headers, body, error == null, error,
                receivedAt);
        lock.lock();
        try {
            requests.add(request);
            arrived.signalAll();
            Reply current = reply;
            int index = answeredWithReply++;
            if (current instanceof Reply.PerWebhookId perWebhookId) {
                int nth = answeredPerWebhookId.merge(headers.getOrDefault("webhook-id", ""), 1, Integer::sum) - 1;
                return perWebhookId.sequence().forRequest(nth);
            }
            return current instanceof Reply.Sequence sequence ? sequence.forRequest(index) : current;
        } finally {
            lock.unlock();
        }
    }

    private String summary() {
        if (requests.isEmpty()) {
            return "";
        }
        int shown = Math.min(requests.size(), SHOWN_IN_FAILURES);
        return "; " + (shown < requests.size() ? "the first " + shown + ": " : "") + requests.subList(0, shown);
    }

    private String verify(Map<String, String> headers, byte[] body) {
        if (verifier == null) {
            return "the endpoint has no secrets to verify with";
        }
        try {
            verifier.verify(headers, body);
            return null;
        } catch (WebhookVerificationException e) {
            return e.getMessage();
        }
    }

    @Override
    public String toString() {
        return "endpoint " + url;
    }
}
