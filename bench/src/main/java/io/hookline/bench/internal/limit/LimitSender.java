package io.hookline.bench.internal.limit;

import io.hookline.bench.internal.Layout;
import io.hookline.bench.internal.LoopContender;
import io.hookline.common.kafka.KafkaClients;
import io.hookline.common.lifecycle.ConsumerLoop;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Baseline (b), the limit: one consumer of pre-fanned deliveries and async httpclient5 POSTs
 * of their bodies, with the dispatcher's default bounds (1,000 in flight, 50 connections per
 * endpoint, 5,000 pooled in all) and nothing else: no signing, no retries, no attempt records, no commits. What
 * Kafka plus httpclient5 can do on this machine, which Hookline's overhead is measured against.
 *
 * <p>Its pool is httpcore5's lax one, which keeps each endpoint's connections apart. The strict
 * pool (httpclient5's default) removes each leased connection from one list of every idle
 * connection, a linear scan under one lock: in a profile, 65 % of this sender's thread with up
 * to 5,000 pooled connections. The lax pool has no total of its own: at the bench's 100
 * endpoints, 50 each make the same 5,000, and at most 1,000 are in use at once.
 *
 * <p>The only class outside the dispatcher's http package that uses httpclient5 (ArchitectureTest
 * allows this package by name): the limit is httpclient5 alone, by definition.
 */
public final class LimitSender extends LoopContender {
    private static final int MAX_IN_FLIGHT = 1000;
    private static final int MAX_PER_ENDPOINT = 50;
    private static final Duration POLL = Duration.ofMillis(100);

    private final Sending sending;

    public LimitSender(KafkaClients clients, String topic, String groupId, Layout layout, IntFunction<String> urls) {
        this(new Sending(clients, topic, groupId, layout, urls));
    }

    private LimitSender(Sending sending) {
        super("bench-limit", sending);
        this.sending = sending;
    }

    /** POSTs that failed or were answered with something else than 2xx. */
    public long failed() {
        return sending.failed.get();
    }

    private static final class Sending extends ConsumerLoop<String, byte[]> {
        private final String topic;
        private final Layout layout;
        private final URI[] urls;
        private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        private final AtomicLong failed = new AtomicLong();
        private final CloseableHttpAsyncClient http = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                        .setMaxConnPerRoute(MAX_PER_ENDPOINT)
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .build();
        private final FutureCallback<SimpleHttpResponse> done = new FutureCallback<>() {
            @Override
            public void completed(SimpleHttpResponse response) {
                if (response.getCode() / 100 != 2) {
                    failed.incrementAndGet();
                }
                inFlight.release();
            }

            @Override
            public void failed(Exception e) {
                failed.incrementAndGet();
                inFlight.release();
            }

            @Override
            public void cancelled() {
                failed.incrementAndGet();
                inFlight.release();
            }
        };

        Sending(KafkaClients clients, String topic, String groupId, Layout layout, IntFunction<String> urls) {
            super(new KafkaConsumer<>(clients.consumer("bench-limit", groupId)));
            this.topic = topic;
            this.layout = layout;
            this.urls = new URI[layout.endpoints()];
            for (int i = 0; i < this.urls.length; i++) {
                this.urls[i] = URI.create(urls.apply(i));
            }
        }

        @Override
        public void open() {
            http.start();
            consumer.subscribe(List.of(topic));
        }

        @Override
        public void runOnce() throws InterruptedException {
            ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
            for (ConsumerRecord<String, byte[]> record : records) {
                inFlight.acquire();
                SimpleHttpRequest request = SimpleRequestBuilder.post(urls[layout.endpointOf(record.key())])
                        .setBody(record.value(), ContentType.APPLICATION_JSON)
                        .build();
                http.execute(request, done);
            }
        }

        @Override
        public void close() {
            try {
                if (inFlight.tryAcquire(MAX_IN_FLIGHT, 30, TimeUnit.SECONDS)) {
                    inFlight.release(MAX_IN_FLIGHT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            http.close(CloseMode.GRACEFUL);
            super.close();
        }
    }
}
