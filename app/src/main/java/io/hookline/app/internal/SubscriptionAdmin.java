package io.hookline.app.internal;

import io.hookline.common.HooklineException;
import io.hookline.common.kafka.KafkaClients;
import io.hookline.common.kafka.KafkaFutures;
import io.hookline.common.net.UrlCheck;
import io.hookline.common.net.UrlGuard;
import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Subscription;
import io.hookline.common.wire.SubscriptionRecord;
import io.hookline.common.wire.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads and writes the compacted subscriptions topic for admins. Reading replays the whole
 * topic (it is small and compacted) and keeps the last record per id; records that do not
 * pass validation are kept too, with their reason, so the admin sees what the stages skip.
 * Every subscription put passes the {@link UrlGuard} first and is published with its URL
 * in normalized form.
 *
 * <p>Secrets rotate in two steps ({@link #addSecret}, then {@link #dropOldSecrets}); the
 * newest secret is the last one listed. Each step reads the subscription as it is and
 * publishes it again with its secrets changed, nothing else: two admins changing one
 * subscription at the same moment may overwrite each other, as with {@link #put}.
 */
public final class SubscriptionAdmin implements AutoCloseable {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaClients clients;
    private final String topic;
    private final UrlGuard guard;
    private Producer<String, byte[]> producer;
    private RecordMetadata lastWritten;

    /** @param guard checks the URL of every subscription put: the publish-time half of the SSRF guard */
    public SubscriptionAdmin(KafkaClients clients, Topics topics, UrlGuard guard) {
        this.clients = clients;
        this.topic = topics.subscriptions().name();
        this.guard = guard;
    }

    /** The latest record of one id: a valid subscription, or the reason it is invalid. */
    public record Entry(String id, Subscription subscription, String invalidReason) {
        public boolean valid() {
            return subscription != null;
        }
    }

    /**
     * Publishes a subscription, its URL normalized, once the URL guard accepted it.
     *
     * @return what the guard found, e.g. no address when the host does not resolve here
     * @throws HooklineException with one line naming the rule when the guard refuses the URL
     */
    public UrlCheck.Accepted put(Subscription subscription) {
        UrlCheck.Accepted accepted = accepted(guard.check(subscription.url().toString()));
        Subscription normalized = accepted.url().equals(subscription.url()) ? subscription
                : new Subscription(subscription.id(), subscription.tenant(), accepted.url(), subscription.eventTypes(),
                        subscription.secrets(), subscription.headers(), subscription.enabled(),
                        subscription.maxAttempts(), subscription.description(), subscription.version());
        send(normalized.id(), Json.write(normalized));
        return accepted;
    }

    /** The check if the URL was accepted; a one-line exception naming the rule if it was refused. */
    public static UrlCheck.Accepted accepted(UrlCheck check) {
        if (check instanceof UrlCheck.Refused refused) {
            throw new HooklineException("invalid subscription: " + refused.message());
        }
        return (UrlCheck.Accepted) check;
    }

    /**
     * Adds {@code secret} to subscription {@code id} as its newest: from then on it signs every
     * request alongside the secrets already there.
     *
     * @return the subscription as published
     * @throws HooklineException if there is no such subscription, it is invalid, already has this
     *                           secret, or its URL is refused now
     */
    public Subscription addSecret(String id, WebhookSecret secret) {
        Subscription current = existing(id);
        if (current.secrets().contains(secret)) {
            // names no secret: the admin knows which one they gave
            throw new HooklineException("that secret is already one of " + id + "'s secrets");
        }
        List<WebhookSecret> secrets = new ArrayList<>(current.secrets());
        secrets.add(secret);
        return republish(current, secrets);
    }

    /**
     * Drops every secret of subscription {@code id} but the newest (the last listed).
     *
     * @return how many were dropped; none when it has one secret, and then nothing is published
     * @throws HooklineException if there is no such subscription, it is invalid, or its URL is refused now
     */
    public int dropOldSecrets(String id) {
        Subscription current = existing(id);
        List<WebhookSecret> secrets = current.secrets();
        if (secrets.size() == 1) {
            return 0;
        }
        republish(current, List.of(secrets.get(secrets.size() - 1)));
        return secrets.size() - 1;
    }

    /**
     * Sets whether subscription {@code id} is delivered to. Disabling never checks the URL
     * (taking an endpoint out of service must always work); enabling does, as {@code put}.
     *
     * @return the subscription as it was before; nothing is published when it was so already
     * @throws HooklineException if there is no such subscription or it is invalid
     */
    public Subscription setEnabled(String id, boolean enabled) {
        Subscription current = existing(id);
        if (current.enabled() != enabled) {
            if (enabled) {
                put(current.withEnabled(true));
            } else {
                send(id, Json.write(current.withEnabled(false)));
            }
        }
        return current;
    }

    /** The valid subscription of {@code id}; one line saying why not otherwise. */
    private Subscription existing(String id) {
        Entry entry = get(id).orElseThrow(() -> new HooklineException("no subscription with id " + id));
        if (!entry.valid()) {
            throw new HooklineException(id + " is INVALID (" + entry.invalidReason() + "); put it again first");
        }
        return entry.subscription();
    }

    private Subscription republish(Subscription current, List<WebhookSecret> secrets) {
        Subscription changed = new Subscription(current.id(), current.tenant(), current.url(), current.eventTypes(),
                secrets, current.headers(), current.enabled(), current.maxAttempts(), current.description(),
                current.version());
        put(changed);
        return changed;
    }

    public void delete(String id) {
        send(id, null);
    }

    public Optional<Entry> get(String id) {
        return Optional.ofNullable(readAll().get(id));
    }

    /** Every live subscription by id, valid or not. */
    public Map<String, Entry> readAll() {
        Map<String, Entry> entries = new TreeMap<>();
        try (Consumer<String, byte[]> consumer = new KafkaConsumer<>(clients.consumer("hookline-admin", null))) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, READ_TIMEOUT);
            if (partitions == null || partitions.isEmpty()) {
                throw new HooklineException("topic " + topic + " does not exist; run `hookline topics create` first");
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, READ_TIMEOUT);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (!caughtUp(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new HooklineException("timed out reading " + topic);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(entries, record);
                }
            }
        }
        return entries;
    }

    private static boolean caughtUp(Consumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static void apply(Map<String, Entry> entries, ConsumerRecord<String, byte[]> record) {
        SubscriptionRecord read = SubscriptionRecord.read(record.key(), record.value());
        if (read instanceof SubscriptionRecord.Valid valid) {
            entries.put(read.id(), new Entry(read.id(), valid.subscription(), null));
        } else if (read instanceof SubscriptionRecord.Invalid invalid) {
            entries.put(read.id(), new Entry(read.id(), null, invalid.reason()));
        } else if (read != null) {
            entries.remove(read.id());
        }
    }

    /**
     * Where the last record this admin wrote landed (its partition and offset), e.g. to wait
     * until the routers have taken it in; empty before the first write.
     */
    public Optional<RecordMetadata> lastWritten() {
        return Optional.ofNullable(lastWritten);
    }

    private void send(String id, byte[] value) {
        if (producer == null) {
            producer = new KafkaProducer<>(clients.producer("hookline-admin"));
        }
        lastWritten = KafkaFutures.await(producer.send(new ProducerRecord<>(topic, id, value)), READ_TIMEOUT,
                "write to " + topic);
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
