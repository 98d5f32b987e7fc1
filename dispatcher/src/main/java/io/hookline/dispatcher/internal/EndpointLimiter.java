package io.hookline.dispatcher.internal;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Bounds the requests in flight to one endpoint (scheme, host and port: what the HTTP client
 * pools connections by), so that a stalled or slow endpoint holds at most that many deliveries
 * and their connections, and never the partition behind it.
 *
 * <p>A delivery that finds its endpoint at the bound may wait here, in memory, for a place:
 * always while fewer than {@code maxWaiting} wait for that endpoint, and beyond that while the
 * endpoint answers: it answered before, has not been busy for {@link #MAX_WAIT} without an
 * answer, and, at the pace
 * its recent answers came (the bound over their average time), the new waiter would get its
 * place within {@link #MAX_WAIT}. A busy but healthy endpoint (a poll's batch often holds
 * dozens of deliveries to one endpoint) so takes its deliveries one after the other without a
 * round trip through a retry topic. Otherwise the delivery is {@linkplain Admission#FULL
 * refused}, and the caller diverts it to the first retry tier: a stalled endpoint holds at
 * most {@code maxPerEndpoint + maxWaiting} deliveries, plus what arrived for it in the second
 * before it stalled; a slow one, what it answers in a second more.
 *
 * <p>Thread-safe: acquired on the poll thread (or the executor), released on HTTP threads. A
 * released place goes to the first waiter, whose {@code whenFree} runs on the releasing
 * thread. An endpoint's entry, with its answer times, outlives its last request by
 * {@link #FORGET_AFTER}, so that the next burst to it finds them; every
 * {@link #SWEEP_EVERY} acquisitions the entries idle longer than that go.
 */
public final class EndpointLimiter {
    /** What {@link #acquire} did. */
    public enum Admission {
        /** A place was free and is now the caller's. */
        NOW,
        /** The endpoint is at its bound; {@code whenFree} runs once a place is the caller's. */
        WAITING,
        /** The endpoint is at its bound and cannot be waited for: nothing taken or queued. */
        FULL
    }

    /** The longest a delivery beyond {@code maxWaiting} is expected to wait for a place. */
    static final long MAX_WAIT = TimeUnit.SECONDS.toNanos(1);
    /** Weight of the newest answer in an endpoint's average answer time. */
    private static final double NEWEST_WEIGHT = 0.1;
    /** How long an endpoint with nothing in flight is remembered. */
    static final long FORGET_AFTER = TimeUnit.MINUTES.toNanos(1);
    /** Acquisitions between two sweeps of forgotten endpoints. */
    static final int SWEEP_EVERY = 4096;

    private final int maxPerEndpoint;
    private final int maxWaiting;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Places> places = new ConcurrentHashMap<>();
    private final AtomicInteger untilSweep = new AtomicInteger(SWEEP_EVERY);

    /** One endpoint's requests in flight, deliveries waiting and recent answers; changed only inside the map's {@code compute}. */
    private static final class Places {
        int inFlight;
        final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
        long lastFinished;
        /** When requests to it were last started with none in flight. */
        long busySince;
        double averageNanos = -1;

        boolean idleSince(long before) {
            return inFlight == 0 && waiting.isEmpty() && lastFinished - before < 0;
        }

        void finished(long now, long tookNanos) {
            lastFinished = now;
            averageNanos = averageNanos < 0 ? tookNanos : averageNanos + NEWEST_WEIGHT * (tookNanos - averageNanos);
        }
    }

    /** At most {@code maxPerEndpoint} in flight, and as many waiting unless the endpoint answers fast. */
    public EndpointLimiter(int maxPerEndpoint) {
        this(maxPerEndpoint, maxPerEndpoint, System::nanoTime);
    }

    EndpointLimiter(int maxPerEndpoint, int maxWaiting, LongSupplier nanoTime) {
        if (maxPerEndpoint < 1 || maxWaiting < 0) {
            throw new IllegalArgumentException("maxPerEndpoint must be at least 1 and maxWaiting at least 0, got "
                    + maxPerEndpoint + " and " + maxWaiting);
        }
        this.maxPerEndpoint = maxPerEndpoint;
        this.maxWaiting = maxWaiting;
        this.nanoTime = nanoTime;
    }

    /** The endpoint of {@code url}: {@code scheme://host:port}, lower case, the default port filled in. */
    public static String endpoint(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort() != -1 ? url.getPort() : "https".equals(scheme) ? 443 : 80;
        return scheme + "://" + url.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** Takes a place for one request to {@code endpoint}; false, taking nothing, when it is at its bound. */
    public boolean tryAcquire(String endpoint) {
        return acquire(endpoint, null) == Admission.NOW;
    }

    /**
     * Takes a place for one request to {@code endpoint}, or queues {@code whenFree} to run (on
     * the thread that frees one) once a place is the caller's. With {@code whenFree} null it
     * never queues.
     */
    public Admission acquire(String endpoint, Runnable whenFree) {
        Admission[] admission = {Admission.FULL};
        long now = nanoTime.getAsLong();
        places.compute(endpoint, (key, current) -> {
            Places endpointPlaces = current != null ? current : new Places();
            if (endpointPlaces.inFlight < maxPerEndpoint) {
                if (endpointPlaces.inFlight == 0) {
                    endpointPlaces.busySince = now;
                }
                endpointPlaces.inFlight++;
                admission[0] = Admission.NOW;
            } else if (whenFree != null && mayWait(endpointPlaces, now)) {
                endpointPlaces.waiting.add(whenFree);
                admission[0] = Admission.WAITING;
            }
            return endpointPlaces;
        });
        if (untilSweep.decrementAndGet() <= 0) {
            untilSweep.set(SWEEP_EVERY);
            forgetIdle(now - FORGET_AFTER);
        }
        return admission[0];
    }

    private void forgetIdle(long before) {
        for (String endpoint : places.keySet()) {
            places.computeIfPresent(endpoint, (key, current) -> current.idleSince(before) ? null : current);
        }
    }

    private boolean mayWait(Places endpointPlaces, long now) {
        int waiting = endpointPlaces.waiting.size();
        if (waiting < maxWaiting) {
            return true;
        }
        if (endpointPlaces.averageNanos < 0 || now - Math.max(endpointPlaces.lastFinished, endpointPlaces.busySince)
                > MAX_WAIT) {
            return false; // never answered, or busy without an answer for a while: slow or stalled
        }
        // places free up at maxPerEndpoint per average answer time; the new waiter is served after the others
        return (waiting + 1) * endpointPlaces.averageNanos <= (double) MAX_WAIT * maxPerEndpoint;
    }

    /**
     * Gives back the place of a request to {@code endpoint} that ended after {@code tookNanos}:
     * to the first waiter, if any.
     */
    public void release(String endpoint, long tookNanos) {
        release(endpoint, tookNanos, true);
    }

    /** Gives back a place that was not used for a request. */
    public void release(String endpoint) {
        release(endpoint, 0, false);
    }

    private void release(String endpoint, long tookNanos, boolean answered) {
        Runnable[] next = {null};
        long now = nanoTime.getAsLong();
        places.computeIfPresent(endpoint, (key, current) -> {
            if (answered) {
                current.finished(now, tookNanos);
            }
            next[0] = current.waiting.poll();
            if (next[0] == null) {
                current.inFlight--;
            }
            // a place never used for a request, and nothing answered before: nothing worth remembering
            return current.inFlight == 0 && current.waiting.isEmpty() && current.averageNanos < 0 ? null : current;
        });
        if (next[0] != null) {
            next[0].run();
        }
    }

    /** Requests in flight to {@code endpoint}. */
    public int inFlight(String endpoint) {
        int[] count = {0};
        places.computeIfPresent(endpoint, (key, current) -> {
            count[0] = current.inFlight;
            return current;
        });
        return count[0];
    }

    /** Deliveries waiting for a place at {@code endpoint}. */
    public int waiting(String endpoint) {
        int[] count = {0};
        places.computeIfPresent(endpoint, (key, current) -> {
            count[0] = current.waiting.size();
            return current;
        });
        return count[0];
    }

    /** Endpoints with at least one request in flight. */
    public int endpoints() {
        int[] count = {0};
        for (String endpoint : places.keySet()) {
            places.computeIfPresent(endpoint, (key, current) -> {
                count[0] += current.inFlight > 0 ? 1 : 0;
                return current;
            });
        }
        return count[0];
    }
}
