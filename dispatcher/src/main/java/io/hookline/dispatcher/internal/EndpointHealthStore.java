package io.hookline.dispatcher.internal;

import io.hookline.common.HooklineException;
import io.hookline.common.kafka.TopicDescriber;
import io.hookline.common.lifecycle.ConsumerLoop;
import io.hookline.common.lifecycle.LoopRunner;
import io.hookline.common.wire.EndpointFailing;
import io.hookline.common.wire.InvalidRecordException;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Subscription;
import io.hookline.common.wire.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka side of auto-disable: feeds attempts' results to {@link EndpointHealth}, writes
 * what it decides to the compacted endpoint-health topic, and reads that topic on a thread of
 * its own, so that a run of failures is counted from its first failure across dispatchers and
 * restarts. Disabling republishes the subscription, as this dispatcher's replica holds it, with
 * {@code enabled=false} and the reason, and tells operators.
 *
 * <p>Nothing is decided before the topic is loaded: a first failure noted earlier would
 * overwrite an older run's start. Records this dispatcher wrote (a header names the writer)
 * are not applied again when read back: its own state is ahead of them. Results of attempts
 * to subscriptions the replica does not hold as enabled are ignored: those were in flight
 * when the subscription was disabled.
 *
 * <p>Auto-disable is help for operators, never a reason to stop delivering: if the topic
 * cannot be read (missing, refused), the reader stops with an error logged and nothing is
 * disabled automatically any more.
 */
public final class EndpointHealthStore implements AttemptHealth, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EndpointHealthStore.class);
    static final String WRITER_HEADER = "hookline-writer";
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final EndpointHealth health;
    private final Function<String, SubscriptionReplica.Lookup> subscriptions;
    private final Producer<String, byte[]> producer;
    private final Topics topics;
    private final OpsNotifier notifier;
    private final Executor executor;
    private final byte[] writer = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
    private final LoopRunner runner;
    private volatile boolean ready;

    /**
     * @param subscriptions the replica's lookup: the subscriptions as they are now
     * @param consumer a consumer without group, reading keys as strings and values as bytes; owned
     * @param producer shared with the outcome writer; not closed here
     * @param executor runs the writes, which may block: never on an HTTP I/O thread
     */
    public EndpointHealthStore(EndpointHealth health, Function<String, SubscriptionReplica.Lookup> subscriptions,
                               Consumer<String, byte[]> consumer, TopicDescriber describer,
                               Producer<String, byte[]> producer, Topics topics, OpsNotifier notifier,
                               Executor executor) {
        this.health = health;
        this.subscriptions = subscriptions;
        this.producer = producer;
        this.topics = topics;
        this.notifier = notifier;
        this.executor = executor;
        this.runner = new LoopRunner("hookline-endpoint-health", new Reader(consumer, describer));
    }

    /** Starts reading the topic; decisions start once it is loaded. */
    public void start() {
        runner.start();
    }

    /** True once the topic is loaded and still read. */
    public boolean isReady() {
        return ready && runner.failure().isEmpty();
    }

    @Override
    public void succeeded(String subscriptionId) {
        if (isReady()) {
            health.succeeded(subscriptionId).ifPresent(this::act);
        }
    }

    @Override
    public void failed(String subscriptionId, String tenant) {
        if (isReady() && enabled(subscriptionId) != null) {
            health.failed(subscriptionId, tenant).ifPresent(this::act);
        }
    }

    private void act(EndpointHealth.Change change) {
        executor.execute(() -> {
            try {
                write(change);
            } catch (RuntimeException e) {
                log.warn("Could not record the endpoint health of {}: {}", subscriptionOf(change), e.toString());
            }
        });
    }

    private void write(EndpointHealth.Change change) {
        if (change instanceof EndpointHealth.Failing failing) {
            send(failing.subscriptionId(), Json.write(new EndpointFailing(failing.subscriptionId(), failing.tenant(),
                    failing.since())));
        } else if (change instanceof EndpointHealth.Recovered recovered) {
            send(recovered.subscriptionId(), null);
        } else if (change instanceof EndpointHealth.Disable disable) {
            disable(disable);
        }
    }

    private void disable(EndpointHealth.Disable disable) {
        // the run ends here either way: kept, it would disable the subscription again at once when enabled
        send(disable.subscriptionId(), null);
        SubscriptionReplica.Active active = enabled(disable.subscriptionId());
        if (active == null) {
            return; // disabled or deleted meanwhile, by an operator or another dispatcher
        }
        // Republished as the record holds it, sealed secrets and header values still sealed (the
        // replica's opened copy must never be written); like the admin commands, without a
        // compare-and-set, so an admin change published in the same moment may be lost.
        Subscription subscription = active.stored();
        producer.send(new ProducerRecord<>(topics.subscriptions().name(), subscription.id(),
                Json.write(subscription.disabledBecause(disable.reason()))), (metadata, e) -> {
                    if (e != null) {
                        log.error("Could not disable subscription {}: {}", subscription.id(), e.toString());
                    }
                });
        log.warn("Subscription {} of tenant {} disabled: its endpoint failed without a success since {}; queued "
                        + "deliveries to it are dead-lettered as endpoint_disabled", disable.subscriptionId(),
                disable.tenant(), disable.since());
        notifier.endpointDisabled(disable.subscriptionId(), disable.tenant(), disable.reason(), disable.since());
    }

    /** The subscription as the replica holds it, if enabled; else null. */
    private SubscriptionReplica.Active enabled(String subscriptionId) {
        return subscriptions.apply(subscriptionId) instanceof SubscriptionReplica.Active active
                && active.subscription().enabled() ? active : null;
    }

    private void send(String subscriptionId, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topics.endpointHealth().name(), subscriptionId,
                value);
        record.headers().add(WRITER_HEADER, writer);
        producer.send(record, (metadata, e) -> {
            if (e != null) {
                log.warn("Could not record the endpoint health of {}: {}", subscriptionId, e.toString());
            }
        });
    }

    private static String subscriptionOf(EndpointHealth.Change change) {
        if (change instanceof EndpointHealth.Failing failing) {
            return failing.subscriptionId();
        }
        if (change instanceof EndpointHealth.Recovered recovered) {
            return recovered.subscriptionId();
        }
        return ((EndpointHealth.Disable) change).subscriptionId();
    }

    /** Stops reading; at most 10 s. */
    @Override
    public void close() {
        runner.close(CLOSE_TIMEOUT);
    }

    /** The store's thread: reads every partition of the topic from its beginning, without a group. */
    private final class Reader extends ConsumerLoop<String, byte[]> {
        private final TopicDescriber describer;
        private Map<TopicPartition, Long> loadTarget;

        Reader(Consumer<String, byte[]> consumer, TopicDescriber describer) {
            super(consumer);
            this.describer = describer;
        }

        @Override
        public void open() {
            // The topic is compacted and never gets partitions added (a key that moved would
            // leave its old run behind), so the partitions of the start are all there are.
            List<TopicPartition> partitions;
            try {
                partitions = describer.existing(topics.endpointHealth().name(), CLUSTER_TIMEOUT);
            } catch (HooklineException e) {
                throw new HooklineException(e.getMessage() + "; subscriptions are not disabled automatically "
                        + "until `hookline topics create` has created it", e);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        @Override
        public void runOnce() {
            try {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                    apply(record);
                }
                if (!ready) {
                    if (loadTarget == null) {
                        loadTarget = consumer.endOffsets(consumer.assignment(), CLUSTER_TIMEOUT);
                    }
                    if (caughtUp()) {
                        ready = true;
                        log.info("Loaded the endpoint health: {} subscription(s) failing", health.failing());
                    }
                }
            } catch (TimeoutException e) {
                log.warn("Reading {} is slow, trying again: {}", topics.endpointHealth().name(), e.getMessage());
            }
        }

        private boolean caughtUp() {
            for (Map.Entry<TopicPartition, Long> end : loadTarget.entrySet()) {
                if (consumer.position(end.getKey(), CLUSTER_TIMEOUT) < end.getValue()) {
                    return false;
                }
            }
            return true;
        }

        private void apply(ConsumerRecord<String, byte[]> record) {
            Header from = record.headers().lastHeader(WRITER_HEADER);
            if (record.key() == null || from != null && Arrays.equals(from.value(), writer)) {
                return;
            }
            if (record.value() == null) {
                health.learned(record.key(), null);
                return;
            }
            try {
                Instant since = Json.read(record.value(), EndpointFailing.class).since();
                health.learned(record.key(), since);
            } catch (InvalidRecordException e) {
                log.warn("Skipped an invalid endpoint-health record at {}-{}@{}: {}", record.topic(),
                        record.partition(), record.offset(), e.getMessage());
            }
        }
    }
}
