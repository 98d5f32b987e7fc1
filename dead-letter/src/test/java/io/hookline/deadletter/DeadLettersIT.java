package io.hookline.deadletter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.HooklineException;
import io.hookline.common.kafka.KafkaClients;
import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.DeadLetterReason;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.JsonSerde;
import io.hookline.common.wire.SubscriptionRecord;
import io.hookline.common.wire.Topics;
import io.hookline.testkit.Fixtures;
import io.hookline.testkit.TestKafka;
import io.hookline.testkit.TestTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replays on a real broker: each letter reaches its topic exactly once (read_committed), however
 * often a replay is run, stopped at its limit, or crashed in the middle of a transaction.
 */
class DeadLettersIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final String bootstrap = TestKafka.shared().bootstrapServers();
    private final Map<String, SubscriptionRecord> subscriptions = new HashMap<>();
    private final SubscriptionStates states = id -> subscriptions.getOrDefault(id, new SubscriptionRecord.Deleted(id));
    private Topics topics;
    private DeadLetters deadLetters;

    @BeforeEach
    void createTopics() {
        topics = new Topics(TestTopics.unique("dlq-it"));
        TestTopics.createAll(bootstrap, topics, 2);
        deadLetters = new DeadLetters(new KafkaClients(Map.of("bootstrap.servers", bootstrap)), topics);
        enable("sub_a", true);
        enable("sub_b", true);
    }

    @AfterEach
    void close() {
        deadLetters.close();
    }

    @Test
    void aReplayCrashedInTheMiddleOfATransactionIsFinishedExactlyOnceByTheNextRun() {
        List<DeadLetter> letters = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            letters.add(Letters.exhausted("evt_" + i, i % 2 == 0 ? "sub_a" : "sub_b", Instant.now()));
        }
        write(letters);
        ReplayRequest request = new ReplayRequest(DeadLetterFilter.ALL, "crash", false, 0, 0, false);

        ReplaySummary first = deadLetters.replay(limited(request, 4), states, Progress.NONE);
        assertEquals(4, first.toDeliveries());
        assertTrue(first.limitReached());

        RuntimeException crash = assertThrows(RuntimeException.class,
                () -> deadLetters.replay(request, states, crashAfter(3)));
        assertEquals("simulated crash", crash.getMessage());

        ReplaySummary last = deadLetters.replay(request, states, Progress.NONE);
        assertTrue(last.resumed());
        assertEquals(8, last.toDeliveries(), "the crashed run's records were never committed");

        Map<String, Long> sent = deliveriesById(12);
        assertEquals(letters.stream().map(l -> l.delivery().deliveryId()).collect(Collectors.toSet()), sent.keySet());
        assertTrue(sent.values().stream().allMatch(n -> n == 1), "each delivery once: " + sent);

        ReplaySummary again = deadLetters.replay(request, states, Progress.NONE);
        assertEquals(0, again.total());
        assertEquals(0, again.read(), "everything before the end is handled");
        assertEquals(12, deliveriesById(12).size());
    }

    @Test
    void aReplayStoppedFromAnotherThreadCommitsWhatItSentAndTheNextRunSendsTheRest() throws Exception {
        List<DeadLetter> letters = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            letters.add(Letters.exhausted("evt_" + i, "sub_a", Instant.now()));
        }
        write(letters);
        ReplayRequest slow = new ReplayRequest(DeadLetterFilter.ALL, "ctrl-c", false, 0, 5, false);
        AtomicBoolean sentSome = new AtomicBoolean();
        Progress watch = new Progress() {
            @Override
            public void advanced(long done) {
                if (done >= 2) {
                    sentSome.set(true);
                }
            }
        };
        java.util.concurrent.CompletableFuture<ReplaySummary> running = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> deadLetters.replay(slow, states, watch));
        org.awaitility.Awaitility.await().atMost(WAIT).untilTrue(sentSome);
        deadLetters.stopReplay();
        ReplaySummary stopped = running.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(stopped.stopped());
        assertTrue(stopped.toDeliveries() >= 2 && stopped.toDeliveries() < 10, stopped.toString());
        assertEquals(stopped.toDeliveries(), deliveriesById((int) stopped.toDeliveries()).size(),
                "what it sent is committed");

        ReplaySummary rest = deadLetters.replay(new ReplayRequest(DeadLetterFilter.ALL, "ctrl-c", false, 0, 0, false),
                states, Progress.NONE);
        assertEquals(10 - stopped.toDeliveries(), rest.toDeliveries());
        Map<String, Long> sent = deliveriesById(10);
        assertEquals(10, sent.size());
        assertTrue(sent.values().stream().allMatch(n -> n == 1), sent.toString());
    }

    @Test
    void lettersOfADisabledSubscriptionWaitUntilItIsEnabledThenGoOutOnce() {
        enable("sub_b", false);
        write(List.of(Letters.exhausted("evt_1", "sub_a", Instant.now()),
                Letters.unsent("evt_2", "sub_b", Fixtures.TENANT, DeadLetterReason.ENDPOINT_DISABLED, Instant.now()),
                Letters.exhausted("evt_3", "sub_b", Instant.now()),
                Letters.exhausted("evt_4", "sub_gone", Instant.now())));
        ReplayRequest request = new ReplayRequest(DeadLetterFilter.ALL, null, false, 0, 0, false);

        ReplaySummary first = deadLetters.replay(request, states, Progress.NONE);
        assertEquals("all", first.name());
        assertEquals(1, first.toDeliveries());
        assertEquals(Map.of(SkipReason.SUBSCRIPTION_DISABLED, 2L, SkipReason.SUBSCRIPTION_DELETED, 1L), first.skipped());
        ReplaySummary stillDisabled = deadLetters.replay(request, states, Progress.NONE);
        assertEquals(0, stillDisabled.total());
        assertEquals(Map.of(SkipReason.SUBSCRIPTION_DISABLED, 2L), stillDisabled.skipped(), "looked at again, only them");

        enable("sub_b", true);
        write(List.of(Letters.exhausted("evt_5", "sub_a", Instant.now())));
        ReplaySummary enabled = deadLetters.replay(request, states, Progress.NONE);
        assertEquals(3, enabled.toDeliveries(), "sub_b's two that waited, and the new one");
        assertEquals(Map.of(), enabled.skipped());
        assertEquals(0, deadLetters.replay(request, states, Progress.NONE).read());

        Map<String, Long> sent = deliveriesById(4);
        assertEquals(4, sent.size());
        assertTrue(sent.values().stream().allMatch(n -> n == 1), sent.toString());
    }

    @Test
    void aDryRunSendsAndKeepsNothing() {
        write(List.of(Letters.exhausted("evt_1", "sub_a", Instant.now()), Letters.invalidEvent("acme", "{bad",
                Instant.now()), Letters.tooLarge("acme", Instant.now())));
        ReplayRequest dry = new ReplayRequest(DeadLetterFilter.ALL, "dry", true, 0, 0, false);

        ReplaySummary preview = deadLetters.replay(dry, states, Progress.NONE);
        assertEquals(1, preview.toDeliveries());
        assertEquals(1, preview.toEvents());
        assertEquals(Map.of(SkipReason.NO_EVENT_BYTES, 1L), preview.skipped());
        ReplaySummary again = deadLetters.replay(dry, states, Progress.NONE);
        assertEquals(List.of(3L, 1L, 1L, false), List.of(again.read(), again.toDeliveries(), again.toEvents(),
                again.resumed()), "nothing kept: the same again");
        assertEquals(preview.replayed().stream().map(StoredDeadLetter::id).toList(),
                again.replayed().stream().map(StoredDeadLetter::id).toList());
        assertEquals(0, deliveriesById(0).size(), "nothing sent");

        ReplaySummary real = deadLetters.replay(new ReplayRequest(DeadLetterFilter.ALL, "dry", false, 0, 0, false),
                states, Progress.NONE);
        assertEquals(2, real.total());
        assertFalse(real.resumed(), "the dry runs kept no place");
    }

    @Test
    void theSameNameWithOtherFiltersIsRefused() {
        write(List.of(Letters.exhausted("evt_1", "sub_a", Instant.now())));
        deadLetters.replay(new ReplayRequest(DeadLetterFilter.ALL, "nightly", false, 0, 0, false), states,
                Progress.NONE);
        DeadLetterFilter other = DeadLetterFilter.parse(List.of("sub_a"), List.of(), List.of(), List.of(), null, null,
                Instant.now());
        HooklineException e = assertThrows(HooklineException.class, () -> deadLetters.replay(
                new ReplayRequest(other, "nightly", false, 0, 0, false), states, Progress.NONE));
        assertTrue(e.getMessage().startsWith("replay nightly was run with other filters"), e.getMessage());
    }

    @Test
    void aRateSpacesTheRecords() {
        List<DeadLetter> letters = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            letters.add(Letters.exhausted("evt_" + i, "sub_a", Instant.now()));
        }
        write(letters);
        long start = System.nanoTime();
        ReplaySummary summary = deadLetters.replay(new ReplayRequest(DeadLetterFilter.ALL, "slow", false, 0, 10, false),
                states, Progress.NONE);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(5, summary.toDeliveries());
        assertTrue(millis >= 380, "5 records at 10/s take 400 ms at least, took " + millis);
        assertEquals(5, deliveriesById(5).size());
    }

    private void enable(String id, boolean enabled) {
        subscriptions.put(id, new SubscriptionRecord.Valid(id, Fixtures.subscription(id).enabled(enabled).build()));
    }

    private static ReplayRequest limited(ReplayRequest request, long limit) {
        return new ReplayRequest(request.filter(), request.name(), request.dryRun(), limit, request.ratePerSecond(),
                request.includeDisabled());
    }

    /** A progress that throws once {@code n} records were handled: sent, but their transaction not committed. */
    private static Progress crashAfter(int n) {
        AtomicBoolean thrown = new AtomicBoolean();
        return new Progress() {
            @Override
            public void advanced(long done) {
                if (done >= n && thrown.compareAndSet(false, true)) {
                    throw new IllegalStateException("simulated crash");
                }
            }
        };
    }

    /**
     * Writes the letters one at a time, each acknowledged before the next: several batches in
     * flight to a partition whose leader the producer has just learned can end in a loop of
     * OUT_OF_ORDER_SEQUENCE_NUMBER after a NOT_LEADER_OR_FOLLOWER (seen with TestTopics.produceAll
     * right after the topics were created).
     */
    private void write(List<DeadLetter> letters) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0);
        try (KafkaProducer<String, DeadLetter> producer = new KafkaProducer<>(config, new StringSerializer(),
                JsonSerde.of(DeadLetter.class))) {
            for (DeadLetter letter : letters) {
                producer.send(new ProducerRecord<>(topics.deadLetter().name(), Letters.stored(0, 0, letter).key(),
                        letter)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new AssertionError("cannot write dead letters: " + e, e);
        }
    }

    /** Delivery id → how many times it is in the deliveries topic (read_committed). */
    private Map<String, Long> deliveriesById(int atLeast) {
        List<ConsumerRecord<String, Delivery>> records = TestTopics.consume(bootstrap, topics.deliveries().name(),
                new StringDeserializer(), JsonSerde.of(Delivery.class), atLeast, WAIT);
        for (ConsumerRecord<String, Delivery> record : records) {
            assertEquals(record.value().subscriptionId(), record.key());
            assertEquals(1, record.value().attempt());
        }
        return records.stream().collect(Collectors.groupingBy(r -> r.value().deliveryId(), Collectors.counting()));
    }
}
