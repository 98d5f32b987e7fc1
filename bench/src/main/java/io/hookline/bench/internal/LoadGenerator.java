package io.hookline.bench.internal;

import io.hookline.bench.Payload;
import io.hookline.common.HooklineException;
import io.hookline.common.kafka.KafkaClients;
import io.hookline.common.wire.Event;
import io.hookline.common.wire.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a run's events, stamped with their scheduled send time ({@link Stamp}). A burst
 * writes them as fast as the producer takes them; a paced run is open-loop: event {@code n}
 * is scheduled at {@code start + n / rate} whatever happened to the ones before, and carries
 * that time even when the producer made it late, so a latency measured from it includes the
 * queueing (no coordinated omission).
 *
 * <p>Events go either to an events topic as Hookline reads them (key tenant, value Event
 * JSON), or pre-fanned for the baselines: one record per delivery, key the subscription id,
 * value the exact webhook body Hookline would POST.
 */
public final class LoadGenerator implements AutoCloseable {
    public static final String EVENT_TYPE = "bench.event";
    /** About the size of each event, as in the figures of NOTES.md. */
    public static final int EVENT_BYTES = 1024;

    /** How a run's events are written. */
    public enum Shape { EVENTS, PRE_FANNED }

    private final KafkaProducer<String, byte[]> producer;
    private final Payload payload;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Callback onSent = (metadata, e) -> {
        if (e != null) {
            failure.compareAndSet(null, e);
        }
    };

    /** @param payload what fills each event's data after its stamp */
    public LoadGenerator(KafkaClients clients, Payload payload) {
        this.payload = payload;
        Map<String, Object> settings = FreshTopicProducer.settings(clients, "hookline-bench-load");
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        this.producer = new KafkaProducer<>(settings);
    }

    /**
     * Writes {@code run}'s events to {@code topic} and waits until Kafka has them all:
     * at once, or paced when the run has a rate. Returns the epoch millis of the first
     * scheduled send.
     */
    public long write(RunSpec run, String topic, Shape shape) {
        long startNanos = System.nanoTime();
        long startMicros = epochMicros();
        double interval = run.paced() ? 1e9 / run.rate() : 0;
        for (long seq = 0; seq < run.events(); seq++) {
            long scheduledMicros;
            if (run.paced()) {
                long due = startNanos + (long) (seq * interval);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    // a pacer, not a back-off: parkNanos keeps to the sub-millisecond schedule
                    LockSupport.parkNanos(wait);
                }
                scheduledMicros = startMicros + (due - startNanos) / 1_000;
            } else {
                scheduledMicros = epochMicros();
            }
            send(run, topic, shape, seq, scheduledMicros);
            if (failure.get() != null) {
                break;
            }
        }
        producer.flush();
        Exception e = failure.get();
        if (e != null) {
            throw new HooklineException("cannot write the events of run " + run.id() + ": " + e.getMessage(), e);
        }
        return TimeUnit.MICROSECONDS.toMillis(startMicros);
    }

    private void send(RunSpec run, String topic, Shape shape, long seq, long scheduledMicros) {
        Layout layout = run.layout();
        Stamp stamp = new Stamp(run.id(), seq, scheduledMicros);
        Instant scheduled = Instant.ofEpochSecond(scheduledMicros / 1_000_000, (scheduledMicros % 1_000_000) * 1_000);
        Event event = new Event(Layout.eventId(run.id(), seq), EVENT_TYPE, scheduled, layout.tenant(seq),
                stamp.data(EVENT_BYTES, payload));
        if (shape == Shape.EVENTS) {
            producer.send(new ProducerRecord<>(topic, event.tenant(), Json.write(event)), onSent);
        } else {
            byte[] body = event.webhookBody().getBytes(StandardCharsets.UTF_8);
            for (int j = 0; j < layout.fanOut(); j++) {
                String subscription = layout.subscriptionId(layout.endpoint(seq, j));
                producer.send(new ProducerRecord<>(topic, subscription, body), onSent);
            }
        }
    }

    public static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    @Override
    public void close() {
        producer.close();
    }
}
