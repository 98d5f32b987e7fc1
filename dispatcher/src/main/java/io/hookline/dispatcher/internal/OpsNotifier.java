package io.hookline.dispatcher.internal;

import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.Event;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells operators what goes wrong by publishing Hookline's own events to the events topic
 * under the ops tenant, which they subscribe to like any other: {@code delivery.dead_lettered}
 * (summarized by {@link DeadLetterDigest}), {@code endpoint.failing} and {@code endpoint.disabled}. Never about the ops
 * tenant's own subscriptions, so a failing operator endpoint cannot feed itself.
 */
public final class OpsNotifier {
    public static final String DEAD_LETTERED = "delivery.dead_lettered";
    public static final String ENDPOINT_FAILING = "endpoint.failing";
    public static final String ENDPOINT_DISABLED = "endpoint.disabled";
    private static final Logger log = LoggerFactory.getLogger(OpsNotifier.class);

    private final String opsTenant;
    private final DeadLetterDigest digest;
    private final Clock clock;
    private final Consumer<Event> publisher;

    /** @param publisher writes an event to the events topic; must not block for long */
    public OpsNotifier(String opsTenant, DeadLetterDigest digest, Clock clock, Consumer<Event> publisher) {
        this.opsTenant = opsTenant;
        this.digest = digest;
        this.clock = clock;
        this.publisher = publisher;
    }

    /** A dispatcher dead letter was written. */
    public void deadLettered(DeadLetter letter) {
        if (letter.delivery() == null || opsTenant.equals(letter.delivery().tenant())) {
            return;
        }
        digest.add(letter).ifPresent(this::publish);
    }

    /** Publishes the summarized notices whose interval has passed: call every second or so. */
    public void flush() {
        digest.due().forEach(this::publish);
    }

    /**
     * An endpoint's circuit opened.
     *
     * @param until when its next probe may go
     */
    public void endpointFailing(String subscriptionId, String tenant, int failures, Instant until) {
        tell(ENDPOINT_FAILING, subscriptionId, tenant, data -> {
            data.put("consecutiveFailures", failures);
            data.put("until", until.toString());
        });
    }

    /**
     * The dispatcher disabled a subscription whose endpoint failed for {@code endpoint.disable.after}.
     *
     * @param since the first failure of the run
     */
    public void endpointDisabled(String subscriptionId, String tenant, String reason, Instant since) {
        tell(ENDPOINT_DISABLED, subscriptionId, tenant, data -> {
            data.put("reason", reason);
            data.put("failingSince", since.toString());
            data.put("by", "hookline dispatcher (endpoint.disable.after)");
        });
    }

    private void publish(DeadLetterDigest.Notice notice) {
        DeadLetter letter = notice.latest();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("subscriptionId", letter.delivery().subscriptionId());
        data.put("tenant", letter.delivery().tenant());
        data.put("reason", letter.reason().wireName());
        data.put("deliveryId", letter.delivery().deliveryId());
        data.put("eventType", letter.delivery().eventType());
        data.put("lastStatus", letter.lastStatus());
        data.put("count", notice.count());
        send(DEAD_LETTERED, data);
    }

    /**
     * Sends a notice about a subscription: its id and tenant, then what {@code details} adds.
     * Never about the ops tenant's own subscriptions, so a failing operator endpoint cannot
     * feed itself notices.
     */
    private void tell(String type, String subscriptionId, String tenant, Consumer<Map<String, Object>> details) {
        if (opsTenant.equals(tenant)) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("subscriptionId", subscriptionId);
        data.put("tenant", tenant);
        details.accept(data);
        send(type, data);
    }

    private void send(String type, Map<String, Object> data) {
        Event event = Event.operator(type, opsTenant, data, clock.instant());
        try {
            publisher.accept(event);
        } catch (RuntimeException e) {
            // a notice is help for operators, never a reason to stop delivering
            log.warn("Could not publish the operator event {}: {}", type, e.toString());
        }
    }
}
