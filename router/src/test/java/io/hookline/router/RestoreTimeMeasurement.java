package io.hookline.router;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.hookline.common.wire.Topics;
import io.hookline.testkit.TestKafka;
import io.hookline.testkit.TestTopics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not part of the suite (its name matches neither *Test nor *IT); run by hand with
 * {@code mvn -pl router -am verify -Dit.test=RestoreTimeMeasurement -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false}.
 *
 * <p>How long a router takes to restore its dedupe window when its state directory is lost (a
 * new machine, a pod without a persistent volume): the worst case after a crash. Scaled: it
 * writes {@value #IDS} routed ids straight into the dedupe store's changelog, as the router
 * would have written them (window-store key: tenant/id, timestamp, sequence number; value: the
 * timestamp), then starts a router on an empty state directory and logs the restore rate; 24 h
 * at 1,000 events/s is 86.4 million ids, so the full figure is that divided by the rate.
 */
class RestoreTimeMeasurement {
    private static final Logger log = LoggerFactory.getLogger(RestoreTimeMeasurement.class);
    private static final int IDS = 300_000;
    private static final int PARTITIONS = 3;

    @TempDir
    Path stateDir;

    @Test
    void restoreRateOfTheDedupeWindow() throws Exception {
        String bootstrap = TestKafka.shared().bootstrapServers();
        Topics topics = new Topics(TestTopics.unique("restore"));
        String applicationId = TestTopics.unique("restore-app");
        TestTopics.createAll(bootstrap, topics, PARTITIONS);
        Map<String, Object> values = new HashMap<>();
        values.put(RouterConfig.BOOTSTRAP_SERVERS, bootstrap);
        values.put(RouterConfig.TOPIC_PREFIX, topics.prefix());
        values.put(RouterConfig.APPLICATION_ID, applicationId);
        values.put(RouterConfig.STATE_DIR, stateDir.resolve("first").toString());
        try (Router first = Router.create(new RouterConfig(values), new MetricRegistry())) {
            first.start();
            await().atMost(Duration.ofMinutes(2)).until(first::isRunning); // creates the internal topics
        }

        String changelog = applicationId + "-" + RouterTopology.ROUTED_EVENT_IDS_STORE + "-changelog";
        long now = System.currentTimeMillis();
        long writeStart = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int n = 0; n < IDS; n++) {
                long timestamp = now - (IDS - n); // one id a millisecond, the newest now
                byte[] key = ("tenant-" + (n % 50) + "/evt_" + n).getBytes(StandardCharsets.UTF_8);
                byte[] windowed = ByteBuffer.allocate(key.length + 12).put(key).putLong(timestamp).putInt(0).array();
                byte[] value = ByteBuffer.allocate(8).putLong(timestamp).array();
                producer.send(new ProducerRecord<>(changelog, n % PARTITIONS, timestamp, windowed, value));
            }
        }
        log.info("Wrote {} ids to {} in {} ms", IDS, changelog, (System.nanoTime() - writeStart) / 1_000_000);

        values.put(RouterConfig.STATE_DIR, stateDir.resolve("lost").toString());
        MetricRegistry metrics = new MetricRegistry();
        long start = System.nanoTime();
        try (Router second = Router.create(new RouterConfig(values), metrics)) {
            second.start();
            await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> metrics.counter(RouterMetrics.STATE_RESTORED).getCount() >= IDS);
            long millis = (System.nanoTime() - start) / 1_000_000;
            long rate = IDS * 1000L / Math.max(1, millis);
            log.info("Restored {} ids on an empty state directory in {} ms (including the start): {} ids/s; "
                    + "24 h at 1,000 events/s (86.4 M ids) would take about {} min", IDS, millis, rate,
                    86_400_000L / Math.max(1, rate) / 60);
            assertTrue(millis > 0);
        }
    }
}
