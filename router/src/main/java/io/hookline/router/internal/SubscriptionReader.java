package io.hookline.router.internal;

import io.hookline.common.wire.InvalidRecordException;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Subscription;
import io.hookline.router.RouterMetrics;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the records of the subscriptions topic into {@link Route}s: a valid subscription into
 * its route, a tombstone into a delete. An invalid record (or one whose key is not its id) is
 * counted, logged without its content, and deletes the route of its key: a subscription that
 * does not read is absent, as it is for the dispatcher. Keyless records are dropped.
 */
public final class SubscriptionReader implements FixedKeyProcessor<String, byte[], Route> {
    private static final Logger log = LoggerFactory.getLogger(SubscriptionReader.class);

    private final RouterMetrics metrics;
    private FixedKeyProcessorContext<String, Route> context;

    public SubscriptionReader(RouterMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Route> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        String id = record.key();
        if (record.value() == null) {
            if (id != null) {
                context.forward(record.withValue(null));
            }
            return;
        }
        Route route;
        try {
            route = read(id, record.value());
        } catch (InvalidRecordException e) {
            metrics.subscriptionInvalid();
            RecordMetadata source = context.recordMetadata().orElse(null);
            log.warn("Subscription {} at {} is invalid and routes nothing: {}", LogSafe.printable(id),
                    source == null ? "?" : source.topic() + "-" + source.partition() + "@" + source.offset(),
                    LogSafe.subscriptionReason(e.getMessage()));
            route = null;
        }
        if (id != null) {
            context.forward(record.withValue(route));
        }
    }

    private static Route read(String id, byte[] value) {
        if (id == null) {
            throw new InvalidRecordException("the record has no key; it must be the subscription id");
        }
        Subscription subscription = Json.read(value, Subscription.class);
        if (!subscription.id().equals(id)) {
            throw new InvalidRecordException("the record key '" + LogSafe.printable(id)
                    + "' is not the subscription's id '" + subscription.id() + "'");
        }
        return Route.of(subscription);
    }
}
