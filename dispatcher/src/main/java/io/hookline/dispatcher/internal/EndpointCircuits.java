package io.hookline.dispatcher.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
    private final Consumer<String> onOpen;
    private final Map<String, CircuitBreaker> circuits = new ConcurrentHashMap<>();

    /**
     * @param failuresToOpen failed attempts in a row that open a circuit
     * @param cooldown       how long a circuit stays open the first time
     * @param maxCooldown    the longest it stays open, however often its probe failed
     * @param onOpen         called with the endpoint each time its circuit opens
     */
    public record Settings(int failuresToOpen, Duration cooldown, Duration maxCooldown) {
    }

    public EndpointCircuits(Settings settings, Clock clock, Consumer<String> onOpen) {
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
        CircuitBreaker circuit = circuits.get(endpoint);
        return circuit == null || circuit.tryAcquirePermission();
    }

    /** The request to {@code endpoint} succeeded: its circuit closes and is forgotten. */
    public void succeeded(String endpoint) {
        CircuitBreaker circuit = circuits.get(endpoint);
        if (circuit != null) {
            circuit.onSuccess(0, TimeUnit.NANOSECONDS);
            if (circuit.getState() == CircuitBreaker.State.CLOSED) {
                circuits.remove(endpoint, circuit);
            }
        }
    }

    /** The request to {@code endpoint} failed in a way worth a retry. */
    public void failed(String endpoint) {
        CircuitBreaker circuit = circuits.computeIfAbsent(endpoint, this::create);
        circuit.onError(0, TimeUnit.NANOSECONDS, FAILED);
    }

    /** The request to {@code endpoint} ended without saying anything of its health (cancelled, 410). */
    public void released(String endpoint) {
        CircuitBreaker circuit = circuits.get(endpoint);
        if (circuit != null) {
            circuit.releasePermission();
        }
    }

    /** Endpoints whose circuit is open or probing now. */
    public int open() {
        return (int) circuits.values().stream().filter(c -> c.getState() != CircuitBreaker.State.CLOSED).count();
    }

    /** Endpoints failing now, their circuit open or not yet. */
    public int failing() {
        return circuits.size();
    }

    private CircuitBreaker create(String endpoint) {
        CircuitBreaker circuit = CircuitBreaker.of(endpoint, config);
        circuit.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                onOpen.accept(endpoint);
            }
        });
        return circuit;
    }
}
