package io.hookline.testkit;

import io.hookline.common.HooklineException;
import io.hookline.common.kafka.KafkaFutures;
import io.hookline.common.wire.Topics;
import io.hookline.testkit.internal.KafkaClients;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Topics for tests: unique names, creation with Hookline's settings, and reading and writing
 * single records without writing a consumer loop in every test.
 */
public final class TestTopics {
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    /** Between looks at metadata that is not there yet (Kafka has no way to wait for it). */
    private static final long METADATA_BACKOFF_MS = 25;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final int KEYS_SHOWN = 10;
    private static final AtomicLong SEQUENCE = new AtomicLong();


    private TestTopics() {
    }

    /**
     * A name no other test uses, for a topic or a topic prefix: {@code base-<n>-<random>},
     * unique in this JVM and, through the random part, across JVMs sharing a cluster.
     */
    public static String unique(String base) {
        return base + "-" + SEQUENCE.incrementAndGet() + "-"
                + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
    }

    /**
     * Creates topics with the cluster's default replication factor and waits until the broker
     * serves them. Topics that already exist are left as they are.
     */
    public static void create(String bootstrap, int partitions, String... topics) {
        Map<String, Map<String, String>> configs = new LinkedHashMap<>();
        for (String topic : topics) {
            configs.put(topic, Map.of());
        }
        create(bootstrap, partitions, configs);
    }

    /** Like {@link #create}, with {@code cleanup.policy=compact}. */
    public static void createCompacted(String bootstrap, int partitions, String... topics) {
        Map<String, Map<String, String>> configs = new LinkedHashMap<>();
        for (String topic : topics) {
            configs.put(topic, Map.of("cleanup.policy", "compact"));
        }
        create(bootstrap, partitions, configs);
    }

    /**
     * Creates every Hookline topic of {@code topics}' prefix with DESIGN.md's settings, all
     * with {@code partitions} partitions (so the router's inputs are co-partitioned): events
     * (retention 7 d), subscriptions (compacted), deliveries, attempts (7 d), dead-letter (30 d).
     * Retry tiers depend on the schedule: see {@link #createAll(String, Topics, int, Collection)}.
     */
    public static void createAll(String bootstrap, Topics topics, int partitions) {
        createAll(bootstrap, topics, partitions, List.of());
    }

    /** {@link #createAll(String, Topics, int)} plus one retry topic per delay of the schedule. */
    public static void createAll(String bootstrap, Topics topics, int partitions, Collection<Duration> retryDelays) {
        create(bootstrap, partitions, settings(topics, retryDelays));
    }

    /**
     * The settings of each Hookline topic of a prefix, as in DESIGN.md's topic table.
     * Public so tests can compare what a tool created against it.
     */
    public static Map<String, Map<String, String>> settings(Topics topics, Collection<Duration> retryDelays) {
        return topics.settings(retryDelays);
    }

    /**
     * Reads {@code topic} from the beginning, {@code read_committed}, until at least
     * {@code atLeast} records came, then up to the end of what is committed at that moment
     * (so a duplicate already written shows up too), and returns them in the order read.
     * Waits for the topic to exist if needed. Uses no consumer group and commits nothing.
     *
     * @throws AssertionError naming the topic and the counts seen and wanted, on timeout
     */
    public static <K, V> List<ConsumerRecord<K, V>> consume(String bootstrap, String topic, Deserializer<K> keys,
            Deserializer<V> values, int atLeast, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        List<ConsumerRecord<K, V>> seen = new ArrayList<>();
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(consumerConfig(bootstrap), keys, values)) {
            List<TopicPartition> partitions = awaitPartitions(consumer, topic, deadline);
            if (partitions.isEmpty()) {
                throw new AssertionError("topic " + topic + " does not exist after " + timeout
                        + "; wanted at least " + atLeast + " record(s) from it");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (seen.size() < atLeast) {
                if (!Instant.now().isBefore(deadline)) {
                    throw new AssertionError("topic " + topic + ": saw " + seen.size() + " record(s) within "
                            + timeout + ", wanted at least " + atLeast + " (read_committed, from the beginning"
                            + ", " + partitions.size() + " partition(s)); keys seen: " + keysOf(seen));
                }
                consumer.poll(min(POLL, Duration.between(Instant.now(), deadline))).forEach(seen::add);
            }
            // read_committed end offsets are the last stable offsets: everything committed so far
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (!reached(consumer, end) && Instant.now().isBefore(deadline)) {
                consumer.poll(min(POLL, Duration.between(Instant.now(), deadline))).forEach(seen::add);
            }
        }
        return seen;
    }

    /** Writes one record with {@code acks=all} and waits until the broker has it. */
    public static <K, V> void produce(String bootstrap, String topic, Serializer<K> keys, Serializer<V> values,
            K key, V value) {
        produceAll(bootstrap, keys, values, List.of(new ProducerRecord<>(topic, key, value)));
    }

    /**
     * Writes records (to their own topics, with their headers, partitions and timestamps if
     * set) in order with one idempotent producer and {@code acks=all}, and waits until the
     * broker has them all.
     */
    public static <K, V> void produceAll(String bootstrap, Serializer<K> keys, Serializer<V> values,
            List<ProducerRecord<K, V>> records) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, "hookline-testkit-producer",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                // one in flight: on a topic just created, several were seen retrying
                // OUT_OF_ORDER_SEQUENCE_NUMBER until the delivery timeout
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, ADMIN_TIMEOUT.toMillis(),
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        String topics = records.stream().map(ProducerRecord::topic).distinct().collect(Collectors.joining(", "));
        try (KafkaProducer<K, V> producer = new KafkaProducer<>(config, keys, values)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
            for (ProducerRecord<K, V> record : records) {
                sent.add(producer.send(record));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : sent) {
                KafkaFutures.await(ack, ADMIN_TIMEOUT, "produce to " + topics);
            }
        }
    }

    private static void create(String bootstrap, int partitions, Map<String, Map<String, String>> configs) {
        List<NewTopic> newTopics = configs.entrySet().stream()
                .map(topic -> new NewTopic(topic.getKey(), Optional.of(partitions), Optional.empty())
                        .configs(topic.getValue()))
                .toList();
        try (Admin admin = KafkaClients.admin(bootstrap)) {
            admin.createTopics(newTopics).values().forEach((name, created) -> {
                try {
                    KafkaFutures.await(created, ADMIN_TIMEOUT, "create topic " + name);
                } catch (HooklineException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            });
            awaitLeaders(admin, configs.keySet(), Instant.now().plus(ADMIN_TIMEOUT));
        }
    }

    /**
     * A created topic is in the controller's metadata before the broker serves it; Kafka
     * Streams, for one, gives up on a source topic it cannot describe. So wait for leaders.
     */
    private static void awaitLeaders(Admin admin, Collection<String> topics, Instant deadline) {
        while (true) {
            Map<String, TopicDescription> descriptions = new HashMap<>();
            try {
                descriptions = KafkaFutures.await(admin.describeTopics(topics).allTopicNames(), ADMIN_TIMEOUT,
                        "describe topics " + topics);
            } catch (HooklineException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            boolean served = descriptions.size() == topics.size() && descriptions.values().stream()
                    .flatMap(description -> description.partitions().stream())
                    .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
            if (served) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new HooklineException("topics " + topics + " have no leader after " + ADMIN_TIMEOUT);
            }
            pause(METADATA_BACKOFF_MS);
        }
    }

    private static List<TopicPartition> awaitPartitions(KafkaConsumer<?, ?> consumer, String topic, Instant deadline) {
        while (true) {
            Duration left = Duration.between(Instant.now(), deadline);
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(topic, min(left, ADMIN_TIMEOUT));
            } catch (org.apache.kafka.common.errors.TimeoutException noAnswerYet) {
                infos = List.of();
            }
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            }
            if (!Instant.now().isBefore(deadline)) {
                return List.of();
            }
            pause(METADATA_BACKOFF_MS);
        }
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static Map<String, Object> consumerConfig(String bootstrap) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.CLIENT_ID_CONFIG, "hookline-testkit-consumer",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // reading must not create the topic it waits for
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    }

    private static String keysOf(List<? extends ConsumerRecord<?, ?>> records) {
        String shown = records.stream().limit(KEYS_SHOWN).map(r -> String.valueOf(r.key()))
                .collect(Collectors.joining(", ", "[", records.size() > KEYS_SHOWN ? ", …]" : "]"));
        return shown;
    }

    private static Duration min(Duration a, Duration b) {
        Duration smaller = a.compareTo(b) <= 0 ? a : b;
        return smaller.isNegative() ? Duration.ZERO : smaller;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HooklineException("interrupted while waiting for topic metadata", e);
        }
    }
}
