package io.hookline.dispatcher.internal;

import java.net.URI;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the requests in flight to one endpoint (scheme, host and port: what the HTTP client
 * pools connections by), so that a stalled or slow endpoint holds at most that many deliveries
 * and their connections, and never the partition behind it: a delivery that finds its endpoint
 * at the bound is diverted to the first retry tier instead of waiting.
 *
 * <p>Thread-safe: acquired on the poll thread, released on HTTP threads. An endpoint's entry
 * goes away when its last request ends, so the map holds only endpoints with requests in flight.
 */
public final class EndpointLimiter {
    private final int maxPerEndpoint;
    private final ConcurrentHashMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    public EndpointLimiter(int maxPerEndpoint) {
        if (maxPerEndpoint < 1) {
            throw new IllegalArgumentException("maxPerEndpoint must be at least 1, got " + maxPerEndpoint);
        }
        this.maxPerEndpoint = maxPerEndpoint;
    }

    /** The endpoint of {@code url}: {@code scheme://host:port}, lower case, the default port filled in. */
    public static String endpoint(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort() != -1 ? url.getPort() : "https".equals(scheme) ? 443 : 80;
        return scheme + "://" + url.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** Takes a place for one request to {@code endpoint}; false, taking nothing, when it is at its bound. */
    public boolean tryAcquire(String endpoint) {
        boolean[] acquired = {false};
        inFlight.compute(endpoint, (key, count) -> {
            AtomicInteger current = count != null ? count : new AtomicInteger();
            if (current.get() < maxPerEndpoint) {
                current.incrementAndGet();
                acquired[0] = true;
            }
            return current.get() == 0 ? null : current;
        });
        return acquired[0];
    }

    /** Gives back the place of a request to {@code endpoint} that ended. */
    public void release(String endpoint) {
        inFlight.computeIfPresent(endpoint, (key, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    /** Requests in flight to {@code endpoint}. */
    public int inFlight(String endpoint) {
        AtomicInteger count = inFlight.get(endpoint);
        return count == null ? 0 : count.get();
    }

    /** Endpoints with at least one request in flight. */
    public int endpoints() {
        return inFlight.size();
    }
}
