package io.hookline.dispatcher.internal;

import io.hookline.common.wire.Attempt;
import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.InvalidRecordException;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Subscription;
import io.hookline.dispatcher.DeliveryOutcome;
import io.hookline.dispatcher.http.AsyncWebhookClient;
import io.hookline.dispatcher.http.HttpResult;
import io.hookline.dispatcher.http.WebhookRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one delivery record to its final outcome: looks up the subscription as it is now;
 * dead-letters the delivery if it is deleted, disabled or invalid (once the cache has caught
 * up with the subscriptions topic); otherwise signs and POSTs it, classifies the response and
 * records the attempt. Nothing here blocks: the poll thread
 * hands a record over and learns through {@code done} when its offset may be committed.
 *
 * <p>A record that cannot be made final (the attempts or dead-letter topic cannot be written)
 * is reported to {@code onFatal} and never marked done, so its offset is never committed.
 */
public final class DeliveryProcessor {
    private static final Logger log = LoggerFactory.getLogger(DeliveryProcessor.class);
    /** A cache that cannot catch up within this is broken; its failure stops the dispatcher anyway. */
    private static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(10);

    private final SubscriptionCache subscriptions;
    private final WebhookRequestFactory requests;
    private final AsyncWebhookClient http;
    private final ResponseClassifier classifier;
    private final OutcomeWriter writer;
    private final DispatcherMetrics metrics;
    private final Clock clock;
    private final Consumer<Throwable> onFatal;

    public DeliveryProcessor(SubscriptionCache subscriptions, WebhookRequestFactory requests, AsyncWebhookClient http,
                             ResponseClassifier classifier, OutcomeWriter writer, DispatcherMetrics metrics,
                             Clock clock, Consumer<Throwable> onFatal) {
        this.subscriptions = subscriptions;
        this.requests = requests;
        this.http = http;
        this.classifier = classifier;
        this.writer = writer;
        this.metrics = metrics;
        this.clock = clock;
        this.onFatal = onFatal;
    }

    /** Starts processing {@code record}; {@code done} runs once its outcome is final and recorded. */
    public void process(ConsumerRecord<String, byte[]> record, Runnable done) {
        Delivery delivery = read(record);
        if (delivery == null) {
            done.run();
            return;
        }
        if (dispatchable(subscriptions.lookup(delivery.subscriptionId())) != null) {
            decide(record, delivery, done);
            return;
        }
        // The router routed to a subscription that this cache may not have read yet (just
        // created or enabled): before dead-lettering, look again once it has caught up.
        subscriptions.refresh()
                .completeOnTimeout(null, REFRESH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .thenRun(() -> decide(record, delivery, done))
                .exceptionally(e -> {
                    onFatal.accept(e);
                    return null;
                });
    }

    /** Sends the delivery to its subscription as it is now, or dead-letters it. */
    private void decide(ConsumerRecord<String, byte[]> record, Delivery delivery, Runnable done) {
        try (LogContext ignored = LogContext.of(delivery)) {
            SubscriptionCache.Lookup lookup = subscriptions.lookup(delivery.subscriptionId());
            Subscription subscription = dispatchable(lookup);
            if (subscription != null) {
                send(delivery, subscription, done);
            } else {
                deadLetter(record, delivery, lookup, done);
            }
        }
    }

    /** The subscription to send to, or null when it is missing, invalid or disabled. */
    private static Subscription dispatchable(SubscriptionCache.Lookup lookup) {
        return lookup instanceof SubscriptionCache.Active active && active.subscription().enabled()
                ? active.subscription() : null;
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

    private void send(Delivery delivery, Subscription subscription, Runnable done) {
        Instant at = clock.instant();
        WebhookRequest request = requests.create(delivery, subscription, at);
        long started = System.nanoTime();
        http.send(request)
                .thenCompose(result -> recordAttempt(delivery, at, System.nanoTime() - started, result))
                .whenComplete((ignored, e) -> finish(done, e));
    }

    private CompletableFuture<Void> recordAttempt(Delivery delivery, Instant at, long nanos, HttpResult result) {
        DeliveryOutcome outcome = classifier.classify(result);
        metrics.attempt(outcome, nanos);
        try (LogContext ignored = LogContext.of(delivery)) {
            logOutcome(delivery, outcome);
        }
        return writer.attempt(new Attempt(delivery.deliveryId(), delivery.eventId(), delivery.eventType(),
                delivery.tenant(), delivery.subscriptionId(), delivery.attempt(), at,
                TimeUnit.NANOSECONDS.toMillis(nanos), outcome.status(), outcome.error(), outcome.wireName()));
    }

    private static void logOutcome(Delivery delivery, DeliveryOutcome outcome) {
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

    private void deadLetter(ConsumerRecord<String, byte[]> record, Delivery delivery, SubscriptionCache.Lookup lookup,
                            Runnable done) {
        String reason;
        String error;
        if (lookup instanceof SubscriptionCache.Active) {
            reason = DeadLetter.ENDPOINT_DISABLED;
            error = "subscription " + delivery.subscriptionId() + " is disabled";
        } else if (lookup instanceof SubscriptionCache.Invalid invalid) {
            reason = DeadLetter.INVALID_SUBSCRIPTION;
            error = "subscription " + delivery.subscriptionId() + " is invalid: " + invalid.reason();
        } else {
            reason = DeadLetter.SUBSCRIPTION_DELETED;
            error = "subscription " + delivery.subscriptionId() + " does not exist (deleted or never published)";
        }
        metrics.deadLettered();
        log.warn("Delivery {} to subscription {} attempt {} dead-lettered ({}): {}", delivery.deliveryId(),
                delivery.subscriptionId(), delivery.attempt(), reason, error);
        DeadLetter letter = new DeadLetter(DeadLetter.Stage.DISPATCHER, reason, delivery, null, null,
                record.topic(), record.partition(), record.offset(), null, error, delivery.attempt() - 1,
                delivery.firstAttemptAt(), null, null, clock.instant());
        writer.deadLetter(delivery.subscriptionId(), letter).whenComplete((ignored, e) -> finish(done, e));
    }

    private void finish(Runnable done, Throwable error) {
        if (error == null) {
            done.run();
        } else {
            onFatal.accept(error);
        }
    }
}
