package io.hookline.router.internal;

import io.hookline.common.LogSafe;
import io.hookline.common.wire.SubscriptionRecord;
import io.hookline.router.RouterMetrics;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the records of the subscriptions topic into {@link Route}s: a valid subscription into
 * its route, a tombstone into a delete, read by {@link SubscriptionRecord#read} as every reader
 * does. An invalid record (or one whose key is not its id) is counted, logged without its
 * content, and deletes the route of its key: a subscription that does not read is absent, as
 * it is for the dispatcher. Keyless records are dropped.
 */
public final class SubscriptionReader extends ContextualFixedKeyProcessor<String, byte[], Route> {
    private static final Logger log = LoggerFactory.getLogger(SubscriptionReader.class);

    private final RouterMetrics metrics;

    public SubscriptionReader(RouterMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        SubscriptionRecord read = SubscriptionRecord.read(record.key(), record.value());
        if (read == null) {
            if (record.value() != null) {
                metrics.subscriptionInvalid();
                log.warn("Subscription record without key at {} skipped: the key must be the subscription id",
                        where());
            }
            return;
        }
        Route route = null;
        if (read instanceof SubscriptionRecord.Valid valid) {
            route = Route.of(valid.subscription());
        } else if (read instanceof SubscriptionRecord.Invalid invalid) {
            metrics.subscriptionInvalid();
            log.warn("Subscription {} at {} is invalid and routes nothing: {}", LogSafe.printable(read.id()),
                    where(), invalid.reason());
        }
        context().forward(record.withValue(route));
    }

    private String where() {
        RecordMetadata source = context().recordMetadata().orElse(null);
        return source == null ? "?" : source.topic() + "-" + source.partition() + "@" + source.offset();
    }
}
