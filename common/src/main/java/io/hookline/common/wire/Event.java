package io.hookline.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * What producers write to {@code webhooks.events}. Only {@code type} and {@code data} are
 * required; the router fills in a missing id (from the record's coordinates), timestamp
 * (the record timestamp) and tenant (the key, else {@code default}).
 *
 * @param data the event's data as JSON text, kept verbatim
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Event(String id, String type, Instant timestamp, String tenant,
                    @JsonRawValue @JsonDeserialize(using = RawJsonDeserializer.class) String data) {

    public static final String DEFAULT_TENANT = "default";

    public Event {
        if (id != null) {
            Checks.name(id, "id");
        }
        EventTypePattern.requireValidType(type);
        if (tenant != null) {
            Checks.name(tenant, "tenant");
        }
        Checks.required(data, "data");
    }

    /**
     * An event of Hookline's own, telling operators what went wrong (an operator event of
     * DESIGN.md): a fresh id, {@code data} written as JSON, under the ops tenant.
     */
    public static Event operator(String type, String opsTenant, Map<String, ?> data, Instant at) {
        return new Event("evt_ops_" + UUID.randomUUID().toString().replace("-", ""), type, at, opsTenant,
                Json.writeString(data));
    }

    /** This event with every optional field filled in, for routing. */
    public Event withDefaults(String defaultId, Instant defaultTimestamp, String defaultTenant) {
        return new Event(id != null ? id : defaultId,
                type,
                timestamp != null ? timestamp : defaultTimestamp,
                tenant != null ? tenant : defaultTenant,
                data);
    }

    /** The Standard Webhooks payload POSTed to endpoints: id, type, timestamp and data. */
    public String webhookBody() {
        return Json.writeString(new WebhookPayload(id, type, timestamp, data));
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record WebhookPayload(String id, String type, Instant timestamp, @JsonRawValue String data) {
    }
}
