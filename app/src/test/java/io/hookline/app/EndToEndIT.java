package io.hookline.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.hookline.common.config.HooklineConfig;
import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.wire.DeliveryIds;
import io.hookline.dispatcher.DispatcherConfig;
import io.hookline.router.RouterConfig;
import io.hookline.testkit.Endpoint;
import io.hookline.testkit.ReceivedRequest;
import io.hookline.testkit.TestKafka;
import io.hookline.testkit.TestTopics;
import io.hookline.testkit.WebhookReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path on a real broker: subscriptions published with the CLI, an event produced by
 * a plain Kafka producer that knows nothing of Hookline, the router and the dispatcher in
 * between, and real HTTP receivers that verify every signature.
 */
class EndToEndIT {
    private final String bootstrap = TestKafka.shared().bootstrapServers();
    private final String prefix = TestTopics.unique("e2e");
    private final MetricRegistry metrics = new MetricRegistry();
    /** Closed after the stages, which the @AfterEach closes first. */
    @AutoClose
    private final WebhookReceiver receiver = WebhookReceiver.start();
    private RouterAndDispatcher stages;

    @TempDir
    Path stateDir;

    @BeforeEach
    void start() {
        Cli created = cli("topics", "create", "--partitions", "3");
        assertEquals(0, created.exitCode(), created.err());
        Map<String, Object> values = new HashMap<>();
        values.put(HooklineConfig.BOOTSTRAP_SERVERS, bootstrap);
        values.put(HooklineConfig.TOPIC_PREFIX, prefix);
        values.put(RouterConfig.APPLICATION_ID, prefix + "-router");
        values.put(RouterConfig.STATE_DIR, stateDir.toString());
        values.put(DispatcherConfig.GROUP_ID, prefix + "-dispatcher");
        // The receivers listen on loopback, over plain http: allowed on purpose, as standalone does.
        values.put(DispatcherConfig.HTTP_ALLOW_LOOPBACK, "true");
        values.put(DispatcherConfig.HTTP_ALLOW_PLAIN, "true");
        stages = RouterAndDispatcher.start(values, metrics);
    }

    @AfterEach
    void stop() {
        if (stages != null) {
            stages.close();
        }
    }

    @Test
    void eventFromPlainProducerReachesExactlyTheSubscribedReceiversSigned() throws Exception {
        WebhookSecret ordersOld = WebhookSecret.generate();
        WebhookSecret ordersNew = WebhookSecret.generate();
        WebhookSecret invoicesSecret = WebhookSecret.generate();
        WebhookSecret otherTenantSecret = WebhookSecret.generate();
        Endpoint orders = receiver.endpoint("orders", List.of(ordersOld));
        Endpoint ordersRotated = receiver.endpoint("orders-new-secret-only", List.of(ordersNew));
        Endpoint invoices = receiver.endpoint("invoices", List.of(invoicesSecret));
        Endpoint otherTenant = receiver.endpoint("other-tenant", List.of(otherTenantSecret));

        put("sub-orders", "acme", orders.url(), "order.*", "--secret", ordersOld.encoded(), "--secret",
                ordersNew.encoded(), "--header", "Authorization: Bearer s3cr3t", "--header", "X-Team: payments");
        put("sub-orders-new", "acme", ordersRotated.url(), "order.**", "--secret", ordersNew.encoded());
        put("sub-invoices", "acme", invoices.url(), "invoice.paid", "--secret", invoicesSecret.encoded());
        put("sub-other-tenant", "globex", otherTenant.url(), "**", "--secret", otherTenantSecret.encoded());

        awaitRouted("acme", 3);
        awaitRouted("globex", 1);

        try (KafkaProducer<String, String> producer = plainProducer()) {
            producer.send(new ProducerRecord<>(prefix + ".events", "acme",
                    "{\"id\":\"evt_1\",\"type\":\"order.created\",\"data\":{\"orderId\":42}}")).get();
            // Same tenant key, so the same partition: once this one arrives, the first is routed too.
            producer.send(new ProducerRecord<>(prefix + ".events", "acme",
                    "{\"id\":\"evt_2\",\"type\":\"invoice.paid\",\"data\":{\"invoice\":7}}")).get();
        }

        ReceivedRequest order = orders.awaitRequests(1, Duration.ofSeconds(60)).get(0);
        assertTrue(order.signatureValid(), order.verificationError());
        assertEquals(DeliveryIds.deliveryId("evt_1", "sub-orders"), order.headers().get("webhook-id"));
        assertEquals(2, order.headers().get("webhook-signature").split(" ").length, "one signature per secret");
        assertEquals("Bearer s3cr3t", order.headers().get("authorization"));
        assertEquals("payments", order.headers().get("x-team"));
        assertTrue(order.bodyText().startsWith("{\"id\":\"evt_1\",\"type\":\"order.created\",\"timestamp\":"),
                order.bodyText());
        assertTrue(order.bodyText().endsWith("\"data\":{\"orderId\":42}}"), order.bodyText());

        ReceivedRequest rotated = ordersRotated.awaitRequests(1, Duration.ofSeconds(30)).get(0);
        assertTrue(rotated.signatureValid(), rotated.verificationError());
        ReceivedRequest invoice = invoices.awaitRequests(1, Duration.ofSeconds(30)).get(0);
        assertTrue(invoice.signatureValid(), invoice.verificationError());
        assertEquals(DeliveryIds.deliveryId("evt_2", "sub-invoices"), invoice.headers().get("webhook-id"));

        assertEquals(1, orders.requests().size(), "order.* gets the order event only");
        assertEquals(1, ordersRotated.requests().size());
        assertEquals(1, invoices.requests().size(), "invoice.paid gets the invoice event only");
        assertEquals(0, otherTenant.requests().size(), "another tenant's subscription gets nothing");
    }

    /** Routing uses the subscriptions the router has seen: wait until it has seen ours. */
    private void awaitRouted(String tenant, int subscriptions) {
        await("the router saw " + subscriptions + " subscription(s) of " + tenant).atMost(Duration.ofSeconds(60))
                .until(() -> stages.router().routedSubscriptionIds(tenant), ids -> ids.size() >= subscriptions);
    }

    private void put(String id, String tenant, String url, String eventType, String... more) {
        String[] base = {"subscriptions", "put", "--allow-loopback", "--allow-plain-http", "--id", id, "--tenant",
            tenant, "--url", url, "--event-type", eventType};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        Cli result = cli(args);
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().startsWith("put subscription " + id), result.out());
    }

    private Cli cli(String... args) {
        return Cli.against(bootstrap, prefix, args);
    }

    private KafkaProducer<String, String> plainProducer() {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrap);
        properties.put("acks", "all");
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }
}
