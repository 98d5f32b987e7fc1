package io.hookline.bench.internal;

import io.hookline.common.kafka.KafkaClients;
import io.hookline.common.lifecycle.ConsumerLoop;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Baseline (d), for the router alone: a plain consume-and-produce copy with the router's
 * fan-out and exactly-once. Each event is written once per subscription of its tenant (key
 * the subscription id, value the event's bytes as they are), in transactions that also carry
 * the consumed offsets, committed as often as the router measured beside it commits
 * ({@code router.commit.interval}). No parsing, no state store, no dedupe.
 */
public final class CopyBaseline extends LoopContender {
    private static final Duration POLL = Duration.ofMillis(100);

    public CopyBaseline(KafkaClients clients, String input, String output, String groupId, Layout layout,
                        Duration commitInterval) {
        super("bench-copy", new Copying(clients, input, output, groupId, layout, commitInterval.toNanos()));
    }

    private static final class Copying extends ConsumerLoop<String, byte[]> {
        private final KafkaProducer<String, byte[]> producer;
        private final String input;
        private final String output;
        private final Layout layout;
        private final Map<String, Integer> tenants = new HashMap<>();
        private final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        private boolean inTransaction;
        private long transactionStarted;
        private final long commitIntervalNanos;

        Copying(KafkaClients clients, String input, String output, String groupId, Layout layout,
                long commitIntervalNanos) {
            super(new KafkaConsumer<>(clients.consumer("bench-copy", groupId)));
            this.commitIntervalNanos = commitIntervalNanos;
            Map<String, Object> producerSettings = clients.producer("bench-copy");
            producerSettings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, groupId + "-tx");
            this.producer = new KafkaProducer<>(producerSettings);
            this.input = input;
            this.output = output;
            this.layout = layout;
            for (int t = 0; t < layout.tenants(); t++) {
                tenants.put(layout.tenantName(t), t);
            }
        }

        @Override
        public void open() {
            producer.initTransactions();
            consumer.subscribe(List.of(input));
        }

        @Override
        public void runOnce() {
            ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
            for (ConsumerRecord<String, byte[]> record : records) {
                if (!inTransaction) {
                    producer.beginTransaction();
                    inTransaction = true;
                    transactionStarted = System.nanoTime();
                }
                int tenant = tenants.getOrDefault(record.key(), 0);
                for (int j = 0; j < layout.fanOut(); j++) {
                    producer.send(new ProducerRecord<>(output, layout.subscriptionId(tenant * layout.fanOut() + j),
                            record.value()));
                }
                offsets.put(new TopicPartition(record.topic(), record.partition()),
                        new OffsetAndMetadata(record.offset() + 1));
            }
            if (inTransaction && System.nanoTime() - transactionStarted >= commitIntervalNanos) {
                producer.sendOffsetsToTransaction(Map.copyOf(offsets), consumer.groupMetadata());
                producer.commitTransaction();
                offsets.clear();
                inTransaction = false;
            }
        }

        @Override
        public void close() {
            if (inTransaction) {
                producer.abortTransaction();
            }
            producer.close();
            super.close();
        }
    }
}
