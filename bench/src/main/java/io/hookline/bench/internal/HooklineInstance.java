package io.hookline.bench.internal;

import com.codahale.metrics.Counting;
import com.codahale.metrics.MetricRegistry;
import io.hookline.common.Stage;
import io.hookline.common.config.HooklineConfig;
import io.hookline.common.kafka.KafkaClients;
import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Subscription;
import io.hookline.common.wire.Topics;
import io.hookline.dispatcher.Dispatcher;
import io.hookline.dispatcher.DispatcherConfig;
import io.hookline.router.Router;
import io.hookline.router.RouterConfig;
import io.hookline.testkit.TestTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Hookline as a user runs it, in this JVM: the router ({@link Router#create}) and, unless
 * only the router is measured, the dispatcher ({@link Dispatcher}), on their own topic
 * prefix with every topic created as {@code topics create} would, and one subscription per
 * endpoint of each layout published before they start.
 *
 * <p>Bench settings, all stated in the report: loopback and plain http allowed (the receiver
 * is local), {@code retry.schedule=1s} and {@code maxAttempts=2} on every subscription (so a
 * failing endpoint's deliveries reach the dead-letter topic within the run), and the
 * request timeout the scenario chose. Everything else is Hookline's default.
 */
public final class HooklineInstance implements Contender {
    public static final String RETRY_SCHEDULE = "1s";
    public static final int MAX_ATTEMPTS = 2;
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    /**
     * The dispatcher's counters a run reports (docs/metrics.md): what it delivered, what waited in
     * memory for a place at its endpoint, what it diverted to a retry tier unattempted, attempts
     * that failed and will be tried again, retries queued, attempts failed fast on an open
     * circuit, attempts not worth another try, and what it dead-lettered.
     */
    static final List<String> COUNTERS = List.of("dispatcher.delivered", "dispatcher.waited", "dispatcher.diverted",
            "dispatcher.retry.pending", "dispatcher.retries.scheduled", "dispatcher.circuit.rejected",
            "dispatcher.failed", "dispatcher.dead.lettered");

    private final Topics topics;
    private final List<Layout> layouts;
    private final RouterConfig routerConfig;
    private Router router;
    private final Dispatcher dispatcher;
    private final MetricRegistry metrics;

    private HooklineInstance(RouterConfig routerConfig, Topics topics, List<Layout> layouts, Router router,
                             Dispatcher dispatcher, MetricRegistry metrics) {
        this.metrics = metrics;
        this.routerConfig = routerConfig;
        this.topics = topics;
        this.layouts = layouts;
        this.router = router;
        this.dispatcher = dispatcher;
    }

    /**
     * Creates the topics of {@code prefix}, publishes the subscriptions of {@code layouts}
     * (endpoint {@code i}'s at {@code urls.apply(i)}) and builds the stages, not started.
     *
     * @param withDispatcher false to measure the router alone
     * @param requestTimeout the dispatcher's http.request.timeout
     * @param overrides      Hookline settings applied after the bench's own ({@code hookline bench --set})
     */
    public static HooklineInstance create(String bootstrap, String prefix, int partitions, Path stateDir,
                                          List<Layout> layouts, IntFunction<String> urls, WebhookSecret secret,
                                          boolean withDispatcher, Duration requestTimeout,
                                          Map<String, String> overrides) {
        Map<String, Object> settings = prepare(bootstrap, prefix, partitions, stateDir, layouts, urls, secret,
                requestTimeout, overrides);
        RouterConfig routerConfig = new RouterConfig(settings);
        Topics topics = routerConfig.topics();
        Router router = Router.create(routerConfig, new MetricRegistry());
        Dispatcher dispatcher = null;
        MetricRegistry dispatcherMetrics = new MetricRegistry();
        if (withDispatcher) {
            try {
                dispatcher = new Dispatcher(new DispatcherConfig(settings), dispatcherMetrics);
            } catch (RuntimeException e) {
                router.close();
                throw e;
            }
        }
        return new HooklineInstance(routerConfig, topics, List.copyOf(layouts), router, dispatcher, dispatcherMetrics);
    }

    /**
     * The bench's settings of a Hookline on {@code prefix}, with its topics created and the
     * subscriptions of {@code layouts} published: what {@link #create} builds its stages from,
     * and what a scaled-out Hookline's processes read.
     */
    public static Map<String, Object> prepare(String bootstrap, String prefix, int partitions, Path stateDir,
                                              List<Layout> layouts, IntFunction<String> urls, WebhookSecret secret,
                                              Duration requestTimeout, Map<String, String> overrides) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(HooklineConfig.BOOTSTRAP_SERVERS, bootstrap);
        settings.put(HooklineConfig.TOPIC_PREFIX, prefix);
        settings.put(HooklineConfig.RETRY_SCHEDULE, RETRY_SCHEDULE);
        settings.put(HooklineConfig.HTTP_ALLOW_PLAIN, "true");
        settings.put(HooklineConfig.HTTP_ALLOW_LOOPBACK, "true");
        settings.put(RouterConfig.APPLICATION_ID, prefix + "-router");
        settings.put(RouterConfig.STATE_DIR, stateDir.toString());
        settings.put(DispatcherConfig.GROUP_ID, prefix + "-dispatcher");
        settings.put(DispatcherConfig.HTTP_REQUEST_TIMEOUT, requestTimeout.toMillis() + "ms");
        settings.putAll(overrides); // hookline bench --set
        RouterConfig routerConfig = new RouterConfig(settings);
        Topics topics = routerConfig.topics();
        TestTopics.createAll(bootstrap, topics, partitions, routerConfig.retrySchedule().distinctDelays());
        publish(routerConfig.kafkaClients(), topics, layouts, urls, secret);
        return settings;
    }

    private static void publish(KafkaClients clients, Topics topics, List<Layout> layouts, IntFunction<String> urls,
                                WebhookSecret secret) {
        try (FreshTopicProducer producer = new FreshTopicProducer(clients, "bench-subscriptions",
                "the bench's subscriptions")) {
            for (Layout layout : layouts) {
                for (int i = 0; i < layout.endpoints(); i++) {
                    Subscription subscription = new Subscription(layout.subscriptionId(i),
                            layout.tenantName(layout.tenantOf(i)), Subscription.parseUrl(urls.apply(i)),
                            List.of(LoadGenerator.EVENT_TYPE), List.of(secret), Map.of(), true, MAX_ATTEMPTS,
                            "hookline bench", Subscription.VERSION);
                    producer.send(topics.subscriptions().name(), subscription.id(), Json.write(subscription));
                }
            }
            producer.flush();
        }
    }

    public Topics topics() {
        return topics;
    }

    /** Starts the stages and waits until they run and the router routes to every subscription. */
    @Override
    public void start() {
        router.start();
        if (dispatcher != null) {
            dispatcher.start();
        }
        Await.until(() -> {
            failure().ifPresent(e -> {
                throw new io.hookline.common.HooklineException("Hookline failed to start: " + e.getMessage());
            });
            return router.isRunning() && (dispatcher == null || dispatcher.isRunning()) && routesEverything();
        }, READY_TIMEOUT, () -> "the router and dispatcher to start and load the subscriptions (" + readiness() + ")");
    }

    /** Where the start stands: the router's state and routes, the dispatcher's readiness. */
    private String readiness() {
        StringBuilder text = new StringBuilder("router ").append(router.state())
                .append(router.isRunning() ? ", running" : ", not running yet");
        for (Layout layout : layouts) {
            text.append(", ").append(tenantsRoutedInFull(layout)).append(" of ").append(layout.tenants())
                    .append(" tenants at fan-out ").append(layout.fanOut()).append(" routed to in full");
        }
        if (dispatcher != null) {
            text.append("; dispatcher: ").append(dispatcher.readiness());
        }
        return text.toString();
    }

    /** Stops the router (only the router), keeping its state: events written now wait for {@link #restartRouter()}. */
    public void stopRouter() {
        router.close();
    }

    /** A new router on the same application id and state, started and running. */
    public void restartRouter() {
        router = Router.create(routerConfig, new MetricRegistry());
        router.start();
        Await.until(() -> router.isRunning() && routesEverything(), READY_TIMEOUT,
                () -> "the router to start again (" + readiness() + ")");
    }

    /** Pauses the router ({@link Router#pause()}): events written now wait for {@link #releaseInput()}. */
    @Override
    public boolean holdInput() {
        router.pause();
        return true;
    }

    @Override
    public void releaseInput() {
        router.resume();
    }

    /** How many subscriptions of {@code tenant} the router routes to now, from its state. */
    public int routes(String tenant) {
        return router.routedSubscriptionIds(tenant).size();
    }

    private boolean routesEverything() {
        return layouts.stream().allMatch(layout -> tenantsRoutedInFull(layout) == layout.tenants());
    }

    /** How many of {@code layout}'s tenants the router routes to all of their subscriptions. */
    private int tenantsRoutedInFull(Layout layout) {
        int routed = 0;
        for (int t = 0; t < layout.tenants(); t++) {
            if (router.routedSubscriptionIds(layout.tenantName(t)).size() == layout.fanOut()) {
                routed++;
            }
        }
        return routed;
    }

    /** The dispatcher's {@link #COUNTERS} now; none when only the router runs. */
    @Override
    public Map<String, Long> counters() {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (dispatcher != null) {
            for (String name : COUNTERS) {
                if (metrics.getMetrics().get(name) instanceof Counting counting) {
                    counts.put(name, counting.getCount());
                }
            }
        }
        return counts;
    }

    @Override
    public Optional<Throwable> failure() {
        return Stage.firstFailure(router, dispatcher);
    }

    @Override
    public void close() {
        if (dispatcher != null) {
            dispatcher.close();
        }
        router.close();
    }
}
