package io.hookline.dispatcher;

import io.hookline.common.config.Durations;
import io.hookline.common.config.HooklineConfig;
import io.hookline.dispatcher.internal.EndpointCircuits;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Settings of the dispatcher stage: the keys every stage shares ({@link HooklineConfig}) plus
 * the ones declared in {@link #definition()}. Durations are written like {@code 500ms},
 * {@code 5s}, {@code 1m}.
 */
public final class DispatcherConfig extends HooklineConfig {
    public static final String GROUP_ID = "dispatcher.group.id";
    public static final String MAX_IN_FLIGHT = "dispatcher.max.in.flight";
    public static final String COMMIT_INTERVAL = "dispatcher.commit.interval";
    public static final String SHUTDOWN_TIMEOUT = "dispatcher.shutdown.timeout";
    public static final String RETRY_AFTER_MAX = "dispatcher.retry.after.max";
    public static final String HTTP_CONNECT_TIMEOUT = "http.connect.timeout";
    public static final String HTTP_REQUEST_TIMEOUT = "http.request.timeout";
    public static final String HTTP_MAX_RESPONSE_BYTES = "http.max.response.bytes";
    public static final String HTTP_MAX_CONNECTIONS = "http.max.connections";
    public static final String MAX_IN_FLIGHT_PER_ENDPOINT = "dispatcher.max.in.flight.per.endpoint";
    public static final String CIRCUIT_FAILURES = "endpoint.circuit.failures";
    public static final String OPS_TENANT = "ops.tenant";
    public static final String OPS_NOTIFY_INTERVAL = "ops.notify.interval";
    public static final String CIRCUIT_COOLDOWN = "endpoint.circuit.cooldown";
    public static final String CIRCUIT_COOLDOWN_MAX = "endpoint.circuit.cooldown.max";

    /** The least of each duration setting here: a zero timeout or interval would be a typo, not a wish. */
    private static final Duration ONE_MILLISECOND = Duration.ofMillis(1);

    public DispatcherConfig(Map<?, ?> values) {
        super(definition(), values);
    }

    /** Every key the dispatcher understands, with type, default, validator and doc. */
    public static ConfigDef definition() {
        return baseDefinition()
                .define(GROUP_ID, Type.STRING, "hookline-dispatcher", new ConfigDef.NonEmptyString(),
                        Importance.HIGH, "Consumer group of the dispatchers. Every dispatcher of one Hookline "
                                + "installation uses the same group, so that each delivery is sent by one of them.")
                .define(MAX_IN_FLIGHT, Type.INT, 1000, Range.atLeast(1), Importance.MEDIUM,
                        "Deliveries being sent and not yet final, across all endpoints. At this bound the "
                                + "dispatcher pauses consuming until some finish. The bound is soft: the records "
                                + "of one poll (kafka.max.poll.records) may exceed it.")
                .define(COMMIT_INTERVAL, Type.STRING, "200ms", Durations.atLeast(ONE_MILLISECOND), Importance.LOW,
                        "How often offsets of finished deliveries are committed. A crash re-sends what "
                                + "finished within the last interval.")
                .define(SHUTDOWN_TIMEOUT, Type.STRING, "20s", Durations.atLeast(ONE_MILLISECOND),
                        Importance.LOW, "How long a shutdown or a partition revocation waits for deliveries in flight. "
                                + "Those still unfinished are not committed and are sent again by the next "
                                + "consumer of their partition.")
                .define(RETRY_AFTER_MAX, Type.STRING, "1h", Durations.atLeast(ONE_MILLISECOND), Importance.LOW,
                        "Upper bound on a Retry-After an endpoint asks for with 429 or 503.")
                .define(HTTP_CONNECT_TIMEOUT, Type.STRING, "5s", Durations.atLeast(ONE_MILLISECOND),
                        Importance.MEDIUM, "Time to establish a connection to an endpoint.")
                .define(HTTP_REQUEST_TIMEOUT, Type.STRING, "15s", Durations.atLeast(ONE_MILLISECOND),
                        Importance.MEDIUM, "Deadline of a whole request, from sending to the last byte of the response "
                                + "(a response that trickles in slowly is cut off too).")
                .define(HTTP_MAX_RESPONSE_BYTES, Type.INT, 65_536, Range.atLeast(0), Importance.LOW,
                        "Bytes of a response body read at most; the connection of a longer one is closed.")
                .define(HTTP_MAX_CONNECTIONS, Type.INT, 1000, Range.atLeast(1), Importance.LOW,
                        "Pooled HTTP connections in total.")
                .define(MAX_IN_FLIGHT_PER_ENDPOINT, Type.INT, 50, Range.atLeast(1), Importance.MEDIUM,
                        "Requests in flight to one endpoint (scheme, host and port), and the HTTP connections "
                                + "pooled for it. A delivery whose endpoint is at this bound is not sent but "
                                + "queued on the first retry tier, without using an attempt, so a slow or stalled "
                                + "endpoint never holds up the others. Keep it well below "
                                + MAX_IN_FLIGHT + ".")
                .define(OPS_TENANT, Type.STRING, "hookline-ops", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "Tenant of the events Hookline publishes to tell operators what goes wrong "
                                + "(delivery.dead_lettered, endpoint.failing): subscribe to them like to any "
                                + "events. Never published about this tenant's own subscriptions.")
                .define(OPS_NOTIFY_INTERVAL, Type.STRING, "1m", Durations.atLeast(Duration.ofSeconds(1)),
                        Importance.LOW, "At most one delivery.dead_lettered event per subscription per "
                                + "interval, with the count since the last.")
                .define(CIRCUIT_FAILURES, Type.INT, 10, Range.atLeast(1), Importance.MEDIUM,
                        "Failed attempts in a row (5xx, timeouts, connection errors, …) to one endpoint that "
                                + "open its circuit: its deliveries then fail fast, without a request, each "
                                + "counted as an attempt and retried on the schedule, until a probe succeeds.")
                .define(CIRCUIT_COOLDOWN, Type.STRING, "30s", Durations.atLeast(ONE_MILLISECOND), Importance.LOW,
                        "How long an endpoint's circuit stays open before one probe request is let through; "
                                + "it doubles each time the probe fails.")
                .define(CIRCUIT_COOLDOWN_MAX, Type.STRING, "30m", Durations.atLeast(ONE_MILLISECOND), Importance.LOW,
                        "The longest an endpoint's circuit stays open before the next probe.");
    }

    public String groupId() {
        return getString(GROUP_ID);
    }

    public int maxInFlight() {
        return getInt(MAX_IN_FLIGHT);
    }

    public Duration commitInterval() {
        return duration(COMMIT_INTERVAL);
    }

    public Duration shutdownTimeout() {
        return duration(SHUTDOWN_TIMEOUT);
    }

    public Duration retryAfterMax() {
        return duration(RETRY_AFTER_MAX);
    }

    public Duration httpConnectTimeout() {
        return duration(HTTP_CONNECT_TIMEOUT);
    }

    public Duration httpRequestTimeout() {
        return duration(HTTP_REQUEST_TIMEOUT);
    }

    public int httpMaxResponseBytes() {
        return getInt(HTTP_MAX_RESPONSE_BYTES);
    }

    public int httpMaxConnections() {
        return getInt(HTTP_MAX_CONNECTIONS);
    }

    public String opsTenant() {
        return getString(OPS_TENANT);
    }

    public Duration opsNotifyInterval() {
        return duration(OPS_NOTIFY_INTERVAL);
    }

    public EndpointCircuits.Settings circuits() {
        return new EndpointCircuits.Settings(getInt(CIRCUIT_FAILURES), duration(CIRCUIT_COOLDOWN),
                duration(CIRCUIT_COOLDOWN_MAX));
    }

    public int maxInFlightPerEndpoint() {
        return getInt(MAX_IN_FLIGHT_PER_ENDPOINT);
    }
}
