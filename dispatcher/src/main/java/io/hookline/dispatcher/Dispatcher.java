package io.hookline.dispatcher;

import com.codahale.metrics.MetricRegistry;
import io.hookline.common.Stage;
import io.hookline.common.kafka.KafkaClients;
import io.hookline.common.kafka.TopicDescriber;
import io.hookline.common.lifecycle.DaemonThreads;
import io.hookline.common.lifecycle.LoopRunner;
import io.hookline.common.lifecycle.LoopState;
import io.hookline.common.secrets.PrivateKeys;
import io.hookline.common.secrets.SecretOpener;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Topics;
import io.hookline.dispatcher.http.AsyncWebhookClient;
import io.hookline.dispatcher.internal.ConsumedTopics;
import io.hookline.dispatcher.internal.DeadLetterDigest;
import io.hookline.dispatcher.internal.DeliveryLoop;
import io.hookline.dispatcher.internal.DeliveryProcessor;
import io.hookline.dispatcher.internal.DispatcherMetrics;
import io.hookline.dispatcher.internal.EndpointCircuits;
import io.hookline.dispatcher.internal.EndpointHealth;
import io.hookline.dispatcher.internal.EndpointHealthStore;
import io.hookline.dispatcher.internal.EndpointLimiter;
import io.hookline.dispatcher.internal.InFlightDeliveries;
import io.hookline.dispatcher.internal.OpsNotifier;
import io.hookline.dispatcher.internal.OutcomeWriter;
import io.hookline.dispatcher.internal.ResponseClassifier;
import io.hookline.dispatcher.internal.RetryPlanner;
import io.hookline.dispatcher.internal.SubscriptionReplica;
import io.hookline.dispatcher.internal.Version;
import io.hookline.dispatcher.internal.WebhookRequestFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher stage: consumes {@code <prefix>.deliveries} in a consumer group, signs each
 * delivery for its subscription as it is now and POSTs it, records every attempt in
 * {@code <prefix>.attempts}, and dead-letters deliveries whose subscription is deleted,
 * disabled, invalid or now another tenant's, and those whose endpoint answered 410 Gone.
 *
 * <p>Delivery is at least once: an offset is committed only once its delivery's outcome is
 * final and recorded ({@link DeliveryLoop}). This class only wires the parts and runs their
 * life: the {@link SubscriptionReplica} and the delivery loop each run on a
 * {@link LoopRunner}; {@link DeliveryProcessor} takes each record to its outcome; outcomes are
 * recorded on a few threads of the dispatcher's own, never on the HTTP client's I/O threads,
 * which a blocking {@code producer.send} would stall.
 *
 * <p>{@link #start()} starts both loops; {@link #close()} stops polling, waits up to
 * {@code dispatcher.shutdown.timeout} for deliveries in flight, commits what finished and
 * closes every client. A dispatcher runs once.
 */
public final class Dispatcher implements Stage {
    /**
     * How long the broker may hold the delivery loop's fetch when it has nothing new (Kafka's
     * default: 500 ms). The loop pauses and resumes partitions all the time (retries not yet
     * due, retries read before new deliveries, the in-flight bound), and a partition resumed
     * is fetched only once the fetch in flight returns: with 500 ms, each pause cost up to half
     * a second, and paced benchmark runs stalled for 1.5–2 s every few seconds. At 50 ms, with
     * a retry tier always busy (1 % of endpoints failing), the new deliveries held while a due
     * retry partition was read waited 40–90 ms a time, several times in a row: healthy p99
     * 356–679 ms against 72–74 ms at 10 ms (docs/benchmarks.md, "The dispatcher's fetch wait").
     */
    static final int DELIVERIES_FETCH_MAX_WAIT_MS = 10;

    /** The delivery loop's consumer: {@link #DELIVERIES_FETCH_MAX_WAIT_MS} unless the operator set {@code kafka.fetch.max.wait.ms}. */
    static Map<String, Object> deliveriesConsumer(KafkaClients clients, String groupId) {
        Map<String, Object> properties = clients.consumer("hookline-dispatcher", groupId);
        properties.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, DELIVERIES_FETCH_MAX_WAIT_MS);
        return properties;
    }

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);
    /** Beyond the shutdown timeout, what closing the Kafka clients may take. */
    private static final Duration CLOSE_MARGIN = Duration.ofSeconds(30);
    /**
     * Threads that record outcomes. Few: the work is short, and when producer.send blocks
     * (buffer full, metadata missing), more threads would block the same way. Their queue is
     * bounded by dispatcher.max.in.flight, as each delivery in flight queues one task at most.
     */
    private static final int OUTCOME_THREADS = 2;
    /** What closing may wait for outcomes being recorded; the producer's close then flushes them. */
    private static final Duration OUTCOME_SHUTDOWN = Duration.ofSeconds(5);

    private final Duration shutdownTimeout;
    private final DispatcherMetrics metrics;
    private final SubscriptionReplica subscriptions;
    private final EndpointHealthStore health;
    private final DeliveryLoop loop;
    private final LoopRunner runner;
    /**
     * Closed last-owned first, after the loop: http before the outcome threads, whose tasks it
     * submits; those before the writer they use; the replica and admin last.
     */
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    /** Creates the Kafka and HTTP clients; nothing is consumed before {@link #start()}. */
    public Dispatcher(DispatcherConfig config, MetricRegistry registry) {
        this.shutdownTimeout = config.shutdownTimeout();
        this.metrics = new DispatcherMetrics(registry);
        Topics topics = config.topics();
        KafkaClients clients = config.kafkaClients();
        Clock clock = Clock.systemUTC();
        try {
            Admin admin = own(Admin.create(clients.admin("hookline-dispatcher-admin")));
            subscriptions = own(new SubscriptionReplica(
                    new KafkaConsumer<>(clients.consumer("hookline-dispatcher-subscriptions", null)),
                    TopicDescriber.of(admin), topics.subscriptions().name(), metrics,
                    SubscriptionReplica.PARTITION_CHECK_INTERVAL, secretOpener(config)));
            ExecutorService outcomes = Executors.newFixedThreadPool(OUTCOME_THREADS,
                    DaemonThreads.named("hookline-outcome"));
            KafkaProducer<String, byte[]> producer = new KafkaProducer<>(clients.producer("hookline-dispatcher"));
            OpsNotifier notifier = new OpsNotifier(config.opsTenant(),
                    new DeadLetterDigest(config.opsNotifyInterval(), clock), clock,
                    event -> producer.send(new ProducerRecord<>(topics.events().name(), event.tenant(),
                            Json.write(event))));
            OutcomeWriter writer = new OutcomeWriter(producer, topics, outcomes, notifier::deadLettered);
            own(() -> writer.close(shutdownTimeout));
            own(() -> { // closed before the writer its tasks use
                if (!DaemonThreads.stop(outcomes, OUTCOME_SHUTDOWN)) {
                    log.warn("Outcomes still being recorded after {} s; their deliveries will be sent again",
                            OUTCOME_SHUTDOWN.toSeconds());
                }
            });
            ScheduledExecutorService opsTimer = Executors.newSingleThreadScheduledExecutor(
                    DaemonThreads.named("hookline-ops"));
            opsTimer.scheduleWithFixedDelay(notifier::flush, 1, 1, TimeUnit.SECONDS);
            own(opsTimer::shutdownNow);
            AsyncWebhookClient http = own(AsyncWebhookClient.start(new AsyncWebhookClient.Settings(
                    config.httpConnectTimeout(), config.httpRequestTimeout(), config.httpMaxResponseBytes(),
                    config.httpMaxConnections(), config.maxInFlightPerEndpoint(), config.egressPolicy(),
                    config.httpTls(), config.httpProxy(), config.httpPool())));
            InFlightDeliveries inFlight = new InFlightDeliveries();
            EndpointLimiter endpoints = new EndpointLimiter(config.maxInFlightPerEndpoint());
            // told on an HTTP I/O thread: what may block (the producer) goes to an outcome thread
            EndpointCircuits circuits = new EndpointCircuits(config.circuits(), clock, opened -> outcomes.execute(() -> {
                metrics.circuitOpened();
                log.warn("Endpoint {} failed {} times in a row or its probe failed: its circuit is open until {}, its "
                        + "deliveries fail fast and are retried on the schedule", opened.endpoint(), opened.failures(),
                        opened.until());
                notifier.endpointFailing(opened.subscriptionId(), opened.tenant(), opened.failures(), opened.until());
            }));
            // disables subscriptions failing for endpoint.disable.after; its writes go to an outcome thread
            health = own(new EndpointHealthStore(
                    new EndpointHealth(config.endpointDisableAfter(), config.opsTenant(), clock), subscriptions::lookup,
                    new KafkaConsumer<>(clients.consumer("hookline-dispatcher-endpoint-health", null)),
                    TopicDescriber.of(admin), producer, topics, notifier, outcomes));
            DeliveryProcessor processor = new DeliveryProcessor(subscriptions,
                    new WebhookRequestFactory(Version.userAgent()), http,
                    new ResponseClassifier(clock, config.retryAfterMax()), writer,
                    new RetryPlanner(config.retrySchedule(), topics, clock, new Random()), endpoints, circuits,
                    health, metrics, clock, outcomes, DeliveryProcessor.REFRESH_TIMEOUT, this::fatal);
            loop = new DeliveryLoop(new KafkaConsumer<>(deliveriesConsumer(clients, config.groupId())),
                    inFlight, clock, new DeliveryLoop.Settings(config.maxInFlight(), config.commitInterval(),
                            shutdownTimeout),
                    processor::process, subscriptions::awaitReady, () -> {
                        List<String> consumed = ConsumedTopics.of(admin, topics, config.retrySchedule(), METADATA_TIMEOUT);
                        writer.warmUp();
                        log.info("Waiting for the subscriptions to load before dispatching as group {}",
                                config.groupId());
                        return consumed;
                    });
            runner = new LoopRunner("hookline-dispatcher", loop);
            metrics.gauge(DispatcherMetrics.IN_FLIGHT, inFlight::count);
            metrics.gauge(DispatcherMetrics.SUBSCRIPTIONS, subscriptions::size);
            metrics.gauge(DispatcherMetrics.ENDPOINTS_IN_FLIGHT, endpoints::endpoints);
            metrics.gauge(DispatcherMetrics.CIRCUITS_OPEN, circuits::open);
        } catch (RuntimeException e) {
            closeResources(e);
            throw e;
        }
    }

    /**
     * The private keys of {@code secrets.private.keys.file}, read once at the start; without
     * the setting, sealed subscriptions are invalid here and say why.
     *
     * @throws io.hookline.common.secrets.SecretsException when the file is missing or unreadable
     */
    private static SecretOpener secretOpener(DispatcherConfig config) {
        Optional<Path> file = config.privateKeysFile();
        if (file.isEmpty()) {
            log.warn("No {} set: subscriptions whose secrets are encrypted will be invalid here",
                    DispatcherConfig.SECRETS_PRIVATE_KEYS_FILE);
            return SecretOpener.none();
        }
        PrivateKeys keys = PrivateKeys.read(file.get());
        log.info("Opening subscription secrets with {} of {}", keys, file.get());
        return keys;
    }

    /** Starts reading the subscriptions, then dispatching once they are loaded; returns at once. */
    @Override
    public void start() {
        subscriptions.start();
        health.start();
        runner.start();
    }

    /**
     * True while the dispatcher is ready: its subscriptions are loaded and it is polling
     * deliveries. For {@code /readyz}.
     */
    @Override
    public boolean isRunning() {
        return runner.state() == LoopState.RUNNING && loop.isPolling() && subscriptions.isReady();
    }

    /**
     * What the dispatcher is doing on its way to {@linkplain #isRunning() ready}, in words, e.g.
     * {@code "delivery loop RUNNING, not polling yet, subscriptions loaded (100)"}: for progress
     * lines and for the message of a start that timed out.
     */
    public String readiness() {
        return "delivery loop " + runner.state() + (loop.isPolling() ? ", polling" : ", not polling yet")
                + ", subscriptions " + (subscriptions.isReady() ? "loaded (" + subscriptions.size() + ")" : "loading");
    }

    /** The state of the delivery loop. */
    public LoopState state() {
        return runner.state();
    }

    /** What stopped the dispatcher, if something did: the delivery loop failing, or the replica. */
    @Override
    public Optional<Throwable> failure() {
        Optional<Throwable> failure = runner.failure();
        if (failure.isPresent()) {
            return failure;
        }
        try {
            subscriptions.throwIfFailed();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(e);
        }
    }

    /**
     * Stops polling, waits up to {@code dispatcher.shutdown.timeout} for deliveries in flight,
     * commits what finished and closes the clients. Safe to call more than once and from any thread.
     */
    @Override
    public void close() {
        runner.close(shutdownTimeout.plus(CLOSE_MARGIN));
        closeResources(null);
        metrics.close();
        log.info("Dispatcher stopped");
    }

    /** Producer, HTTP or outcome threads: a delivery could not be made final. Stops the dispatcher. */
    private void fatal(Throwable e) {
        runner.fail(e);
    }

    private <T extends AutoCloseable> T own(T resource) {
        resources.addFirst(resource);
        return resource;
    }

    private synchronized void closeResources(RuntimeException cause) {
        AutoCloseable resource;
        while ((resource = resources.pollFirst()) != null) {
            try {
                resource.close();
            } catch (Exception e) {
                if (cause != null) {
                    cause.addSuppressed(e);
                } else {
                    log.warn("Closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
                }
            }
        }
    }
}
