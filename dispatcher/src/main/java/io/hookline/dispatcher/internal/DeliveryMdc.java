package io.hookline.dispatcher.internal;

import io.hookline.common.wire.Delivery;
import org.slf4j.MDC;

/** Puts a delivery's ids into the logging MDC for a block: {@code try (var ignored = DeliveryMdc.of(d)) {…}}. (Not Kafka's {@code LogContext}, a log prefix.). */
final class DeliveryMdc implements AutoCloseable {
    static final String DELIVERY_ID = "deliveryId";
    static final String EVENT_ID = "eventId";
    static final String SUBSCRIPTION_ID = "subscriptionId";
    static final String ATTEMPT = "attempt";

    private DeliveryMdc() {
    }

    static DeliveryMdc of(Delivery delivery) {
        MDC.put(DELIVERY_ID, delivery.deliveryId());
        MDC.put(EVENT_ID, delivery.eventId());
        MDC.put(SUBSCRIPTION_ID, delivery.subscriptionId());
        MDC.put(ATTEMPT, Integer.toString(delivery.attempt()));
        return new DeliveryMdc();
    }

    @Override
    public void close() {
        MDC.remove(DELIVERY_ID);
        MDC.remove(EVENT_ID);
        MDC.remove(SUBSCRIPTION_ID);
        MDC.remove(ATTEMPT);
    }
}
