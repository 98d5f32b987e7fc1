package io.hookline.bench.internal;

import io.hookline.common.HooklineException;
import io.hookline.common.kafka.KafkaClients;
import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Subscription;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Many subscriptions that no measured event is delivered to, published to a running
 * Hookline: {@code inOneTenant} of them in {@code bigTenant} (a tenant that the measured
 * events do go to, so each of its events meets them all, and matches only its own few), the
 * rest ten to a tenant of their own. Then one more, the <em>probe</em>, in a tenant of its
 * own: the time from it being published to an event routed to it is how long a subscription
 * published behind the load takes to take effect.
 *
 * @param total       subscriptions published before the probe
 * @param inOneTenant of those, in {@code bigTenant}
 * @param bigTenant   the tenant that gets {@code inOneTenant} of them
 */
public record SubscriptionLoad(int total, int inOneTenant, String bigTenant) {
    public static final String PROBE_ID = "load-probe";
    static final String PROBE_TENANT = "load-probe-tenant";
    /** Types no event of the bench has: the loaded subscriptions match nothing that is sent. */
    private static final String UNSENT_TYPE = "bench.unsent";
    private static final int PER_SMALL_TENANT = 10;

    public SubscriptionLoad {
        if (total < 1 || inOneTenant < 0 || inOneTenant > total) {
            throw new IllegalArgumentException("0 <= inOneTenant (" + inOneTenant + ") <= total (" + total + ")");
        }
    }

    /**
     * What loading took.
     *
     * @param publishSeconds   writing the {@code total} subscriptions until Kafka had them all
     * @param probeSeconds     the probe published (acknowledged) until a delivery to it was written by the
     *                         router (read-committed); null if none came within the timeout
     * @param bigTenantSeconds the probe published until the router routed every subscription of the big tenant;
     *                         null if it did not within the timeout
     * @param rssBeforeMib     this JVM's resident memory before loading, MiB (0 where the OS does not say)
     * @param rssAfterMib      and once loaded (or at the timeout)
     */
    public record Loaded(double publishSeconds, Double probeSeconds, Double bigTenantSeconds, long rssBeforeMib,
                         long rssAfterMib) {
    }

    String id(int i) {
        return "load-" + i;
    }

    String tenant(int i) {
        return i < inOneTenant ? bigTenant : "load-t" + (i - inOneTenant) / PER_SMALL_TENANT;
    }

    /**
     * Publishes the load and the probe to {@code hookline}'s subscriptions topic, then probes
     * the router ({@link RoutingProbe}) until it routes to the probe subscription, and waits
     * until it routes to every subscription of the big tenant.
     *
     * @param bigTenantExpected the subscriptions of the big tenant once all are loaded (the load's and the measured ones)
     * @param timeout         how long the router may take, for each of the two waits
     */
    Loaded publishAndProbe(KafkaClients clients, HooklineInstance hookline, IntFunction<String> urls,
                           WebhookSecret secret, int bigTenantExpected, Duration timeout) {
        long rssBefore = rssMib();
        String topic = hookline.topics().subscriptions().name();
        try (FreshTopicProducer fresh = new FreshTopicProducer(clients, "bench-subscription-load",
                "the subscriptions to load")) {
            KafkaProducer<String, byte[]> producer = fresh.producer();
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                Subscription subscription = subscription(id(i), tenant(i), urls.apply(i % 2), UNSENT_TYPE + "." + i % 50,
                        secret);
                fresh.send(topic, subscription.id(), Json.write(subscription));
            }
            fresh.flush();
            double publishSeconds = (System.nanoTime() - start) / 1e9;
            Subscription probe = subscription(PROBE_ID, PROBE_TENANT, urls.apply(0), LoadGenerator.EVENT_TYPE, secret);
            fresh.send(topic, probe.id(), Json.write(probe));
            fresh.flush();
            long published = System.nanoTime();
            Double probeSeconds = RoutingProbe.await(clients, producer, hookline.topics(),
                    Map.of(PROBE_ID, PROBE_TENANT), published, timeout);
            Double bigTenantSeconds = null;
            if (probeSeconds != null) {
                try {
                    Duration left = timeout.minusNanos(System.nanoTime() - published);
                    Await.until(() -> hookline.routes(bigTenant) >= bigTenantExpected,
                            left.isNegative() ? Duration.ofSeconds(1) : left, "the router to load " + bigTenant);
                    bigTenantSeconds = (System.nanoTime() - published) / 1e9;
                } catch (HooklineException e) {
                    // reported as not loaded in time
                }
            }
            return new Loaded(publishSeconds, probeSeconds, bigTenantSeconds, rssBefore, rssMib());
        }
    }

    private static Subscription subscription(String id, String tenant, String url, String type, WebhookSecret secret) {
        return new Subscription(id, tenant, Subscription.parseUrl(url), List.of(type), List.of(secret), Map.of(), true,
                HooklineInstance.MAX_ATTEMPTS, "hookline bench load", Subscription.VERSION);
    }

    /** This JVM's resident set, from /proc; 0 where there is none. */
    static long rssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no figure
        }
        return 0;
    }
}
