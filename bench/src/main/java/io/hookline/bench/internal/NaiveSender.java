package io.hookline.bench.internal;

import io.hookline.common.kafka.KafkaClients;
import io.hookline.common.lifecycle.ConsumerLoop;
import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.signing.WebhookSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Baseline (a), what a first webhook sender looks like: one consumer of pre-fanned deliveries,
 * and for each record a signed POST with the JDK's HttpClient, waited for before the next
 * one; offsets committed after each poll's records. No retries: a failed POST is only counted.
 */
public final class NaiveSender extends LoopContender {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    public NaiveSender(KafkaClients clients, String topic, String groupId, Layout layout, IntFunction<String> urls,
                       WebhookSecret secret) {
        super("bench-naive", new Sending(clients, topic, groupId, layout, urls, secret));
    }

    private static final class Sending extends ConsumerLoop<String, byte[]> {
        private final String topic;
        private final Layout layout;
        private final IntFunction<String> urls;
        private final List<WebhookSecret> secrets;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();

        Sending(KafkaClients clients, String topic, String groupId, Layout layout, IntFunction<String> urls,
                WebhookSecret secret) {
            super(new KafkaConsumer<>(clients.consumer("bench-naive", groupId)));
            this.topic = topic;
            this.layout = layout;
            this.urls = urls;
            this.secrets = List.of(secret);
        }

        @Override
        public void open() {
            consumer.subscribe(List.of(topic));
        }

        @Override
        public void runOnce() throws Exception {
            ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
            for (ConsumerRecord<String, byte[]> record : records) {
                String id = "msg_" + record.partition() + "_" + record.offset();
                long timestamp = System.currentTimeMillis() / 1000;
                HttpRequest request = HttpRequest.newBuilder(URI.create(urls.apply(layout.endpointOf(record.key()))))
                        .timeout(TIMEOUT)
                        .header("content-type", "application/json")
                        .header("webhook-id", id)
                        .header("webhook-timestamp", Long.toString(timestamp))
                        .header("webhook-signature", WebhookSigner.sign(secrets, id, timestamp, record.value()))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(record.value()))
                        .build();
                http.send(request, HttpResponse.BodyHandlers.discarding());
            }
            if (!records.isEmpty()) {
                consumer.commitSync();
            }
        }
    }
}
