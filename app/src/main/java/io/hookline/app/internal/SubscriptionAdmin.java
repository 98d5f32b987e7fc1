package io.hookline.app.internal;

import io.hookline.common.HooklineException;
import io.hookline.common.kafka.KafkaClients;
import io.hookline.common.kafka.KafkaFutures;
import io.hookline.common.net.UrlCheck;
import io.hookline.common.net.UrlGuard;
import io.hookline.common.secrets.Envelope;
import io.hookline.common.secrets.PublicKeys;
import io.hookline.common.secrets.SecretOpener;
import io.hookline.common.signing.StoredSecret;
import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.wire.InvalidRecordException;
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
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 * <p>Every subscription published is {@linkplain Subscription#seal sealed} to the public keys
 * in the keys topic ({@link KeyDirectory}) when there are any: its secrets and header values
 * never reach the topic in the clear, and no admin needs a private key. Without published keys
 * they are stored as given, as before encryption existed ({@link #sealingKey()} tells which).
 * Sealed values read back stay sealed here: changing a subscription republishes them as they are.
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
    private final String healthTopic;
    private final UrlGuard guard;
    private final KeyDirectory keys;
    /** The published keys, read at the first publish; empty inside when none are published. */
    private Optional<PublicKeys> sealer;
    private Producer<String, byte[]> producer;
    private RecordMetadata lastWritten;

    /** @param guard checks the URL of every subscription put: the publish-time half of the SSRF guard */
    public SubscriptionAdmin(KafkaClients clients, Topics topics, UrlGuard guard) {
        this.clients = clients;
        this.topic = topics.subscriptions().name();
        this.healthTopic = topics.endpointHealth().name();
        this.guard = guard;
        this.keys = new KeyDirectory(clients, topics);
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
        publish(normalized);
        return accepted;
    }

    /**
     * The key id subscriptions are sealed to when published; empty when no keys are published,
     * and secrets are stored as given.
     */
    public Optional<Integer> sealingKey() {
        return sealer().map(PublicKeys::keyId);
    }

    private Optional<PublicKeys> sealer() {
        if (sealer == null) {
            sealer = keys.current();
        }
        return sealer;
    }

    /** Sends {@code subscription}, its secrets and header values sealed if keys are published. */
    private void publish(Subscription subscription) {
        send(subscription.id(), Json.write(sealer().map(subscription::seal).orElse(subscription)));
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
     *                           secret (among those in the clear: sealed ones cannot be compared
     *                           here), or its URL is refused now
     */
    public Subscription addSecret(String id, WebhookSecret secret) {
        Subscription current = existing(id);
        if (current.secrets().contains(secret)) {
            // names no secret: the admin knows which one they gave
            throw new HooklineException("that secret is already one of " + id + "'s secrets");
        }
        List<StoredSecret> secrets = new ArrayList<>(current.secrets());
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
        List<? extends StoredSecret> secrets = current.secrets();
        if (secrets.size() == 1) {
            return 0;
        }
        republish(current, List.of(secrets.get(secrets.size() - 1)));
        return secrets.size() - 1;
    }

    /**
     * Sets whether subscription {@code id} is delivered to. Disabling never checks the URL
     * (taking an endpoint out of service must always work); enabling does, as {@code put}, and
     * clears the endpoint's run of failures, so that {@code endpoint.disable.after} counts
     * afresh from its next failure.
     *
     * @return the subscription as it was before; nothing is published when it was so already
     * @throws HooklineException if there is no such subscription or it is invalid
     */
    public Subscription setEnabled(String id, boolean enabled) {
        Subscription current = existing(id);
        if (current.enabled() != enabled) {
            if (enabled) {
                put(current.withEnabled(true));
                send(healthTopic, id, null);
            } else {
                publish(current.withEnabled(false));
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

    private Subscription republish(Subscription current, List<? extends StoredSecret> secrets) {
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
        TopicSnapshot.readExisting(clients, topic, READ_TIMEOUT, record -> apply(entries, record));
        return entries;
    }

    /** What {@link #reEncrypt} did with one subscription. */
    public enum ReEncryption {
        /** Values in the clear were sealed to the current key. */
        SEALED,
        /** Values sealed to older keys were opened and sealed again to the current key. */
        MOVED,
        /** Everything already sealed to the current key: nothing published. */
        CURRENT,
        /** Values sealed to older keys, and no private keys given to move them: nothing published. */
        OLDER_KEY,
        /** The record is invalid (or does not open with the private keys given): nothing published. */
        SKIPPED
    }

    /** One subscription's outcome; {@code detail} names keys or a reason, never a secret. */
    public record ReEncrypted(String id, ReEncryption outcome, String detail) {
    }

    /**
     * Seals the secrets and header values of every subscription to the current public key:
     * those stored in the clear (records published before encryption, or while no keys were
     * published) and, given the private keys, those sealed to an older key. Nothing else of a
     * subscription changes, and its URL is not checked again: this must work for every record.
     *
     * @param opener the dispatchers' private keys, to move values off older keys; empty to seal plain values only
     * @throws HooklineException when no public keys are published
     */
    public List<ReEncrypted> reEncrypt(Optional<SecretOpener> opener) {
        PublicKeys current = sealer().orElseThrow(() -> new HooklineException("no public keys in " + keys.topic()
                + "; run `hookline keys rotate` first"));
        List<ReEncrypted> results = new ArrayList<>();
        for (Entry entry : readAll().values()) {
            results.add(reEncrypt(entry, current, opener));
        }
        return results;
    }

    private ReEncrypted reEncrypt(Entry entry, PublicKeys current, Optional<SecretOpener> opener) {
        if (!entry.valid()) {
            return new ReEncrypted(entry.id(), ReEncryption.SKIPPED, "invalid: " + entry.invalidReason());
        }
        Subscription subscription = entry.subscription();
        SortedSet<Integer> older = new TreeSet<>(subscription.sealedKeyIds());
        older.remove(current.keyId());
        if (!older.isEmpty()) {
            if (opener.isEmpty()) {
                return new ReEncrypted(entry.id(), ReEncryption.OLDER_KEY, "sealed to key(s) " + keyIds(older));
            }
            try {
                send(entry.id(), Json.write(subscription.open(opener.get()).seal(current)));
            } catch (InvalidRecordException e) {
                return new ReEncrypted(entry.id(), ReEncryption.SKIPPED, e.getMessage());
            }
            return new ReEncrypted(entry.id(), ReEncryption.MOVED, "from key(s) " + keyIds(older));
        }
        if (subscription.hasPlainValues()) {
            send(entry.id(), Json.write(subscription.seal(current)));
            return new ReEncrypted(entry.id(), ReEncryption.SEALED, "");
        }
        return new ReEncrypted(entry.id(), ReEncryption.CURRENT, "");
    }

    private static String keyIds(SortedSet<Integer> ids) {
        return String.join(", ", ids.stream().map(Envelope::keyIdText).toList());
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
        send(topic, id, value);
    }

    private void send(String to, String id, byte[] value) {
        if (producer == null) {
            producer = new KafkaProducer<>(clients.producer("hookline-admin"));
        }
        lastWritten = KafkaFutures.await(producer.send(new ProducerRecord<>(to, id, value)), READ_TIMEOUT,
                "write to " + to);
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
