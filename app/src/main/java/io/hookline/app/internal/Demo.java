package io.hookline.app.internal;

import io.hookline.common.config.HooklineConfig;
import io.hookline.common.kafka.KafkaClients;
import io.hookline.common.net.HostResolver;
import io.hookline.common.net.UrlGuard;
import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.wire.Event;
import io.hookline.common.wire.Subscription;
import io.hookline.ingest.EventPublisher;
import java.io.PrintStream;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What {@code standalone --demo} adds: a local receiver that verifies signatures, a demo
 * subscription pointing at it, and a stream of demo events, so a new user sees the whole
 * path (event → router → dispatcher → signed POST) on one screen.
 */
public final class Demo implements AutoCloseable {
    public static final String SUBSCRIPTION_ID = "demo-orders";
    public static final String TENANT = "demo";
    private static final List<String> TYPES = List.of("order.created", "order.paid", "order.shipped");

    private final DemoReceiver receiver;
    private final EventPublisher publisher;
    private final ScheduledExecutorService sender;

    private Demo(DemoReceiver receiver, EventPublisher publisher, ScheduledExecutorService sender) {
        this.receiver = receiver;
        this.publisher = publisher;
        this.sender = sender;
    }

    public static Demo start(HooklineConfig config, String host, long intervalMillis, PrintStream out) {
        KafkaClients clients = config.kafkaClients();
        WebhookSecret secret;
        // The receiver is on this machine: the config of a standalone allows loopback and plain http.
        try (SubscriptionAdmin admin = new SubscriptionAdmin(clients, config.topics(),
                new UrlGuard(config.egressPolicy(), HostResolver.SYSTEM))) {
            // Keep the secret of an earlier run: a receiver's secret should not change under it.
            secret = existingSecret(admin).orElseGet(WebhookSecret::generate);
            DemoReceiver receiver = DemoReceiver.start(host, 0, List.of(secret), out);
            try {
                admin.put(new Subscription(SUBSCRIPTION_ID, TENANT, URI.create(receiver.url("/webhooks/orders")),
                        List.of("order.*"), List.of(secret), Map.of("X-Demo", "hookline"), true, null,
                        "created by hookline standalone --demo", Subscription.VERSION));
                out.println("Demo       receiver " + receiver.url("/webhooks/orders") + "; subscription " + SUBSCRIPTION_ID
                        + " (tenant " + TENANT + ", order.*); sending an event every " + intervalMillis + " ms");
                EventPublisher publisher = EventPublisher.create(clients, config.topics());
                ScheduledExecutorService sender = sendEvery(intervalMillis, publisher, out);
                return new Demo(receiver, publisher, sender);
            } catch (RuntimeException e) {
                receiver.close();
                throw e;
            }
        }
    }

    /** Publishes order events in turn, one every {@code intervalMillis}, and prints each as sent. */
    private static ScheduledExecutorService sendEvery(long intervalMillis, EventPublisher publisher, PrintStream out) {
        ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-events");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger sequence = new AtomicInteger();
        sender.scheduleWithFixedDelay(() -> {
            int n = sequence.incrementAndGet();
            String type = TYPES.get((n - 1) % TYPES.size());
            Event event = new Event(null, type, Instant.now(), TENANT, "{\"orderId\":" + n + ",\"amount\":"
                    + (n * 7 % 100 + 10) + ".50,\"currency\":\"EUR\"}");
            publisher.publish(event).whenComplete((sent, error) -> {
                if (error != null) {
                    out.println("  -> could not send demo event: " + error.getMessage());
                } else {
                    out.println("  -> sent " + type + " #" + n + " (partition " + sent.partition() + ", offset "
                            + sent.offset() + ")");
                }
            });
        }, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        return sender;
    }

    private static Optional<WebhookSecret> existingSecret(SubscriptionAdmin admin) {
        return admin.get(SUBSCRIPTION_ID)
                .filter(SubscriptionAdmin.Entry::valid)
                .map(entry -> entry.subscription().secrets().get(0));
    }

    public long verified() {
        return receiver.verified();
    }

    public long rejected() {
        return receiver.rejected();
    }

    @Override
    public void close() {
        sender.shutdownNow();
        publisher.close();
        receiver.close();
    }
}
