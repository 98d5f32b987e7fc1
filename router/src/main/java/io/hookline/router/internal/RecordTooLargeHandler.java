package io.hookline.router.internal;

import io.hookline.common.LogSafe;
import io.hookline.router.RouterMetrics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles a record Kafka refuses as too large: logs it, naming its topic and key, counts it and,
 * where that is possible, drops it instead of failing the stream thread. Failing would not help:
 * the same input produces the same record after every restart, until the router stops for good.
 * Every other error, and every serialization error, gets Kafka Streams' default handling.
 *
 * <p>Dropping is only possible without exactly-once. A transactional producer puts its
 * transaction in an error state after any failed send, too large records included, so the
 * commit fails whatever this handler answers; under exactly-once it answers FAIL, so that Kafka
 * Streams reports the real cause rather than a failed commit. What keeps records from getting
 * too large there is {@code router.max.event.bytes}, which the router checks against the
 * producer's {@code max.request.size} at startup.
 *
 * <p>Kafka Streams creates it from its configuration; {@link #install} puts it there together
 * with the metrics it counts into.
 */
public final class RecordTooLargeHandler extends DefaultProductionExceptionHandler {
    /** Configuration entry holding the {@link RouterMetrics} object, not a string. */
    public static final String METRICS_CONFIG = "hookline.router.metrics";

    private static final Logger log = LoggerFactory.getLogger(RecordTooLargeHandler.class);

    private RouterMetrics metrics;
    private boolean transactional;

    /**
     * Sets this handler in Kafka Streams {@code properties}, unless they name another one (a
     * {@code kafka.*} setting), and the {@code metrics} it counts into.
     */
    @SuppressWarnings("deprecation") // a handler set with the deprecated key is still the user's choice
    public static void install(Map<String, Object> properties, RouterMetrics metrics) {
        if (!properties.containsKey(StreamsConfig.DEFAULT_PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG)) {
            properties.putIfAbsent(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                    RecordTooLargeHandler.class);
        }
        properties.put(METRICS_CONFIG, metrics);
    }

    @Override
    public void configure(Map<String, ?> configs) {
        if (!(configs.get(METRICS_CONFIG) instanceof RouterMetrics routerMetrics)) {
            throw new ConfigException(METRICS_CONFIG, configs.get(METRICS_CONFIG),
                    "must be the router's metrics; set it with RecordTooLargeHandler.install");
        }
        this.metrics = routerMetrics;
        Object guarantee = configs.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
        this.transactional = guarantee != null && !StreamsConfig.AT_LEAST_ONCE.equals(guarantee.toString());
        super.configure(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                Exception exception) {
        if (exception instanceof RecordTooLargeException) {
            metrics.recordTooLarge();
            log.error("Kafka refused a record to {} with key {} as too large ({}); {}. Lower router.max.event.bytes "
                            + "or raise the producer's max.request.size and the topic's max.message.bytes.",
                    record.topic(), key(record), exception.getMessage(), transactional
                            ? "the transaction cannot go on without it, so the stream thread fails"
                            : "it is dropped");
            return transactional ? Response.fail() : Response.resume();
        }
        return super.handleError(context, record, exception);
    }

    private static String key(ProducerRecord<byte[], byte[]> record) {
        return record.key() == null ? "(none)" : LogSafe.printable(new String(record.key(), StandardCharsets.UTF_8));
    }
}
