package io.hookline.dispatcher.internal;

import static io.hookline.testkit.Fixtures.subscription;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.secrets.PrivateKeys;
import io.hookline.common.wire.EndpointFailing;
import io.hookline.common.wire.Event;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Subscription;
import io.hookline.common.wire.Topics;
import io.hookline.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EndpointHealthStoreTest {
    private static final Topics TOPICS = Topics.defaults();
    private static final TopicPartition P0 = new TopicPartition(TOPICS.endpointHealth().name(), 0);
    private static final Instant START = Instant.parse("2026-11-30T10:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
            new ByteArraySerializer());
    private final Map<String, SubscriptionReplica.Lookup> subscriptions = new ConcurrentHashMap<>();
    private final List<Event> told = new CopyOnWriteArrayList<>();
    private final EndpointHealthStore store = new EndpointHealthStore(
            new EndpointHealth(Duration.ofDays(5), "hookline-ops", clock),
            id -> subscriptions.getOrDefault(id, new SubscriptionReplica.Missing()), consumer,
            (topic, timeout) -> java.util.Optional.of(List.of(P0)), producer, TOPICS,
            new OpsNotifier("hookline-ops", new DeadLetterDigest(Duration.ofMinutes(1), clock), clock, told::add),
            Runnable::run);

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void countsFromARunWrittenBeforeARestartAndDisablesOnceWithTheReason() {
        Subscription sub = subscription("sub_1").build();
        subscriptions.put("sub_1", new SubscriptionReplica.Active(sub));
        startWith(new ConsumerRecord<>(P0.topic(), 0, 0, "sub_1", Json.write(new EndpointFailing("sub_1", "acme",
                START.minus(Duration.ofDays(5))))));

        store.failed("sub_1", "acme");
        store.failed("sub_1", "acme");

        List<ProducerRecord<String, byte[]>> written = producer.history();
        assertEquals(2, written.size(), written.toString());
        assertEquals(TOPICS.endpointHealth().name(), written.get(0).topic());
        assertNull(written.get(0).value(), "the run ends with the disable");
        assertEquals(TOPICS.subscriptions().name(), written.get(1).topic());
        Subscription disabled = Json.read(written.get(1).value(), Subscription.class);
        assertFalse(disabled.enabled());
        assertEquals("endpoint failing without a success since 2026-11-25T10:00:00Z; disabled automatically at "
                + "2026-11-30T10:00:00Z", disabled.disabledReason());
        assertEquals(sub.secrets(), disabled.secrets(), "republished as it was, but disabled");
        assertEquals(1, told.size());
        assertEquals("endpoint.disabled", told.get(0).type());
        assertEquals("hookline-ops", told.get(0).tenant());
    }

    @Test
    void republishesTheSubscriptionAsStoredWithItsSecretsStillSealed() {
        PrivateKeys keys = PrivateKeys.generate();
        Subscription plain = subscription("sub_1").build();
        Subscription sealed = plain.seal(keys.publicKeys());
        subscriptions.put("sub_1", new SubscriptionReplica.Active(sealed.open(keys), sealed));
        startWith(new ConsumerRecord<>(P0.topic(), 0, 0, "sub_1", Json.write(new EndpointFailing("sub_1", "acme",
                START.minus(Duration.ofDays(6))))));

        store.failed("sub_1", "acme");

        ProducerRecord<String, byte[]> republished = producer.history().stream()
                .filter(r -> r.topic().equals(TOPICS.subscriptions().name())).findFirst().orElseThrow();
        String written = new String(republished.value(), StandardCharsets.UTF_8);
        plain.signingSecrets().forEach(secret -> assertFalse(written.contains(secret.encoded()),
                "an opened secret was written back: " + written));
        Subscription disabled = Json.read(republished.value(), Subscription.class);
        assertFalse(disabled.enabled());
        assertEquals(sealed.secrets(), disabled.secrets(), "the sealed form, as the record held it");
        assertEquals(plain.secrets(), disabled.open(keys).secrets());
    }

    @Test
    void writesTheFirstFailureOfARunAndATombstoneOnTheNextSuccess() {
        subscriptions.put("sub_1", new SubscriptionReplica.Active(subscription("sub_1").build()));
        startWith();

        store.failed("sub_1", "acme");
        clock.advance(Duration.ofDays(1));
        store.failed("sub_1", "acme");
        store.succeeded("sub_1");
        store.succeeded("sub_1");

        List<ProducerRecord<String, byte[]>> written = producer.history();
        assertEquals(2, written.size(), written.toString());
        assertEquals(new EndpointFailing("sub_1", "acme", START), Json.read(written.get(0).value(),
                EndpointFailing.class));
        assertNull(written.get(1).value());
        assertTrue(written.stream().allMatch(r -> r.headers().lastHeader(EndpointHealthStore.WRITER_HEADER) != null));
    }

    @Test
    void ignoresFailuresOfSubscriptionsNotEnabledNowAndOfTheOpsTenant() {
        subscriptions.put("sub_off", new SubscriptionReplica.Active(subscription("sub_off").enabled(false).build()));
        subscriptions.put("sub_ops", new SubscriptionReplica.Active(subscription("sub_ops").tenant("hookline-ops")
                .build()));
        startWith();

        store.failed("sub_off", "acme");
        store.failed("sub_gone", "acme");
        store.failed("sub_ops", "hookline-ops");

        assertEquals(List.of(), producer.history());
    }

    @Test
    void decidesNothingBeforeTheTopicIsLoaded() {
        subscriptions.put("sub_1", new SubscriptionReplica.Active(subscription("sub_1").build()));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        consumer.updateEndOffsets(Map.of(P0, 1L)); // a record the store has not read yet

        store.failed("sub_1", "acme");

        assertFalse(store.isReady());
        assertEquals(List.of(), producer.history());
    }

    @SafeVarargs
    private void startWith(ConsumerRecord<String, byte[]>... records) {
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        consumer.updateEndOffsets(Map.of(P0, (long) records.length));
        consumer.schedulePollTask(() -> {
            for (ConsumerRecord<String, byte[]> record : records) {
                consumer.addRecord(record);
            }
        });
        store.start();
        await("loaded").atMost(Duration.ofSeconds(5)).until(store::isReady);
    }
}
