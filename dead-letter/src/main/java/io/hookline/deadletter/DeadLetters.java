package io.hookline.deadletter;

import io.hookline.common.HooklineException;
import io.hookline.common.kafka.KafkaClients;
import io.hookline.common.kafka.TopicDescriber;
import io.hookline.common.wire.Attempt;
import io.hookline.common.wire.InvalidRecordException;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Topics;
import io.hookline.deadletter.internal.ReplayDecider;
import io.hookline.deadletter.internal.ReplayRun;
import io.hookline.deadletter.internal.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * The dead-letter tools: what {@code hookline dlq list|show|stats|replay} do, against the
 * topics of one prefix.
 *
 * <ul>
 *   <li>{@link #list}, {@link #stats} and {@link #show} read {@code <prefix>.dead-letter} from
 *       the beginning to the end offsets it had when they started ({@code read_committed}, no
 *       consumer group, nothing committed): they always end, and change nothing.</li>
 *   <li>{@link #replay} sends matching letters back: dispatcher letters to
 *       {@code <prefix>.deliveries} as a fresh delivery with the same delivery id, router
 *       letters to {@code <prefix>.events} as their original bytes. A replay is named; its place
 *       in the dead-letter topic is the committed offset of consumer group
 *       {@code hookline-replay-<prefix>-<name>}, written in the same Kafka transaction as the
 *       records it sent, so running it again sends nothing twice and a run killed halfway is
 *       finished by the next run, exactly once. See {@link ReplayRun}.</li>
 * </ul>
 * Messages are single lines ({@link HooklineException}); nothing shown holds a secret, as dead
 * letters hold none (deliveries carry no URL, header or secret).
 */
public final class DeadLetters implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Transactions of a replay are short; a killed run must not hold up read_committed readers for long. */
    private static final int TRANSACTION_TIMEOUT_MS = 15_000;
    private static final Pattern POSITION = Pattern.compile("(\\d{1,9}):(\\d{1,19})");

    private final KafkaClients clients;
    private final Topics topics;
    private final Admin admin;
    private final TopicDescriber describer;
    private volatile ReplayRun running;
    private volatile boolean stopRequested;

    /**
     * @param clients the Kafka clients' settings; short timeouts suit a command line
     */
    public DeadLetters(KafkaClients clients, Topics topics) {
        this.clients = clients;
        this.topics = topics;
        this.admin = Admin.create(clients.admin("hookline-dlq-admin"));
        this.describer = TopicDescriber.of(admin);
    }

    /** The dead-letter topic's name. */
    public String topic() {
        return topics.deadLetter().name();
    }

    /**
     * The letters {@code filter} matches: the {@code limit} most recent of them by
     * {@code deadAt}, oldest first, and how many matched in all.
     */
    public ListResult list(DeadLetterFilter filter, int limit, Progress progress) {
        if (limit < 1) {
            throw new HooklineException("--limit must be at least 1");
        }
        Comparator<StoredDeadLetter> byTime = Comparator.comparing(StoredDeadLetter::deadAt)
                .thenComparingInt(StoredDeadLetter::partition).thenComparingLong(StoredDeadLetter::offset);
        PriorityQueue<StoredDeadLetter> newest = new PriorityQueue<>(byTime);
        AtomicLong matched = new AtomicLong();
        AtomicLong unreadable = new AtomicLong();
        long read = readDeadLetters(progress, record -> {
            StoredDeadLetter stored = StoredDeadLetter.read(record);
            if (stored == null) {
                unreadable.incrementAndGet();
            } else if (filter.matches(stored)) {
                matched.incrementAndGet();
                newest.add(stored);
                if (newest.size() > limit) {
                    newest.poll();
                }
            }
        });
        List<StoredDeadLetter> letters = new ArrayList<>(newest);
        letters.sort(byTime);
        return new ListResult(letters, matched.get(), read, unreadable.get());
    }

    /** Counts of the letters {@code filter} matches. */
    public DeadLetterStats stats(DeadLetterFilter filter, Progress progress) {
        DeadLetterStats stats = new DeadLetterStats();
        readDeadLetters(progress, record -> {
            StoredDeadLetter stored = StoredDeadLetter.read(record);
            if (stored == null) {
                stats.addUnreadable();
            } else if (filter.matches(stored)) {
                stats.add(stored);
            }
        });
        return stats;
    }

    /**
     * Everything about one dead letter: by delivery id ({@code msg_…}), every letter of that
     * delivery and every attempt of it in the attempts topic; by place ({@code 2:17}, how
     * {@code list} names router letters), that one letter.
     */
    public Optional<DeadLetterReport> show(String id, Progress progress) {
        Matcher position = POSITION.matcher(id);
        List<StoredDeadLetter> letters = new ArrayList<>();
        if (position.matches()) {
            int partition = Integer.parseInt(position.group(1));
            long offset = Long.parseLong(position.group(2));
            List<TopicPartition> partitions = describer.existing(topic(), TIMEOUT);
            if (partition >= partitions.size()) {
                return Optional.empty();
            }
            read(List.of(new TopicPartition(topic(), partition)), progress, "reading " + topic(), record -> {
                if (record.offset() == offset) {
                    StoredDeadLetter stored = StoredDeadLetter.read(record);
                    if (stored == null) {
                        throw new HooklineException("the record at " + id + " of " + topic()
                                + " is not a dead letter this version can read");
                    }
                    letters.add(stored);
                }
            });
            if (letters.isEmpty()) {
                return Optional.empty();
            }
            String deliveryId = letters.get(0).letter().delivery() == null ? null
                    : letters.get(0).letter().delivery().deliveryId();
            return Optional.of(new DeadLetterReport(id, letters, deliveryId == null ? List.of()
                    : attempts(deliveryId)));
        }
        readDeadLetters(progress, record -> {
            StoredDeadLetter stored = StoredDeadLetter.read(record);
            if (stored != null && stored.letter().delivery() != null
                    && stored.letter().delivery().deliveryId().equals(id)) {
                letters.add(stored);
            }
        });
        if (letters.isEmpty()) {
            return Optional.empty();
        }
        letters.sort(Comparator.comparing(StoredDeadLetter::deadAt));
        return Optional.of(new DeadLetterReport(id, letters, attempts(id)));
    }

    /**
     * Runs a replay, or with {@link ReplayRequest#dryRun()} says what it would do.
     * {@link #stopReplay()} stops it from another thread.
     *
     * @param subscriptions the subscriptions as they are now
     */
    public ReplaySummary replay(ReplayRequest request, SubscriptionStates subscriptions, Progress progress) {
        List<TopicPartition> partitions = describer.existing(topic(), TIMEOUT);
        String group = request.groupId(topics.prefix());
        ReplayDecider decider = new ReplayDecider(topics, subscriptions, request.includeDisabled(), request.name());
        try (Consumer<String, byte[]> consumer = new KafkaConsumer<>(clients.consumer("hookline-replay", group));
             Producer<String, byte[]> producer = request.dryRun() ? null : transactionalProducer(group)) {
            ReplayRun run = new ReplayRun(consumer, producer, decider, request, System::nanoTime);
            running = run;
            if (stopRequested) {
                run.stop(); // asked while the clients were being made
            }
            try {
                return run.run(partitions, progress);
            } finally {
                running = null;
                stopRequested = false; // a stop ends one replay, not the ones after it
            }
        }
    }

    /**
     * Stops the replay running now, or the one about to start: it commits what it sent and
     * returns its summary (one asked to stop before it began fails, having sent nothing).
     */
    public void stopReplay() {
        stopRequested = true;
        ReplayRun run = running;
        if (run != null) {
            run.stop();
        }
    }

    private Producer<String, byte[]> transactionalProducer(String transactionalId) {
        Map<String, Object> properties = clients.producer("hookline-replay");
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        properties.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        return new KafkaProducer<>(properties);
    }

    /** Every attempt of {@code deliveryId}, read from the one partition its key goes to. */
    private List<Attempt> attempts(String deliveryId) {
        String attemptsTopic = topics.attempts().name();
        List<TopicPartition> partitions = describer.partitions(attemptsTopic, TIMEOUT).orElse(List.of());
        if (partitions.isEmpty()) {
            return List.of();
        }
        // the producer's default partitioner: murmur2 of the key bytes, as the dispatcher writes them
        int partition = Utils.toPositive(Utils.murmur2(deliveryId.getBytes(StandardCharsets.UTF_8)))
                % partitions.size();
        List<Attempt> attempts = new ArrayList<>();
        read(List.of(new TopicPartition(attemptsTopic, partition)), Progress.NONE, "reading " + attemptsTopic,
                record -> {
                    if (deliveryId.equals(record.key()) && record.value() != null) {
                        try {
                            attempts.add(Json.read(record.value(), Attempt.class));
                        } catch (InvalidRecordException e) {
                            // not an attempt this version reads: nothing to show of it
                        }
                    }
                });
        attempts.sort(Comparator.comparingInt(Attempt::attempt).thenComparing(Attempt::at));
        return attempts;
    }

    private long readDeadLetters(Progress progress, java.util.function.Consumer<ConsumerRecord<String, byte[]>> h) {
        return read(describer.existing(topic(), TIMEOUT), progress, "reading " + topic(), h);
    }

    private long read(List<TopicPartition> partitions, Progress progress, String what,
                      java.util.function.Consumer<ConsumerRecord<String, byte[]>> handler) {
        try (Consumer<String, byte[]> consumer = new KafkaConsumer<>(clients.consumer("hookline-dlq", null))) {
            return new TopicReader(consumer, TIMEOUT, System::nanoTime).read(partitions, handler, progress, what);
        }
    }

    @Override
    public void close() {
        admin.close(TIMEOUT);
    }
}
