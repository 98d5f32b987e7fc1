package io.hookline.bench.internal;

import io.hookline.common.HooklineException;
import io.hookline.common.kafka.KafkaClients;
import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.DeadLetterReason;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.DeliveryIds;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Topics;
import io.hookline.testkit.TestTopics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The replay scenario: a dead-letter topic of dispatcher letters (exhausted, bodies of {@value
 * LoadGenerator#EVENT_BYTES} bytes, 100 subscriptions) replayed by {@code dlq replay}'s engine,
 * beside a raw transactional consume-and-produce copy of the same topic. Each runs in a child
 * JVM of its own with {@value #HEAP} ({@link ReplayChild}), which reports its records, time and
 * the most heap it used; the records each wrote are counted back from its output topic.
 */
final class ReplayScenario {
    static final String HEAP = "-Xmx256m";
    private static final int SUBSCRIPTIONS = 100;
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(30);
    private static final Pattern RESULT = Pattern.compile("records=(\\d+) millis=(\\d+) peakHeapBytes=(\\d+)");

    /** What a child reported, and the records counted in its output. */
    record ChildResult(RunResult run, long peakHeapBytes) {
    }

    private final String bootstrap;
    private final KafkaClients clients;
    private final Topics topics;
    private final int partitions;
    private final Path workDir;
    private final Progress progress;

    ReplayScenario(String bootstrap, KafkaClients clients, String prefix, int partitions, Path workDir,
                   Progress progress) {
        this.bootstrap = bootstrap;
        this.clients = clients;
        this.topics = new Topics(prefix);
        this.partitions = partitions;
        this.workDir = workDir;
        this.progress = progress;
    }

    /** Creates the topics and writes {@code letters} dead letters. */
    void prepare(long letters) {
        TestTopics.createAll(bootstrap, topics, partitions, List.of());
        TestTopics.create(bootstrap, partitions, copyTopic());
        Map<String, Object> settings = clients.producer("bench-replay-load");
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        String body = "{\"id\":\"evt\",\"type\":\"" + LoadGenerator.EVENT_TYPE + "\",\"data\":{\"pad\":\""
                + "x".repeat(LoadGenerator.EVENT_BYTES - 60) + "\"}}";
        Instant now = Instant.now();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings)) {
            for (long i = 0; i < letters; i++) {
                String subscription = "bench-sub-" + (i % SUBSCRIPTIONS);
                String eventId = "evt_r" + i;
                Delivery delivery = new Delivery(DeliveryIds.deliveryId(eventId, subscription), eventId,
                        LoadGenerator.EVENT_TYPE, ReplayChild.TENANT, subscription, body, 10, now, null);
                DeadLetter letter = DeadLetter.unsent(delivery, DeadLetterReason.EXHAUSTED, "HTTP 500",
                        new DeadLetter.Source(topics.retry(Duration.ofHours(24)).name(), 0, i), now);
                producer.send(new ProducerRecord<>(topics.deadLetter().name(), subscription, Json.write(letter)));
                if (i % 50_000 == 0) {
                    progress.show("replay: writing " + letters + " dead letters: " + i + " ...");
                }
            }
            producer.flush();
        }
    }

    /** Runs {@code spec}'s system (copy or replay) in a child JVM over the letters; counts what it wrote. */
    ChildResult run(RunSpec spec) {
        boolean replay = spec.system() == SystemKind.REPLAY;
        String output = replay ? topics.deliveries().name() : copyTopic();
        progress.show(spec.title() + ": " + spec.events() + " records in a child JVM (" + HEAP + ") ...");
        long started = System.nanoTime();
        String line;
        String failure = null;
        try {
            line = child(replay ? "replay" : "copy", spec.events(), workDir.resolve("replay-" + spec.system().cliName()
                    + ".log"));
        } catch (HooklineException e) {
            line = null;
            failure = e.getMessage();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Matcher m = line == null ? null : RESULT.matcher(line);
        if (m == null || !m.matches()) {
            return new ChildResult(new RunResult(spec, spec.expected(), 0, 0, 0, spec.expected(), 0, spec.expected(),
                    0, 0, null, 0, 0, seconds, failure != null ? failure : "no result from the child: " + line,
                    new int[0], Map.of()), 0);
        }
        long millis = Long.parseLong(m.group(2));
        long written = count(output);
        long missing = Math.max(0, spec.expected() - written);
        String voidReason = missing > 0 ? missing + " record(s) missing from " + output
                : written > spec.expected() ? (written - spec.expected()) + " record(s) too many in " + output : null;
        double perSecond = written * 1000.0 / Math.max(1, millis);
        return new ChildResult(new RunResult(spec, spec.expected(), written, 0, 0, missing, 0, spec.expected(),
                written, perSecond, null, 0, 0, millis / 1000.0, voidReason, new int[0], Map.of()),
                Long.parseLong(m.group(3)));
    }

    private String copyTopic() {
        return topics.prefix() + ".copy";
    }

    private String child(String mode, long expected, Path log) {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP,
                "-Djava.awt.headless=true", "-Dlogback.configurationFile=io/hookline/bench/receiver-logback.xml",
                ReplayChild.class.getName(), mode, bootstrap, topics.prefix(), Long.toString(expected));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        Process process = null;
        try {
            process = builder.start();
            process.getOutputStream().close();
            String last = null;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.US_ASCII))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    last = line;
                }
            }
            if (!process.waitFor(CHILD_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
                throw new HooklineException("the " + mode + " child did not end within " + CHILD_TIMEOUT.toMinutes()
                        + " min");
            }
            if (process.exitValue() != 0) {
                throw new HooklineException("the " + mode + " child failed (exit " + process.exitValue() + "; see "
                        + log + ")");
            }
            return last;
        } catch (IOException e) {
            throw new HooklineException("cannot run the " + mode + " child JVM: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HooklineException("interrupted while the " + mode + " child ran", e);
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /** Committed records in {@code topic}, read back: transaction markers take offsets, so end offsets would overcount. */
    private long count(String topic) {
        progress.show("replay: counting the records in " + topic + " ...");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(clients.consumer("bench-replay-count",
                null))) {
            List<TopicPartition> assigned = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned);
            long count = 0;
            while (assigned.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                count += records.count();
            }
            return count;
        }
    }
}
