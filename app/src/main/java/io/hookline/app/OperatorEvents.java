package io.hookline.app;

import io.hookline.common.config.HooklineConfig;
import io.hookline.common.kafka.KafkaFutures;
import io.hookline.common.wire.Event;
import io.hookline.common.wire.Subscription;
import io.hookline.ingest.EventPublisher;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Operator events an admin command publishes (the dispatcher publishes its own): to the events
 * topic under {@code ops.tenant}, so operators subscribed to that tenant are told, signed and
 * retried like any webhook. Never about the ops tenant's own subscriptions.
 */
final class OperatorEvents {
    private OperatorEvents() {
    }

    /**
     * {@code endpoint.disabled} or {@code endpoint.enabled} for {@code subscription}.
     *
     * @param command the command that changed it, e.g. {@code subscriptions disable}
     */
    static void endpointChanged(HooklineConfig config, String type, String command, Subscription subscription,
                                String reason) {
        if (config.opsTenant().equals(subscription.tenant())) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("subscriptionId", subscription.id());
        data.put("tenant", subscription.tenant());
        data.put("reason", reason != null ? reason : "changed by an operator");
        data.put("by", "hookline " + command + " (" + System.getProperty("user.name", "unknown user") + ")");
        Event event = Event.operator(type, config.opsTenant(), data, Instant.now());
        try (EventPublisher publisher = EventPublisher.create(KafkaOptions.commandClients(config), config.topics())) {
            KafkaFutures.await(publisher.publish(event), KafkaOptions.CLI_TIMEOUT, "publish the " + type + " event");
        }
    }
}
