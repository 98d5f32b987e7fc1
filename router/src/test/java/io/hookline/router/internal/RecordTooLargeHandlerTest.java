package io.hookline.router.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.codahale.metrics.MetricRegistry;
import io.hookline.router.RouterMetrics;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecordTooLargeHandlerTest {
    private static final ErrorHandlerContext CONTEXT = new Context("webhooks.events", 2, 42L, new RecordHeaders(),
            "deliveries-sink", new TaskId(1, 2), 0L, null, null);
    private static final ProducerRecord<byte[], byte[]> DELIVERY = new ProducerRecord<>("webhooks.deliveries",
            "sub_1".getBytes(StandardCharsets.UTF_8), new byte[2_000_000]);

    private final MetricRegistry registry = new MetricRegistry();
    private final RecordTooLargeHandler handler = new RecordTooLargeHandler();
    private final DefaultProductionExceptionHandler kafkaDefault = new DefaultProductionExceptionHandler();

    @BeforeEach
    void configure() {
        configure(handler, StreamsConfig.AT_LEAST_ONCE);
        kafkaDefault.configure(Map.of());
    }

    private void configure(RecordTooLargeHandler handler, String guarantee) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        RecordTooLargeHandler.install(properties, new RouterMetrics(registry));
        handler.configure(properties);
    }

    @Test
    void dropsARecordTooLargeAndCountsIt() {
        var response = handler.handleError(CONTEXT, DELIVERY,
                new RecordTooLargeException("The message is 2000087 bytes when serialized"));

        assertEquals(Result.RESUME, response.result());
        assertEquals(List.of(), response.deadLetterQueueRecords());
        assertEquals(1, registry.counter(RouterMetrics.RECORDS_TOO_LARGE).getCount());
    }

    @Test
    void failsOnARecordTooLargeUnderExactlyOnceWhereItCannotBeDropped() {
        RecordTooLargeHandler exactlyOnce = new RecordTooLargeHandler();
        configure(exactlyOnce, StreamsConfig.EXACTLY_ONCE_V2);

        var response = exactlyOnce.handleError(CONTEXT, DELIVERY, new RecordTooLargeException("too large"));

        assertEquals(Result.FAIL, response.result());
        assertEquals(1, registry.counter(RouterMetrics.RECORDS_TOO_LARGE).getCount(), "still counted");
    }

    @Test
    void leavesEveryOtherErrorToKafkaStreamsDefault() {
        for (Exception error : List.of(new KafkaException("the broker said no"), new TimeoutException("slow"))) {
            var response = handler.handleError(CONTEXT, DELIVERY, error);

            assertEquals(kafkaDefault.handleError(CONTEXT, DELIVERY, error).result(), response.result(),
                    error.toString());
        }
        assertEquals(Result.FAIL, handler.handleError(CONTEXT, DELIVERY, new KafkaException("no")).result());
        assertEquals(0, registry.counter(RouterMetrics.RECORDS_TOO_LARGE).getCount());
    }

    @Test
    void isInstalledUnlessAnotherHandlerIsSet() {
        RouterMetrics metrics = new RouterMetrics(registry);
        Map<String, Object> properties = new HashMap<>();
        RecordTooLargeHandler.install(properties, metrics);
        assertEquals(RecordTooLargeHandler.class, properties.get(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG));
        assertSame(metrics, properties.get(RecordTooLargeHandler.METRICS_CONFIG));
        // and Kafka Streams creates it from there, with the metrics
        RecordTooLargeHandler created = (RecordTooLargeHandler) new StreamsConfig(withRequired(properties))
                .productionExceptionHandler();
        created.handleError(CONTEXT, DELIVERY, new RecordTooLargeException("too large"));
        assertEquals(1, registry.counter(RouterMetrics.RECORDS_TOO_LARGE).getCount());

        Map<String, Object> userChoice = new HashMap<>(Map.of(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DefaultProductionExceptionHandler.class));
        RecordTooLargeHandler.install(userChoice, metrics);
        assertEquals(DefaultProductionExceptionHandler.class,
                userChoice.get(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG));
    }

    @Test
    void refusesToRunWithoutTheRoutersMetrics() {
        assertThrows(ConfigException.class, () -> new RecordTooLargeHandler().configure(Map.of()));
    }

    private static Map<String, Object> withRequired(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put(StreamsConfig.APPLICATION_ID_CONFIG, "router-test");
        all.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        return all;
    }

    private record Context(String topic, int partition, long offset, Headers headers, String processorNodeId,
                           TaskId taskId, long timestamp, byte[] sourceRawKey, byte[] sourceRawValue)
            implements ErrorHandlerContext {
    }
}
