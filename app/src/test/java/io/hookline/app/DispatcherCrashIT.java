package io.hookline.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.config.HooklineConfig;
import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.wire.Attempt;
import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.DeliveryIds;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.JsonSerde;
import io.hookline.common.wire.Subscription;
import io.hookline.common.wire.Topics;
import io.hookline.dispatcher.DispatcherConfig;
import io.hookline.testkit.ChildJvm;
import io.hookline.testkit.Endpoint;
import io.hookline.testkit.ReceivedRequest;
import io.hookline.testkit.Reply;
import io.hookline.testkit.TestKafka;
import io.hookline.testkit.TestTopics;
import io.hookline.testkit.WebhookReceiver;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash safety: {@code hookline dispatcher} in a child JVM is killed with SIGKILL while it
 * works through thousands of deliveries and retries wait in a tier, then started again on the
 * same consumer group. Every delivery must end delivered or dead-lettered. What was sent but
 * not committed before the kill is sent again (at least once, by design), and no more: what was
 * in flight at the kill, and what finished in the last commit intervals before it. What was
 * committed, or noted as final with a commit, must not be sent again.
 */
class DispatcherCrashIT {
    private static final Logger log = LoggerFactory.getLogger(DispatcherCrashIT.class);
    private static final int DELIVERIES = 3_000;
    private static final int PARTITIONS = 4;
    private static final List<Duration> SCHEDULE = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2));
    private static final Duration WAIT = Duration.ofSeconds(60);
    /**
     * How late the last commit before the kill may be: ten times dispatcher.commit.interval
     * (200 ms), as this box's CPUs are shared and a commit waits for the poll thread.
     */
    private static final Duration COMMITS_LATE = Duration.ofSeconds(2);
    private static final String BODY = "{\"id\":\"%s\",\"type\":\"order.created\",\"data\":{\"n\":%d}}";

    private final String bootstrap = TestKafka.shared().bootstrapServers();
    private final Topics topics = new Topics(TestTopics.unique("crash"));
    private final String group = TestTopics.unique("crash-dispatcher");
    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    /** Each subscription's endpoint, and how many of a delivery's requests it fails before it accepts one. */
    private final Map<String, Target> targets = new HashMap<>();

    /** Kept when the test fails: the dispatchers' log is in it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    /** A subscription's endpoint, failing the first {@code failsFirst} requests of each delivery. */
    private record Target(Endpoint endpoint, int failsFirst) {
    }

    @BeforeEach
    void createTopicsAndEndpoints() {
        TestTopics.createAll(bootstrap, topics, PARTITIONS, SCHEDULE);
        // Each server is an endpoint in the dispatcher's sense (scheme, host and port), with its
        // own in-flight bound; the failing one has a server to itself, as it would in real life.
        WebhookReceiver first = receiver();
        WebhookReceiver second = receiver();
        WebhookReceiver failing = receiver();
        produce(List.of(
                target("sub_ok_1", first, Reply.status(200), 0),
                target("sub_ok_2", first, Reply.status(200), 0),
                target("sub_ok_3", second, Reply.status(200), 0),
                target("sub_ok_4", second, Reply.status(200), 0),
                target("sub_flaky", failing, Reply.perWebhookId(Reply.status(500), Reply.status(200)), 1)));
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closeAfter) {
            closeable.close();
        }
    }

    @Test
    void everyDeliveryEndsDeliveredOrDeadLetteredAfterASigkillWithRetriesPending() throws Exception {
        List<Delivery> deliveries = IntStream.range(0, DELIVERIES)
                .mapToObj(n -> delivery(subscriptionIds().get(n % targets.size()), n)).toList();
        produce(deliveries.stream()
                .map(d -> new ProducerRecord<>(topics.deliveries().name(), d.subscriptionId(), Json.write(d))).toList());
        ChildJvm.Launcher launcher = new ChildJvm.Launcher(List.of("-Xmx512m", "-XX:+UseSerialGC"),
                dir, dir.resolve("dispatcher.log"));
        List<String> arguments = List.of("dispatcher", "--bootstrap-server", bootstrap, "--topic-prefix",
                topics.prefix(), "--config", writeConfig().toString(), "--ops-port", "0");

        ChildJvm crashing = launcher.start("the dispatcher", Hookline.class.getName(), arguments);
        closeAfter.add(crashing);
        await("a third of the deliveries sent").atMost(WAIT).pollInterval(Duration.ofMillis(5))
                .failFast("the dispatcher exited", () -> !crashing.isAlive())
                .until(this::requestCount, count -> count >= DELIVERIES / 3);
        long killedAt = System.currentTimeMillis();
        crashing.kill();
        int sentBeforeKill = requestCount();
        Set<String> retryPending = firstAttemptsOnly();
        long uncommittedAtKill;
        Map<TopicPartition, Long> committedAtKill;
        try (Admin admin = admin()) {
            uncommittedAtKill = uncommitted(admin);
            committedAtKill = committed(admin);
        }
        assertEquals(ChildJvm.KILLED_EXIT_CODE, crashing.exitCode(), "ended by SIGKILL");
        assertFalse(ProcessHandle.of(crashing.pid()).map(ProcessHandle::isAlive).orElse(false));
        assertFalse(retryPending.isEmpty(), "retries were pending when it was killed");

        long restarted = System.nanoTime();
        ChildJvm restart = launcher.start("the dispatcher, restarted", Hookline.class.getName(), arguments);
        closeAfter.add(restart);
        try (Admin admin = admin()) {
            await("every delivery and retry committed").atMost(WAIT).pollInterval(Duration.ofMillis(250))
                    .failFast("the restarted dispatcher exited", () -> !restart.isAlive())
                    .until(() -> uncommitted(admin) == 0);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; " + requestCount() + " requests so far; from "
                    + restart.logFile() + ": " + restart.logExcerpt(), e);
        }
        long settledMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted);

        Map<String, Integer> accepted = acceptedByWebhookId();
        Set<String> deadLettered = deadLettered();
        Set<String> lost = deliveries.stream().map(Delivery::deliveryId)
                .filter(id -> !accepted.containsKey(id) && !deadLettered.contains(id))
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(lost.isEmpty(), lost.size() + " deliveries neither delivered nor dead-lettered, e.g. "
                + lost.stream().limit(5).toList());
        Set<String> produced = deliveries.stream().map(Delivery::deliveryId).collect(Collectors.toSet());
        assertTrue(produced.containsAll(accepted.keySet()), "only the deliveries produced were received");
        for (Target target : targets.values()) {
            for (ReceivedRequest request : target.endpoint().requests()) {
                assertTrue(request.signatureValid(), request + ": " + request.verificationError());
            }
        }

        // A first attempt committed before the kill and never queued on a tier was final before
        // its commit: reading it again after the restart would mean the commit was ignored.
        Set<String> queued = queuedOnTiers();
        Set<String> committedButSentAgain = committedFirstAttempts(committedAtKill).stream()
                .filter(id -> !queued.contains(id) && accepted.getOrDefault(id, 0) > 1)
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(committedButSentAgain.isEmpty(), committedButSentAgain.size() + " deliveries committed before the "
                + "kill were sent again after the restart, e.g. " + committedButSentAgain.stream().limit(5).toList());

        long twice = accepted.values().stream().filter(n -> n > 1).count();
        int sentAgain = accepted.values().stream().mapToInt(n -> n - 1).sum();
        // An attempt recorded twice was final before the kill and made again after the restart.
        // What was final and committed, or noted with a commit as final above the committed
        // offset, is not read again; so only attempts recorded in the last commit intervals
        // before the kill may be made again. Before the notes, one slow delivery held back its
        // partition's commit and everything after it was made again, however long ago it was final.
        Map<String, List<Long>> recorded = attemptTimestamps();
        long attemptsBeforeKill = recorded.values().stream().flatMap(List::stream).filter(t -> t < killedAt).count();
        List<Long> madeAgain = recorded.values().stream().filter(times -> times.size() > 1)
                .map(times -> Collections.min(times)).toList();
        List<Long> finalLongBeforeKill = madeAgain.stream()
                .filter(first -> first < killedAt - COMMITS_LATE.toMillis()).toList();
        log.info("SIGKILL after {} requests and {} attempts recorded, with {} retries pending and {} records of the "
                        + "deliveries topic and the retry tiers not committed; {} ms after the restart all was "
                        + "committed: {} delivered, {} dead-lettered, none lost; {} deliveries accepted more than "
                        + "once, {} extra times ({} % of {}); {} attempts final before the kill made again, {} of them "
                        + "recorded more than {} ms before it; {} requests in all",
                sentBeforeKill, attemptsBeforeKill, retryPending.size(), uncommittedAtKill, settledMillis,
                accepted.size(), deadLettered.size(), twice, sentAgain,
                String.format(Locale.ROOT, "%.1f", 100.0 * sentAgain / DELIVERIES), DELIVERIES, madeAgain.size(),
                finalLongBeforeKill.size(), COMMITS_LATE.toMillis(), requestCount());
        assertTrue(finalLongBeforeKill.isEmpty(), finalLongBeforeKill.size() + " attempts recorded more than "
                + COMMITS_LATE.toMillis() + " ms before the kill were made again after the restart, the earliest "
                + finalLongBeforeKill.stream().mapToLong(t -> killedAt - t).max().orElse(0) + " ms before it");
    }

    private WebhookReceiver receiver() {
        WebhookReceiver receiver = WebhookReceiver.start();
        closeAfter.add(receiver);
        return receiver;
    }

    /** Sets up an endpoint answering {@code reply}, and returns the record of its subscription. */
    private ProducerRecord<String, byte[]> target(String subscriptionId, WebhookReceiver receiver, Reply reply,
                                                  int failsFirst) {
        WebhookSecret secret = WebhookSecret.generate();
        Endpoint endpoint = receiver.endpoint(TestTopics.unique(subscriptionId), List.of(secret));
        endpoint.reply(reply);
        targets.put(subscriptionId, new Target(endpoint, failsFirst));
        Subscription subscription = new Subscription(subscriptionId, "acme", URI.create(endpoint.url()),
                List.of("order.*"), List.of(secret), Map.of(), true, null, null, Subscription.VERSION);
        return new ProducerRecord<>(topics.subscriptions().name(), subscriptionId, Json.write(subscription));
    }

    private List<String> subscriptionIds() {
        return targets.keySet().stream().sorted().toList();
    }

    private Path writeConfig() throws Exception {
        Path config = dir.resolve("dispatcher.properties");
        Files.writeString(config, String.join(System.lineSeparator(),
                DispatcherConfig.GROUP_ID + "=" + group,
                HooklineConfig.RETRY_SCHEDULE + "=" + SCHEDULE.stream().map(Topics::delayName)
                        .collect(Collectors.joining(",")),
                // the receivers listen on plain http on loopback, which the SSRF guard refuses unless allowed
                HooklineConfig.HTTP_ALLOW_LOOPBACK + "=true",
                HooklineConfig.HTTP_ALLOW_PLAIN + "=true",
                // Up to dispatcher.max.in.flight (1000) in flight, as with many endpoints: with the
                // default 50 per endpoint, three receivers would hold 150 and divert the rest to the tier.
                DispatcherConfig.MAX_IN_FLIGHT_PER_ENDPOINT + "=500",
                // sub_flaky fails every first attempt on purpose: its circuit must not open, this test is
                // about the crash, not about fail-fast
                DispatcherConfig.CIRCUIT_FAILURES + "=100000",
                // Static membership: the restarted dispatcher takes the killed one's place at once,
                // instead of waiting out its session (45 s) before the group gives up on it.
                "kafka.group.instance.id=" + group + "-0",
                ""), StandardCharsets.UTF_8);
        return config;
    }

    private static Delivery delivery(String subscriptionId, int n) {
        String eventId = "evt_" + n;
        return new Delivery(DeliveryIds.deliveryId(eventId, subscriptionId), eventId, "order.created", "acme",
                subscriptionId, String.format(BODY, eventId, n), 1, null, null);
    }

    private void produce(List<ProducerRecord<String, byte[]>> records) {
        TestTopics.produceAll(bootstrap, new StringSerializer(), new ByteArraySerializer(), records);
    }

    private int requestCount() {
        return targets.values().stream().mapToInt(target -> target.endpoint().requestCount()).sum();
    }

    /** Webhook-ids whose endpoint accepted a request, with how many it accepted (more than one: sent again). */
    private Map<String, Integer> acceptedByWebhookId() {
        Map<String, Integer> accepted = new HashMap<>();
        for (Target target : targets.values()) {
            requestsByWebhookId(target.endpoint()).forEach((id, count) -> {
                if (count > target.failsFirst()) {
                    accepted.merge(id, count - target.failsFirst(), Integer::sum);
                }
            });
        }
        return accepted;
    }

    /** Webhook-ids of the failing endpoints that got their failed first attempt only: a retry is pending. */
    private Set<String> firstAttemptsOnly() {
        return targets.values().stream().filter(target -> target.failsFirst() > 0)
                .flatMap(target -> requestsByWebhookId(target.endpoint()).entrySet().stream()
                        .filter(e -> e.getValue() <= target.failsFirst()).map(Map.Entry::getKey))
                .collect(Collectors.toSet());
    }

    private static Map<String, Integer> requestsByWebhookId(Endpoint endpoint) {
        return endpoint.requests().stream().collect(Collectors.groupingBy(r -> r.header("webhook-id"),
                Collectors.summingInt(r -> 1)));
    }

    /** When each attempt (delivery id and attempt number) was recorded: more than once if it was made again. */
    private Map<String, List<Long>> attemptTimestamps() {
        return TestTopics.consume(bootstrap, topics.attempts().name(), new StringDeserializer(),
                        JsonSerde.of(Attempt.class), 0, WAIT).stream()
                .collect(Collectors.groupingBy(r -> r.value().deliveryId() + "#" + r.value().attempt(),
                        Collectors.mapping(ConsumerRecord::timestamp, Collectors.toList())));
    }

    private Set<String> deadLettered() {
        return TestTopics.consume(bootstrap, topics.deadLetter().name(), new StringDeserializer(),
                JsonSerde.of(DeadLetter.class), 0, WAIT).stream()
                .map(ConsumerRecord::value).map(letter -> letter.delivery().deliveryId()).collect(Collectors.toSet());
    }

    /** Delivery ids whose record on the deliveries topic lies below the offset committed for its partition. */
    private Set<String> committedFirstAttempts(Map<TopicPartition, Long> committed) {
        return TestTopics.consume(bootstrap, topics.deliveries().name(), new StringDeserializer(),
                        JsonSerde.of(Delivery.class), DELIVERIES, WAIT).stream()
                .filter(r -> r.offset() < committed.getOrDefault(new TopicPartition(r.topic(), r.partition()), 0L))
                .map(r -> r.value().deliveryId())
                .collect(Collectors.toSet());
    }

    /** Delivery ids ever queued on a retry tier: a failed attempt, or one diverted from a busy endpoint. */
    private Set<String> queuedOnTiers() {
        return SCHEDULE.stream()
                .flatMap(delay -> TestTopics.consume(bootstrap, topics.retry(delay).name(), new StringDeserializer(),
                        JsonSerde.of(Delivery.class), 0, WAIT).stream())
                .map(r -> r.value().deliveryId())
                .collect(Collectors.toSet());
    }

    /** The group's committed offsets. */
    private Map<TopicPartition, Long> committed(Admin admin) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /**
     * Records of the deliveries topic and the retry tiers that the group has not committed,
     * 0 once nothing is left to send; {@link Long#MAX_VALUE} while retries are being queued.
     * End offsets are read before and after the committed ones, so a retry queued in between
     * is not missed.
     */
    private long uncommitted(Admin admin) throws Exception {
        List<TopicPartition> partitions = Stream.concat(Stream.of(topics.deliveries().name()),
                        SCHEDULE.stream().map(delay -> topics.retry(delay).name()))
                .flatMap(topic -> IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(topic, p)))
                .toList();
        Map<TopicPartition, Long> before = endOffsets(admin, partitions);
        Map<TopicPartition, Long> committed = committed(admin);
        Map<TopicPartition, Long> after = endOffsets(admin, partitions);
        if (!before.equals(after)) {
            return Long.MAX_VALUE;
        }
        return after.entrySet().stream().mapToLong(end -> end.getValue() - committed.getOrDefault(end.getKey(), 0L))
                .sum();
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, List<TopicPartition> partitions)
            throws Exception {
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(),
                        p -> OffsetSpec.latest()))).all().get(10, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
}
