package io.hookline.bench.internal;

import io.hookline.common.HooklineException;
import io.hookline.common.kafka.KafkaClients;
import io.hookline.common.wire.Event;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Asks a running router whether it routes to some subscriptions yet, the only way that holds
 * for routers in other processes: sends a probe event to each of their tenants every 100 ms
 * until the deliveries topic (read-committed) holds a delivery for every one of them. Probe
 * events are stamped as run 0, which no run has: the receiver answers them without counting.
 */
final class RoutingProbe {
    private static final Duration EVERY = Duration.ofMillis(100);

    private RoutingProbe() {
    }

    /**
     * @param since   System.nanoTime() to measure from
     * @param tenantBySubscription the subscriptions to wait for, each with its tenant
     * @return seconds from {@code since} until a delivery to every one of the subscriptions was written,
     *     or null if that did not happen within {@code timeout} of {@code since}
     */
    static Double await(KafkaClients clients, KafkaProducer<String, byte[]> producer, Topics topics,
                        Map<String, String> tenantBySubscription, long since, Duration timeout) {
        Set<String> missing = ConcurrentHashMap.newKeySet();
        missing.addAll(tenantBySubscription.keySet());
        CompletableFuture<Long> routed = new CompletableFuture<>();
        try (TopicTail tail = new TopicTail(clients, topics.deliveries().name(), record -> {
            if (missing.remove(record.key()) && missing.isEmpty()) {
                routed.complete(System.nanoTime());
            }
        })) {
            for (long seq = 0; !routed.isDone() && System.nanoTime() - since < timeout.toNanos(); seq++) {
                // only tenants still missing a subscription: every probe is a delivery to each of its tenant's
                Set<String> tenants = new TreeSet<>();
                missing.forEach(id -> tenants.add(tenantBySubscription.get(id)));
                for (String tenant : tenants) {
                    Event event = new Event("probe-" + tenant + "-" + seq, LoadGenerator.EVENT_TYPE, Instant.now(),
                            tenant, new Stamp(0, seq, LoadGenerator.epochMicros()).data(LoadGenerator.EVENT_BYTES));
                    producer.send(new ProducerRecord<>(topics.events().name(), tenant, Json.write(event)));
                }
                try {
                    routed.get(EVERY.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // not yet: probe again
                } catch (ExecutionException e) {
                    throw new IllegalStateException("only ever completed with a value", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new HooklineException("interrupted while probing the router", e);
                }
            }
        }
        return routed.isDone() ? (routed.join() - since) / 1e9 : null;
    }
}
