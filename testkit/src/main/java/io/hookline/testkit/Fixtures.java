package io.hookline.testkit;

import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.DeliveryIds;
import io.hookline.common.wire.Event;
import io.hookline.common.wire.Subscription;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Valid wire records for tests. Every field has a default that passes validation, so a test
 * sets only the fields its story is about and a reader sees which those are:
 *
 * <pre>{@code
 * Subscription s = subscription("s1").tenant("globex").eventTypes("order.*").enabled(false).build();
 * Delivery d = delivery("evt_1", "s1").attempt(2).build();    // deliveryId derived as the router does
 * Event e = event("evt_1").type("invoice.paid").timestamp(null).build();
 * }</pre>
 *
 * Builders are mutable and may build several records, each from the values set so far.
 */
public final class Fixtures {
    /**
     * Signs every fixture subscription unless a test gives others. Fixed, so a failing test
     * replays byte for byte; its bytes spell {@code hookline-test-fixture-secret-32b}.
     */
    public static final WebhookSecret SECRET =
            WebhookSecret.parse("whsec_aG9va2xpbmUtdGVzdC1maXh0dXJlLXNlY3JldC0zMmI=");
    public static final String TENANT = "acme";
    public static final String EVENT_TYPE = "order.created";
    public static final Instant TIMESTAMP = Instant.parse("2026-11-27T10:15:30Z");

    private Fixtures() {
    }

    /**
     * An enabled subscription of tenant {@value #TENANT} to every event type ({@code **}),
     * POSTing to {@code https://hooks.example.com/<id>}, signed with {@link #SECRET}.
     */
    public static SubscriptionBuilder subscription(String id) {
        return new SubscriptionBuilder(id);
    }

    /**
     * The first attempt of event {@code eventId} ({@value #EVENT_TYPE}, tenant {@value #TENANT})
     * for subscription {@code subscriptionId}; its id is derived from the two unless set, and its
     * body names the event's id and type unless set.
     */
    public static DeliveryBuilder delivery(String eventId, String subscriptionId) {
        return new DeliveryBuilder(eventId, subscriptionId);
    }

    /**
     * An event {@value #EVENT_TYPE} of tenant {@value #TENANT} at {@link #TIMESTAMP} with data
     * {@code {}}; {@code id} may be null, for an event that comes without one.
     */
    public static EventBuilder event(String id) {
        return new EventBuilder(id);
    }

    /** Builds a {@link Subscription}; see {@link Fixtures#subscription(String)}. */
    public static final class SubscriptionBuilder {
        private final String id;
        private String tenant = TENANT;
        private URI url;
        private List<String> eventTypes = List.of("**");
        private List<WebhookSecret> secrets = List.of(SECRET);
        private final Map<String, String> headers = new LinkedHashMap<>();
        private boolean enabled = true;
        private Integer maxAttempts;
        private String description;

        private SubscriptionBuilder(String id) {
            this.id = id;
            this.url = URI.create("https://hooks.example.com/" + id);
        }

        public SubscriptionBuilder tenant(String newTenant) {
            this.tenant = newTenant;
            return this;
        }

        public SubscriptionBuilder url(String newUrl) {
            this.url = URI.create(newUrl);
            return this;
        }

        public SubscriptionBuilder eventTypes(String... newEventTypes) {
            this.eventTypes = List.of(newEventTypes);
            return this;
        }

        public SubscriptionBuilder secrets(WebhookSecret... newSecrets) {
            return secrets(List.of(newSecrets));
        }

        public SubscriptionBuilder secrets(List<WebhookSecret> newSecrets) {
            this.secrets = newSecrets;
            return this;
        }

        /** Adds a request header to those set so far. */
        public SubscriptionBuilder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** Replaces the request headers set so far. */
        public SubscriptionBuilder headers(Map<String, String> newHeaders) {
            headers.clear();
            headers.putAll(newHeaders);
            return this;
        }

        public SubscriptionBuilder enabled(boolean newEnabled) {
            this.enabled = newEnabled;
            return this;
        }

        /** Null (the default) follows the global retry schedule. */
        public SubscriptionBuilder maxAttempts(Integer newMaxAttempts) {
            this.maxAttempts = newMaxAttempts;
            return this;
        }

        public SubscriptionBuilder description(String newDescription) {
            this.description = newDescription;
            return this;
        }

        public Subscription build() {
            return new Subscription(id, tenant, url, eventTypes, secrets, new LinkedHashMap<>(headers), enabled,
                    maxAttempts, description, Subscription.VERSION);
        }
    }

    /** Builds a {@link Delivery}; see {@link Fixtures#delivery(String, String)}. */
    public static final class DeliveryBuilder {
        private final String eventId;
        private final String subscriptionId;
        private String deliveryId;
        private String eventType = EVENT_TYPE;
        private String tenant = TENANT;
        private String body;
        private int attempt = 1;
        private Instant firstAttemptAt;
        private Instant notBefore;

        private DeliveryBuilder(String eventId, String subscriptionId) {
            this.eventId = eventId;
            this.subscriptionId = subscriptionId;
        }

        /** Instead of the id derived from the event and the subscription. */
        public DeliveryBuilder deliveryId(String newDeliveryId) {
            this.deliveryId = newDeliveryId;
            return this;
        }

        public DeliveryBuilder eventType(String newEventType) {
            this.eventType = newEventType;
            return this;
        }

        public DeliveryBuilder tenant(String newTenant) {
            this.tenant = newTenant;
            return this;
        }

        /** The exact text to POST, instead of {@code {"id":…,"type":…,"data":{}}}. */
        public DeliveryBuilder body(String newBody) {
            this.body = newBody;
            return this;
        }

        public DeliveryBuilder attempt(int newAttempt) {
            this.attempt = newAttempt;
            return this;
        }

        public DeliveryBuilder firstAttemptAt(Instant newFirstAttemptAt) {
            this.firstAttemptAt = newFirstAttemptAt;
            return this;
        }

        public DeliveryBuilder notBefore(Instant newNotBefore) {
            this.notBefore = newNotBefore;
            return this;
        }

        public Delivery build() {
            String id = deliveryId != null ? deliveryId : DeliveryIds.deliveryId(eventId, subscriptionId);
            String text = body != null ? body
                    : "{\"id\":\"" + eventId + "\",\"type\":\"" + eventType + "\",\"data\":{}}";
            return new Delivery(id, eventId, eventType, tenant, subscriptionId, text, attempt, firstAttemptAt,
                    notBefore);
        }
    }

    /** Builds an {@link Event}; see {@link Fixtures#event(String)}. */
    public static final class EventBuilder {
        private final String id;
        private String type = EVENT_TYPE;
        private Instant timestamp = TIMESTAMP;
        private String tenant = TENANT;
        private String data = "{}";

        private EventBuilder(String id) {
            this.id = id;
        }

        public EventBuilder type(String newType) {
            this.type = newType;
            return this;
        }

        /** Null for an event that comes without one (the router then uses the record's). */
        public EventBuilder timestamp(Instant newTimestamp) {
            this.timestamp = newTimestamp;
            return this;
        }

        /** Null for an event that comes without one (the router then uses the key, else default). */
        public EventBuilder tenant(String newTenant) {
            this.tenant = newTenant;
            return this;
        }

        /** The event's data as JSON text. */
        public EventBuilder data(String newData) {
            this.data = newData;
            return this;
        }

        public Event build() {
            return new Event(id, type, timestamp, tenant, data);
        }
    }
}
