package io.hookline.dispatcher.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A circuit per endpoint (scheme, host and port), with resilience4j's circuit breaker:
 * after {@code failuresToOpen} failed attempts in a row the circuit opens, and deliveries to
 * the endpoint fail fast, without a request, for a cooldown that doubles each time a probe
 * fails again (up to {@code maxCooldown}). After the cooldown one probe request is let
 * through; its outcome closes the circuit or opens it again.
 *
 * <p>A fail-fast delivery counts an attempt and goes on the retry schedule like any failed
 * one, so the circuit never stretches a delivery's schedule; it saves the endpoint (and the
 * dispatcher's connections) from requests that would fail. Only failures worth a retry
 * count (5xx, timeouts, connection errors, …); a 2xx resets the count. Circuits live only
 * while their endpoint fails: a closed circuit is forgotten at its first success, so the
 * map holds failing endpoints only.
 */
public final class EndpointCircuits {
    /** What fails a call in resilience4j's books: a marker, never thrown. */
    private static final Exception FAILED = new Exception("failed attempt", null, false, false) {
        private static final long serialVersionUID = 1L;
    };

    private final CircuitBreakerConfig config;
    private final Settings settings;
    private final Clock clock;
    private final Consumer<Opened> onOpen;
    private final Map<String, Circuit> circuits = new ConcurrentHashMap<>();

    /** A circuit, and who failed last through it: whom to name when it opens. */
    private static final class Circuit {
        final CircuitBreaker breaker;
        final AtomicInteger opens = new AtomicInteger();
        volatile String subscriptionId;
        volatile String tenant;

        Circuit(CircuitBreaker breaker) {
            this.breaker = breaker;
        }
    }

    /**
     * A circuit opened.
     *
     * @param subscriptionId the subscription whose delivery failed last through it
     * @param until          when the next probe may go
     */
    public record Opened(String endpoint, String subscriptionId, String tenant, int failures, Instant until) {
    }

    /**
     * @param failuresToOpen failed attempts in a row that open a circuit
     * @param cooldown       how long a circuit stays open the first time
     * @param maxCooldown    the longest it stays open, however often its probe failed
     */
    public record Settings(int failuresToOpen, Duration cooldown, Duration maxCooldown) {
    }

    /** @param onOpen called each time a circuit opens, on the thread that reported the failure */
    public EndpointCircuits(Settings settings, Clock clock, Consumer<Opened> onOpen) {
        this.settings = settings;
        this.clock = clock;
        this.onOpen = onOpen;
        this.config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.failuresToOpen())
                .minimumNumberOfCalls(settings.failuresToOpen())
                .failureRateThreshold(100) // every call in the window failed: that many in a row
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .waitIntervalFunctionInOpenState(IntervalFunction.ofExponentialBackoff(settings.cooldown(), 2.0,
                        settings.maxCooldown()))
                .clock(clock)
                .build();
    }

    /** Whether a request to {@code endpoint} may go now: false while its circuit is open (or probing). */
    public boolean tryAcquire(String endpoint) {
        Circuit circuit = circuits.get(endpoint);
        return circuit == null || circuit.breaker.tryAcquirePermission();
    }

    /** The request to {@code endpoint} succeeded: its circuit closes and is forgotten. */
    public void succeeded(String endpoint) {
        Circuit circuit = circuits.get(endpoint);
        if (circuit != null) {
            circuit.breaker.onSuccess(0, TimeUnit.NANOSECONDS);
            if (circuit.breaker.getState() == CircuitBreaker.State.CLOSED) {
                circuits.remove(endpoint, circuit);
            }
        }
    }

    /** The request to {@code endpoint} for a delivery of {@code subscriptionId} failed in a way worth a retry. */
    public void failed(String endpoint, String subscriptionId, String tenant) {
        Circuit circuit = circuits.computeIfAbsent(endpoint, this::create);
        circuit.subscriptionId = subscriptionId;
        circuit.tenant = tenant;
        circuit.breaker.onError(0, TimeUnit.NANOSECONDS, FAILED);
    }

    /** The request to {@code endpoint} ended without saying anything of its health (cancelled, 410). */
    public void released(String endpoint) {
        Circuit circuit = circuits.get(endpoint);
        if (circuit != null) {
            circuit.breaker.releasePermission();
        }
    }

    /** Endpoints whose circuit is open or probing now. */
    public int open() {
        return (int) circuits.values().stream()
                .filter(c -> c.breaker.getState() != CircuitBreaker.State.CLOSED).count();
    }

    /** Endpoints failing now, their circuit open or not yet. */
    public int failing() {
        return circuits.size();
    }

    private Circuit create(String endpoint) {
        Circuit circuit = new Circuit(CircuitBreaker.of(endpoint, config));
        circuit.breaker.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                onOpen.accept(new Opened(endpoint, circuit.subscriptionId, circuit.tenant, settings.failuresToOpen(),
                        clock.instant().plus(cooldown(circuit.opens.incrementAndGet()))));
            }
        });
        return circuit;
    }

    /** The cooldown after the n-th opening in a row, as the interval function computes it: doubling, capped. */
    private Duration cooldown(int opening) {
        Duration cooldown = settings.cooldown();
        for (int i = 1; i < opening && cooldown.compareTo(settings.maxCooldown()) < 0; i++) {
            cooldown = cooldown.multipliedBy(2);
        }
        return cooldown.compareTo(settings.maxCooldown()) > 0 ? settings.maxCooldown() : cooldown;
    }
}
