package io.hookline.app.internal;

import io.hookline.common.HooklineException;
import io.hookline.common.kafka.KafkaClients;
import io.hookline.common.kafka.KafkaFutures;
import io.hookline.common.secrets.PublicKeys;
import io.hookline.common.secrets.SecretsException;
import io.hookline.common.wire.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The dispatchers' public keys in the compacted keys topic: one record, key
 * {@link Topics#KEYS_RECORD}, whose newest value is the keyset admins seal secrets to. It holds
 * no secret, so anyone who may publish subscriptions may read it.
 */
public final class KeyDirectory {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaClients clients;
    private final String topic;

    public KeyDirectory(KafkaClients clients, Topics topics) {
        this.clients = clients;
        this.topic = topics.keys().name();
    }

    /** The topic's name, for messages. */
    public String topic() {
        return topic;
    }

    /**
     * The keys published last; empty when none are (no {@code hookline keys rotate} yet, or a
     * cluster whose topics were created before the keys topic existed).
     *
     * @throws HooklineException when the topic is missing, or its newest value is not a public keyset
     */
    public Optional<PublicKeys> current() {
        AtomicReference<byte[]> last = new AtomicReference<>();
        boolean exists = TopicSnapshot.read(clients, topic, TIMEOUT, record -> {
            if (Topics.KEYS_RECORD.equals(record.key())) {
                last.set(record.value());
            }
        });
        if (!exists || last.get() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(PublicKeys.parse(new String(last.get(), StandardCharsets.UTF_8)));
        } catch (SecretsException e) {
            throw new SecretsException("the newest record of " + topic + " is " + e.getMessage()
                    + "; publish the keys again with `hookline keys publish`");
        }
    }

    /**
     * Publishes {@code keys}: from now on admins seal to its primary key.
     *
     * @throws HooklineException when the keys topic does not exist
     */
    public void publish(PublicKeys keys) {
        if (!TopicSnapshot.exists(clients, topic, TIMEOUT)) {
            throw new HooklineException("topic " + topic
                    + " does not exist; run `hookline topics create` first");
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(clients.producer("hookline-admin"))) {
            KafkaFutures.await(producer.send(new ProducerRecord<>(topic, Topics.KEYS_RECORD,
                    keys.toJson().getBytes(StandardCharsets.UTF_8))), TIMEOUT, "write to " + topic);
        }
    }
}
