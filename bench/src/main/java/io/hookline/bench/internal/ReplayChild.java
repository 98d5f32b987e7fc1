package io.hookline.bench.internal;

import io.hookline.common.kafka.KafkaClients;
import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.wire.Subscription;
import io.hookline.common.wire.SubscriptionRecord;
import io.hookline.common.wire.Topics;
import io.hookline.deadletter.DeadLetterFilter;
import io.hookline.deadletter.DeadLetters;
import io.hookline.deadletter.Progress;
import io.hookline.deadletter.ReplayRequest;
import io.hookline.deadletter.ReplaySummary;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The replay scenario's child JVM, started with a bounded heap ({@code -Xmx256m}): either
 * {@code hookline dlq replay}'s engine ({@link DeadLetters#replay}) over a dead-letter topic,
 * or a raw consume-and-produce copy of the same topic, with transactions at the replay's pace
 * (every 200 ms or 5,000 records). Samples the used heap every 20 ms while it works and prints
 * one line: {@code records=N millis=M peakHeapBytes=B}. Arguments: {@code replay|copy
 * bootstrap prefix expected}.
 */
public final class ReplayChild {
    /** Subscriptions of the letters are {@code bench-sub-<n>} of this tenant, all enabled. */
    static final String TENANT = "bench-replay";
    private static final long COPY_COMMIT_INTERVAL_NANOS = Duration.ofMillis(200).toNanos();
    private static final int COPY_MAX_PER_TRANSACTION = 5_000;

    private ReplayChild() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        KafkaClients clients = new KafkaClients(Map.of("bootstrap.servers", args[1]));
        Topics topics = new Topics(args[2]);
        long expected = Long.parseLong(args[3]);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong peak = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heap-sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
                0, 20, TimeUnit.MILLISECONDS);
        long started = System.nanoTime();
        long records = mode.equals("replay") ? replay(clients, topics) : copy(clients, topics, expected);
        long millis = (System.nanoTime() - started) / 1_000_000;
        sampler.shutdownNow();
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        System.out.println("records=" + records + " millis=" + millis + " peakHeapBytes=" + peak.get());
        System.out.flush();
        System.exit(0);
    }

    private static long replay(KafkaClients clients, Topics topics) {
        WebhookSecret secret = WebhookSecret.generate();
        Map<String, SubscriptionRecord> subscriptions = new ConcurrentHashMap<>();
        try (DeadLetters letters = new DeadLetters(clients, topics)) {
            ReplaySummary summary = letters.replay(new ReplayRequest(DeadLetterFilter.ALL, "bench", false, 0, 0, false),
                    id -> subscriptions.computeIfAbsent(id, key -> new SubscriptionRecord.Valid(key, new Subscription(key,
                            TENANT, URI.create("http://127.0.0.1:9/" + key), List.of("**"), List.of(secret),
                            Map.of(), true, null, null, Subscription.VERSION))), Progress.NONE);
            if (summary.skippedTotal() > 0 || summary.note() != null) {
                System.err.println("replay skipped " + summary.skipped() + "; " + summary.note());
            }
            return summary.total();
        }
    }

    /** Consume and produce as they are, in transactions carrying the offsets, until {@code expected} are copied. */
    private static long copy(KafkaClients clients, Topics topics, long expected) {
        String group = "bench-replay-copy-" + topics.prefix();
        Map<String, Object> producerSettings = clients.producer("bench-replay-copy");
        producerSettings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, group);
        String output = topics.prefix() + ".copy";
        long copied = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(clients.consumer("bench-replay-copy", group));
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerSettings)) {
            producer.initTransactions();
            consumer.subscribe(List.of(topics.deadLetter().name()));
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            boolean inTransaction = false;
            long transactionStarted = 0;
            int inThisTransaction = 0;
            while (copied < expected || inTransaction) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (!inTransaction) {
                        producer.beginTransaction();
                        inTransaction = true;
                        transactionStarted = System.nanoTime();
                        inThisTransaction = 0;
                    }
                    producer.send(new ProducerRecord<>(output, record.key(), record.value()));
                    offsets.put(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1));
                    copied++;
                    inThisTransaction++;
                }
                if (inTransaction && (copied >= expected || inThisTransaction >= COPY_MAX_PER_TRANSACTION
                        || System.nanoTime() - transactionStarted >= COPY_COMMIT_INTERVAL_NANOS)) {
                    producer.sendOffsetsToTransaction(Map.copyOf(offsets), consumer.groupMetadata());
                    producer.commitTransaction();
                    offsets.clear();
                    inTransaction = false;
                }
            }
        }
        return copied;
    }
}
