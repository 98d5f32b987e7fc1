package io.hookline.app.internal;

import io.hookline.app.internal.DemoResponder.Behaviour;
import io.hookline.common.config.HooklineConfig;
import io.hookline.common.kafka.KafkaClients;
import io.hookline.common.net.HostResolver;
import io.hookline.common.net.UrlGuard;
import io.hookline.common.retry.RetrySchedule;
import io.hookline.common.secrets.SecretOpener;
import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.wire.Event;
import io.hookline.common.wire.InvalidRecordException;
import io.hookline.common.wire.Subscription;
import io.hookline.common.wire.Topics;
import io.hookline.ingest.EventPublisher;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * What {@code standalone --demo} adds: a local receiver that verifies signatures, three demo
 * subscriptions pointing at it, and a stream of demo events, so a new user sees the whole path
 * (event → router → dispatcher → signed POST) on one screen, failures included:
 * <ul>
 *   <li>{@value #SUBSCRIPTION_ID} gets every event and accepts it;</li>
 *   <li>{@value #FLAKY_SUBSCRIPTION_ID} gets one event in five and answers 503 to its first
 *       attempt: the dispatcher retries it after {@code retry.schedule}'s first delay and it
 *       is delivered then;</li>
 *   <li>{@value #GONE_SUBSCRIPTION_ID} gets another one in five and answers 410 Gone: the
 *       dispatcher dead-letters it, and the demo shows the letter as read from the dead-letter
 *       topic.</li>
 * </ul>
 * An operator subscription, {@value #OPS_SUBSCRIPTION_ID} of tenant {@code ops.tenant}, gets
 * Hookline's own {@code delivery.dead_lettered} events on the same receiver, so the demo shows
 * operators being told of the 410 endpoint's dead letters, signed like any webhook.
 * Every line of the timeline starts with the time, so the delays are there to read.
 */
public record Demo(Started started, DemoReceiver receiver, DeadLetterWatcher deadLetters) implements AutoCloseable {
    public static final String TENANT = "demo";
    public static final String SUBSCRIPTION_ID = "demo-orders";
    public static final String FLAKY_SUBSCRIPTION_ID = "demo-flaky";
    public static final String GONE_SUBSCRIPTION_ID = "demo-gone";
    public static final String OPS_SUBSCRIPTION_ID = "demo-ops";
    private static final String OPS_EVENT_TYPE = "delivery.dead_lettered";
    private static final String OPS_PATH = "/webhooks/ops";
    /**
     * Sent in turn. Each failing endpoint subscribes to one type of the five, so that its few
     * lines stand out among the deliveries that just work.
     */
    private static final List<String> TYPES = List.of("order.created", "order.paid", "order.shipped",
            "order.delivered", "order.cancelled");

    /** A demo subscription and how its endpoint on the receiver answers. */
    private record DemoSubscription(String id, String eventType, String path, Behaviour behaviour, String says) {
    }

    private static final List<DemoSubscription> SUBSCRIPTIONS = List.of(
            new DemoSubscription(SUBSCRIPTION_ID, "order.*", "/webhooks/orders", Behaviour.ACCEPT,
                    "accepts every delivery"),
            new DemoSubscription(FLAKY_SUBSCRIPTION_ID, "order.paid", "/webhooks/flaky", Behaviour.FAIL_FIRST_ATTEMPT,
                    "answers 503 to each first attempt"),
            new DemoSubscription(GONE_SUBSCRIPTION_ID, "order.cancelled", "/webhooks/gone", Behaviour.GONE,
                    "answers 410 Gone"));

    /**
     * What the demo saw so far.
     *
     * @param delivered           requests the receiver verified and accepted
     * @param deliveredAfterRetry of those, accepted on a later attempt than their first
     * @param rejected            requests whose signature did not verify
     * @param deadLetters         dead letters of the demo's subscriptions read from the dead-letter topic
     * @param operatorEvents      operator events the receiver verified and accepted
     */
    public record Totals(long delivered, long deliveredAfterRetry, long rejected, long deadLetters,
                         long operatorEvents) {
        /** For the last line of the run. */
        public String summary() {
            return "the demo receiver accepted " + delivered + " deliveries (" + deliveredAfterRetry
                    + " after a retry), rejected " + rejected + ", and " + deadLetters + " were dead-lettered; "
                    + "operators were told " + operatorEvents + " time(s)";
        }
    }

    /**
     * Starts the receiver, publishes the demo subscriptions and sends an event every
     * {@code intervalMillis} once the router routes to all of them.
     */
    public static Demo start(Standalone standalone, String host, long intervalMillis, PrintStream out) {
        HooklineConfig config = standalone.config();
        KafkaClients clients = config.kafkaClients();
        Topics topics = config.topics();
        DemoConsole console = new DemoConsole(out, Clock.systemDefaultZone());
        Started started = new Started("the demo did not stop cleanly");
        // The receiver is on this machine: the config of a standalone allows loopback and plain http.
        try (SubscriptionAdmin admin = new SubscriptionAdmin(clients, topics,
                new UrlGuard(config.egressPolicy(), HostResolver.SYSTEM))) {
            Map<String, SubscriptionAdmin.Entry> existing = admin.readAll();
            Map<String, List<WebhookSecret>> secrets = SUBSCRIPTIONS.stream()
                    .collect(Collectors.toMap(DemoSubscription::id,
                            s -> secrets(existing, s.id(), standalone.privateKeys())));
            List<WebhookSecret> opsSecrets = secrets(existing, OPS_SUBSCRIPTION_ID, standalone.privateKeys());
            List<DemoReceiver.Endpoint> endpoints = new ArrayList<>(SUBSCRIPTIONS.stream()
                    .map(s -> new DemoReceiver.Endpoint(s.id(), s.path(), s.behaviour(), secrets.get(s.id())))
                    .toList());
            endpoints.add(new DemoReceiver.Endpoint(OPS_SUBSCRIPTION_ID, OPS_PATH, Behaviour.ACCEPT, opsSecrets));
            DemoReceiver receiver = started.add(DemoReceiver.start(host, 0, endpoints, console));
            // Before any event is sent, so that no dead letter of this run is missed.
            DeadLetterWatcher deadLetters = started.add(DeadLetterWatcher.start(clients, topics.deadLetter().name(),
                    TENANT, console));
            for (DemoSubscription s : SUBSCRIPTIONS) {
                admin.put(new Subscription(s.id(), TENANT, URI.create(receiver.url(s.path())), List.of(s.eventType()),
                        secrets.get(s.id()), Map.of("X-Demo", "hookline"), true, null,
                        "created by hookline standalone --demo: " + s.says(), Subscription.VERSION));
            }
            String opsTenant = config.opsTenant();
            admin.put(new Subscription(OPS_SUBSCRIPTION_ID, opsTenant, URI.create(receiver.url(OPS_PATH)),
                    List.of(OPS_EVENT_TYPE), opsSecrets, Map.of(), true, null,
                    "created by hookline standalone --demo: operators told of dead letters", Subscription.VERSION));
            printHeading(console, receiver, config, topics, intervalMillis);
            EventPublisher publisher = started.add(EventPublisher.create(clients, topics));
            started.add(sendEvery(intervalMillis, publisher,
                    () -> standalone.routedSubscriptionIds(TENANT).containsAll(secrets.keySet())
                            && standalone.routedSubscriptionIds(opsTenant).contains(OPS_SUBSCRIPTION_ID),
                    console)::shutdownNow);
            return new Demo(started, receiver, deadLetters);
        } catch (RuntimeException e) {
            started.closeAfter(e);
            throw e;
        }
    }

    /**
     * Keeps the secrets of an earlier run, opened with the standalone's private keys: a
     * receiver's secret should not change under it.
     */
    private static List<WebhookSecret> secrets(Map<String, SubscriptionAdmin.Entry> existing, String id,
                                               SecretOpener opener) {
        SubscriptionAdmin.Entry entry = existing.get(id);
        if (entry != null && entry.valid()) {
            try {
                return entry.subscription().open(opener).signingSecrets();
            } catch (InvalidRecordException e) {
                // sealed to keys this data directory no longer has: new secrets, published again below
            }
        }
        return List.of(WebhookSecret.generate());
    }

    private static void printHeading(DemoConsole console, DemoReceiver receiver, HooklineConfig config,
                                     Topics topics, long intervalMillis) {
        RetrySchedule schedule = config.retrySchedule();
        console.plain("Demo       a receiver on " + receiver.url("/") + " verifies every signature; subscriptions of "
                + "tenant " + TENANT + ":");
        for (DemoSubscription s : SUBSCRIPTIONS) {
            String then = switch (s.behaviour()) {
                case ACCEPT -> "";
                case FAIL_FIRST_ATTEMPT -> ": retried after " + Topics.delayName(schedule.delays().get(0))
                        + " ± " + Math.round(schedule.jitter() * 100) + " % (retry.schedule), then delivered";
                case GONE -> ": dead-lettered (☠ lines are read from " + topics.deadLetter().name() + ")";
            };
            console.plain(String.format("             %-12s %-16s → %-17s %s%s", s.id(), s.eventType(), s.path(),
                    s.says(), then));
        }
        console.plain(String.format("           operators (tenant %s): %s %s → %s: ⚑ lines", config.opsTenant(),
                OPS_SUBSCRIPTION_ID, OPS_EVENT_TYPE, OPS_PATH));
        console.plain("           an event every " + intervalMillis + " ms: " + String.join(", ", TYPES) + " in turn");
    }

    /**
     * Publishes order events in turn, one every {@code intervalMillis}, and prints each as sent.
     * Not before {@code routed} says the router routes to every demo subscription: a
     * subscription takes effect when the router has seen it, and an event sent a moment
     * earlier would miss it (docs/decisions.md).
     */
    private static ScheduledExecutorService sendEvery(long intervalMillis, EventPublisher publisher,
                                                      BooleanSupplier routed, DemoConsole console) {
        ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-events");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger sequence = new AtomicInteger();
        // The sender thread's alone: whether events are sent yet, and whether waiting was shown.
        AtomicBoolean sending = new AtomicBoolean();
        AtomicBoolean waitShown = new AtomicBoolean();
        sender.scheduleWithFixedDelay(() -> {
            if (!sending.get()) {
                if (!routed.getAsBoolean()) {
                    if (!waitShown.getAndSet(true)) {
                        console.line("… waiting until the router routes to the demo subscriptions");
                    }
                    return; // the next tick looks again
                }
                sending.set(true);
            }
            int n = sequence.incrementAndGet();
            String type = TYPES.get((n - 1) % TYPES.size());
            Event event = new Event(null, type, Instant.now(), TENANT, "{\"orderId\":" + n + ",\"amount\":"
                    + (n * 7 % 100 + 10) + ".50,\"currency\":\"EUR\"}");
            publisher.publish(event).whenComplete((sent, error) -> {
                if (error != null) {
                    console.line("→ could not send demo event " + type + " #" + n + ": " + error.getMessage());
                } else {
                    console.line(DemoLines.sent(type, n, sent.partition(), sent.offset()));
                }
            });
        }, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        return sender;
    }

    /** What the demo saw so far, counted since it started. */
    public Totals totals() {
        return new Totals(receiver.delivered(), receiver.retriedDelivered(), receiver.rejected(), deadLetters.seen(),
                receiver.operatorEvents());
    }

    @Override
    public void close() {
        started.close();
    }
}
