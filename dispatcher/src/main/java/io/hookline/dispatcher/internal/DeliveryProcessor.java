package io.hookline.dispatcher.internal;

import io.hookline.common.HooklineException;
import io.hookline.common.wire.Attempt;
import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.DeadLetterReason;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.InvalidRecordException;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Subscription;
import io.hookline.dispatcher.DeliveryOutcome;
import io.hookline.dispatcher.http.AsyncWebhookClient;
import io.hookline.dispatcher.http.HttpResult;
import io.hookline.dispatcher.http.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one delivery record to its final outcome: looks up the subscription as it is now;
 * dead-letters the delivery if it is deleted, disabled, invalid or now another tenant's (once
 * the cache has caught up with the subscriptions topic); otherwise signs and POSTs it,
 * classifies the response and records the attempt, and for a {@link DeliveryOutcome.Fail}
 * (410 Gone) a dead letter after it. Nothing here blocks the poll thread, which hands a record
 * over and learns through {@code done} when its offset may be committed.
 *
 * <p>What follows a response, a request timeout or a refresh runs on {@code executor}: never
 * on an HTTP I/O thread, the single deadline thread or the cache thread, since serialising and
 * {@code producer.send} (up to {@code max.block.ms}) would stall them.
 *
 * <p>A record that cannot be made final (the attempts or dead-letter topic cannot be written,
 * the subscription cache stopped or never catches up) is reported to {@code onFatal} and never
 * marked done, so its offset is never committed.
 */
public final class DeliveryProcessor {
    private static final Logger log = LoggerFactory.getLogger(DeliveryProcessor.class);
    /** How long one refresh may take before a delivery waiting on it says so and asks again. */
    public static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Refreshes a delivery waits for before the dispatcher stops: 5 minutes at the default
     * timeout. A cache that far behind is stuck, and deciding on what it holds would
     * dead-letter deliveries of subscriptions that exist.
     */
    static final int MAX_REFRESHES = 30;

    private final SubscriptionReplica subscriptions;
    private final DeliveryDecider decider = new DeliveryDecider();
    private final WebhookRequestFactory requests;
    private final AsyncWebhookClient http;
    private final ResponseClassifier classifier;
    private final OutcomeWriter writer;
    private final RetryPlanner retries;
    private final EndpointLimiter endpoints;
    private final EndpointCircuits circuits;
    private final AttemptHealth health;
    private final DispatcherMetrics metrics;
    private final Clock clock;
    private final Executor executor;
    private final Duration refreshTimeout;
    private final Consumer<Throwable> onFatal;
    private final AtomicLong nextSlowRefreshWarning = new AtomicLong(System.nanoTime());

    /** What an HTTP exchange came to, when it started and how long it took; no result when no request was made. */
    private record Exchange(Instant at, long nanos, HttpResult result) {
    }

    /** The outcome of an attempt failed fast, without a request, as its endpoint's circuit is open. */
    private static final DeliveryOutcome CIRCUIT_OPEN = new DeliveryOutcome.Retry(null,
            "not sent: the endpoint's circuit is open after failures in a row; retried on the schedule", null);

    /**
     * @param executor       runs what follows responses and refreshes
     * @param refreshTimeout how long one refresh of the subscriptions may take; {@link #REFRESH_TIMEOUT}
     */
    public DeliveryProcessor(SubscriptionReplica subscriptions, WebhookRequestFactory requests, AsyncWebhookClient http,
                             ResponseClassifier classifier, OutcomeWriter writer, RetryPlanner retries,
                             EndpointLimiter endpoints, EndpointCircuits circuits, AttemptHealth health,
                             DispatcherMetrics metrics,
                             Clock clock, Executor executor, Duration refreshTimeout, Consumer<Throwable> onFatal) {
        this.subscriptions = subscriptions;
        this.requests = requests;
        this.http = http;
        this.classifier = classifier;
        this.writer = writer;
        this.retries = retries;
        this.endpoints = endpoints;
        this.circuits = circuits;
        this.health = health;
        this.metrics = metrics;
        this.clock = clock;
        this.executor = executor;
        this.refreshTimeout = refreshTimeout;
        this.onFatal = onFatal;
    }

    /** Starts processing {@code record}; {@code done} runs once its outcome is final and recorded. */
    public void process(ConsumerRecord<String, byte[]> record, Runnable done) {
        Delivery delivery = read(record);
        if (delivery == null) {
            done.run();
            return;
        }
        Decision decision = decider.decide(delivery, subscriptions.lookup(delivery.subscriptionId()));
        if (decision instanceof Decision.Send) {
            act(record, delivery, decision, done); // decided once: a second lookup would find the same
            return;
        }
        // The router routed to a subscription that this cache may not have read yet (just
        // created, enabled, or re-created by its tenant): before dead-lettering, look again
        // once it has caught up.
        decideAfterRefresh(record, delivery, done, 1);
    }

    /**
     * Decides once the cache has caught up. Never on what it holds before: if the refresh
     * takes too long, the delivery stays unfinished and asks again, up to {@link #MAX_REFRESHES}
     * times; then, or if the cache stopped, the dispatcher stops.
     */
    private void decideAfterRefresh(ConsumerRecord<String, byte[]> record, Delivery delivery, Runnable done,
                                    int refreshes) {
        subscriptions.refresh()
                .orTimeout(refreshTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenCompleteAsync((ignored, e) -> {
                    try {
                        Throwable cause = unwrap(e);
                        if (cause == null) {
                            decide(record, delivery, done);
                        } else if (cause instanceof TimeoutException) {
                            refreshTimedOut(record, delivery, done, refreshes);
                        } else if (!(cause instanceof CancellationException)) {
                            onFatal.accept(cause);
                        }
                        // Cancelled: the cache was closed, the dispatcher is stopping. The record
                        // stays unfinished, uncommitted, and is sent by the partition's next owner.
                    } catch (RuntimeException bug) {
                        onFatal.accept(bug);
                    }
                }, executor);
    }

    private void refreshTimedOut(ConsumerRecord<String, byte[]> record, Delivery delivery, Runnable done,
                                 int refreshes) {
        if (refreshes >= MAX_REFRESHES) {
            onFatal.accept(new HooklineException("the subscriptions did not catch up with their topic within "
                    + refreshTimeout.multipliedBy(refreshes).toSeconds() + " s; stopping rather than deciding "
                    + "deliveries on stale subscriptions"));
            return;
        }
        try (DeliveryMdc ignored = DeliveryMdc.of(delivery)) {
            log.debug("Delivery {} waits for subscription {}: the subscriptions have not caught up after {} ms",
                    delivery.deliveryId(), delivery.subscriptionId(), refreshTimeout.multipliedBy(refreshes).toMillis());
        }
        // once per timeout, not once per waiting delivery
        long now = System.nanoTime();
        long next = nextSlowRefreshWarning.get();
        if (now - next >= 0 && nextSlowRefreshWarning.compareAndSet(next, now + refreshTimeout.toNanos())) {
            log.warn("Deliveries wait for the subscription cache, which has not caught up with its topic within "
                    + "{} ms; they stay unfinished until it has", refreshTimeout.toMillis());
        }
        decideAfterRefresh(record, delivery, done, refreshes + 1);
    }

    /** Acts on what {@link DeliveryDecider} decides for the subscription as it is now. */
    private void decide(ConsumerRecord<String, byte[]> record, Delivery delivery, Runnable done) {
        act(record, delivery, decider.decide(delivery, subscriptions.lookup(delivery.subscriptionId())), done);
    }

    private void act(ConsumerRecord<String, byte[]> record, Delivery delivery, Decision decision, Runnable done) {
        try (DeliveryMdc ignored = DeliveryMdc.of(delivery)) {
            if (decision instanceof Decision.Send send) {
                send(record, delivery, send.subscription(), done);
            } else if (decision instanceof Decision.Reject reject) {
                reject(record, delivery, reject, done);
            } else if (decision instanceof Decision.Drop drop) {
                metrics.dropped();
                log.info("Delivery {} attempt {} dropped: {}", delivery.deliveryId(), delivery.attempt(), drop.why());
                done.run();
            }
        }
    }

    private Delivery read(ConsumerRecord<String, byte[]> record) {
        try {
            if (record.value() == null) {
                throw new InvalidRecordException("the value is empty");
            }
            return Json.read(record.value(), Delivery.class);
        } catch (InvalidRecordException e) {
            // Only the router writes deliveries: this is a bug there, not something to retry.
            metrics.invalidDelivery();
            log.error("Skipped an invalid delivery at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return null;
        }
    }

    /**
     * POSTs the delivery, unless its endpoint is at its in-flight bound: then it waits in
     * memory for a place, or, when enough wait already, is diverted to the first retry tier,
     * without an attempt made or counted.
     */
    private void send(ConsumerRecord<String, byte[]> record, Delivery delivery, Subscription subscription,
                      Runnable done) {
        String endpoint = EndpointLimiter.endpoint(subscription.url());
        if (!circuits.tryAcquire(endpoint)) {
            failFast(record, delivery, subscription, done);
            return;
        }
        switch (endpoints.acquire(endpoint, () -> whenPlaceFree(record, delivery, subscription, endpoint, done))) {
            case NOW -> post(record, delivery, subscription, endpoint, done);
            case WAITING -> {
                circuits.released(endpoint); // asked again when its turn comes
                metrics.waited();
            }
            case FULL -> {
                circuits.released(endpoint);
                divert(delivery, done);
            }
        }
    }

    /**
     * A waiting delivery's turn: the place is its own now. Runs on the thread that freed the
     * place, an HTTP thread, so the request is built on the executor.
     */
    private void whenPlaceFree(ConsumerRecord<String, byte[]> record, Delivery delivery, Subscription subscription,
                               String endpoint, Runnable done) {
        try {
            executor.execute(() -> {
                if (!circuits.tryAcquire(endpoint)) {
                    endpoints.release(endpoint);
                    failFast(record, delivery, subscription, done);
                    return;
                }
                post(record, delivery, subscription, endpoint, done);
            });
        } catch (RejectedExecutionException e) {
            // shutting down: the delivery stays unfinished, its offset uncommitted; sent again after a restart
            endpoints.release(endpoint);
        }
    }

    /** Signs and POSTs the delivery, holding a place at its endpoint, and takes it to its outcome. */
    private void post(ConsumerRecord<String, byte[]> record, Delivery delivery, Subscription subscription,
                      String endpoint, Runnable done) {
        Instant at = clock.instant();
        if (delivery.notBefore() != null) {
            metrics.retryLateness(Duration.between(delivery.notBefore(), at));
        }
        WebhookRequest request = requests.create(delivery, subscription, at);
        long started = System.nanoTime();
        http.send(request)
                // on the thread that ended the exchange: the time and the endpoint's health, the rest on the executor
                .thenApply(result -> {
                    Exchange exchange = new Exchange(at, System.nanoTime() - started, result);
                    // before the endpoint's place is freed: the next request to it sees this outcome
                    noteHealth(endpoint, delivery, result);
                    endpoints.release(endpoint, exchange.nanos());
                    return exchange;
                })
                .thenComposeAsync(exchange -> afterExchange(record, delivery, subscription, endpoint, exchange),
                        executor)
                .whenComplete((finished, e) -> finish(done, finished, e));
    }

    /** Tells the endpoint's circuit and health how the exchange went. Cheap and pure but for the circuit: safe on an I/O thread. */
    private void noteHealth(String endpoint, Delivery delivery, HttpResult result) {
        if (isCancelled(result)) {
            circuits.released(endpoint);
            return;
        }
        DeliveryOutcome outcome = classifier.classify(result);
        if (outcome instanceof DeliveryOutcome.Delivered) {
            circuits.succeeded(endpoint);
            health.succeeded(delivery.subscriptionId());
        } else if (outcome instanceof DeliveryOutcome.Retry) {
            circuits.failed(endpoint, delivery.subscriptionId(), delivery.tenant());
            health.failed(delivery.subscriptionId(), delivery.tenant());
        } else {
            circuits.released(endpoint); // gone or blocked: says nothing of whether the endpoint is up
        }
    }

    private static boolean isCancelled(HttpResult result) {
        return result instanceof HttpResult.Failure failure && failure.kind() == HttpResult.Kind.CANCELLED;
    }

    /** An attempt not made, as the endpoint's circuit is open: recorded and scheduled like a failed one. */
    private void failFast(ConsumerRecord<String, byte[]> record, Delivery delivery, Subscription subscription,
                          Runnable done) {
        metrics.circuitRejected();
        Exchange none = new Exchange(clock.instant(), 0, null);
        CompletableFuture.supplyAsync(() -> recordOutcome(record, delivery, subscription, none, CIRCUIT_OPEN), executor)
                .thenCompose(recorded -> recorded)
                .whenComplete((ignored, e) -> finish(done, true, e));
    }

    private void divert(Delivery delivery, Runnable done) {
        RetryPlanner.Queue queue = retries.divert(delivery);
        metrics.diverted();
        log.debug("Delivery {} diverted to {}: its endpoint is at its in-flight bound", delivery.deliveryId(),
                queue.tier().name());
        writer.retry(queue.tier(), queue.next()).whenComplete((ignored, e) -> finish(done, true, e));
    }

    /**
     * Records the attempt and what follows it. An exchange cancelled by shutdown is neither: the
     * delivery stays unfinished, its offset uncommitted, and it is sent again after the restart.
     *
     * @return whether the delivery is now final
     */
    private CompletableFuture<Boolean> afterExchange(ConsumerRecord<String, byte[]> record, Delivery delivery,
                                                     Subscription subscription, String endpoint, Exchange exchange) {
        if (isCancelled(exchange.result())) {
            metrics.cancelled();
            log.debug("Delivery {} attempt {} cancelled by shutdown: not recorded, sent again after a restart",
                    delivery.deliveryId(), delivery.attempt());
            return CompletableFuture.completedFuture(false);
        }
        DeliveryOutcome outcome = classifier.classify(exchange.result());
        metrics.attempt(outcome, exchange.nanos());
        return recordOutcome(record, delivery, subscription, exchange, outcome).thenApply(ignored -> true);
    }

    private CompletableFuture<Void> recordOutcome(ConsumerRecord<String, byte[]> record, Delivery delivery,
                                                  Subscription subscription, Exchange exchange,
                                                  DeliveryOutcome outcome) {
        RetryPlanner.Plan plan = outcome instanceof DeliveryOutcome.Retry retry
                ? retries.afterFailure(delivery, subscription.maxAttempts(), retry.retryAfter(), exchange.at()) : null;
        try (DeliveryMdc ignored = DeliveryMdc.of(delivery)) {
            logOutcome(delivery, outcome);
        }
        // The last attempt of an exhausted delivery failed for good, whatever its kind.
        String wireOutcome = plan instanceof RetryPlanner.Exhausted ? "failed" : outcome.wireName();
        CompletableFuture<Void> attempt = writer.attempt(new Attempt(delivery.deliveryId(), delivery.eventId(),
                delivery.eventType(), delivery.tenant(), delivery.subscriptionId(), delivery.attempt(), exchange.at(),
                TimeUnit.NANOSECONDS.toMillis(exchange.nanos()), outcome.status(), outcome.error(), wireOutcome));
        // What follows goes after the attempt is acknowledged, so a retry or dead letter never
        // exists without its attempt; on the executor, as the acknowledgement comes on the
        // producer's I/O thread.
        if (outcome instanceof DeliveryOutcome.Fail fail) {
            return attempt.thenComposeAsync(ignored -> deadLetter(record, delivery, fail.reason(), outcome,
                    exchange), executor);
        }
        if (plan instanceof RetryPlanner.Queue queue) {
            return attempt.thenComposeAsync(ignored -> {
                metrics.retryScheduled();
                log.debug("Delivery {} attempt {} queued on {} for {}", delivery.deliveryId(),
                        queue.next().attempt(), queue.tier().name(), queue.next().notBefore());
                return writer.retry(queue.tier(), queue.next());
            }, executor);
        }
        if (plan instanceof RetryPlanner.Exhausted) {
            return attempt.thenComposeAsync(ignored -> deadLetter(record, delivery, DeadLetterReason.EXHAUSTED,
                    outcome, exchange), executor);
        }
        return attempt;
    }

    private static void logOutcome(Delivery delivery, DeliveryOutcome outcome) {
        if (outcome == CIRCUIT_OPEN) {
            log.debug("Delivery {} to subscription {} attempt {} failed fast: its endpoint's circuit is open",
                    delivery.deliveryId(), delivery.subscriptionId(), delivery.attempt());
            return;
        }
        if (outcome instanceof DeliveryOutcome.Delivered) {
            log.debug("Delivery {} to subscription {} attempt {} delivered: HTTP {}", delivery.deliveryId(),
                    delivery.subscriptionId(), delivery.attempt(), outcome.status());
            return;
        }
        String asked = outcome instanceof DeliveryOutcome.Retry retry && retry.retryAfter() != null
                ? ", endpoint asked to retry after " + retry.retryAfter().toSeconds() + "s" : "";
        log.warn("Delivery {} to subscription {} attempt {} not delivered ({}{}): {}", delivery.deliveryId(),
                delivery.subscriptionId(), delivery.attempt(), outcome.wireName(), asked, outcome.error());
    }

    /** The dead letter of an attempt after which nothing more is tried. */
    private CompletableFuture<Void> deadLetter(ConsumerRecord<String, byte[]> record, Delivery delivery,
                                               DeadLetterReason reason, DeliveryOutcome outcome, Exchange exchange) {
        DeadLetter letter = DeadLetter.afterAttempt(delivery, reason, outcome.status(), outcome.error(),
                exchange.at(), responseBody(exchange.result()), sourceOf(record), clock.instant());
        metrics.deadLettered(reason);
        try (DeliveryMdc ignored = DeliveryMdc.of(delivery)) {
            log.warn("Delivery {} to subscription {} attempt {} dead-lettered ({}): {}", delivery.deliveryId(),
                    delivery.subscriptionId(), delivery.attempt(), reason, outcome.error());
        }
        return writer.deadLetter(delivery.subscriptionId(), letter);
    }

    private static DeadLetter.Source sourceOf(ConsumerRecord<String, byte[]> record) {
        return new DeadLetter.Source(record.topic(), record.partition(), record.offset());
    }

    /** The start of a response body as text, for a dead letter (which cuts it to 1 KiB); null when none. */
    private static String responseBody(HttpResult result) {
        if (!(result instanceof HttpResult.Response response) || response.body().length == 0) {
            return null;
        }
        // Decoding more than the letter keeps is waste; a character cut here is cut by the letter too.
        int length = Math.min(response.body().length, DeadLetter.MAX_RESPONSE_BODY);
        return new String(response.body(), 0, length, StandardCharsets.UTF_8);
    }

    /** The dead letter of a delivery that is not sent at all. */
    private void reject(ConsumerRecord<String, byte[]> record, Delivery delivery, Decision.Reject reject,
                        Runnable done) {
        if (reject.reason() == DeadLetterReason.TENANT_MISMATCH) {
            metrics.tenantMismatch();
        }
        metrics.deadLettered(reject.reason());
        log.warn("Delivery {} to subscription {} attempt {} dead-lettered ({}): {}", delivery.deliveryId(),
                delivery.subscriptionId(), delivery.attempt(), reject.reason(), reject.error());
        DeadLetter letter = DeadLetter.unsent(delivery, reject.reason(), reject.error(), sourceOf(record),
                clock.instant());
        writer.deadLetter(delivery.subscriptionId(), letter).whenComplete((ignored, e) -> finish(done, true, e));
    }

    /** Marks the delivery done once final; an error recording it stops the dispatcher instead. */
    private void finish(Runnable done, Boolean finished, Throwable error) {
        if (error != null) {
            onFatal.accept(unwrap(error));
        } else if (Boolean.TRUE.equals(finished)) {
            done.run();
        }
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
