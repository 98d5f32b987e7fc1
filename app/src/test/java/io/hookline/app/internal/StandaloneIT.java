package io.hookline.app.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.net.HostResolver;
import io.hookline.common.net.UrlGuard;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code standalone --demo} as a user runs it: embedded Kafka, router, dispatcher, ops
 * endpoints and the demo; deliveries arrive verified; a restart on the same data directory
 * still has the subscription.
 */
class StandaloneIT {

    @Test
    void demoDeliversVerifiedAndRestartKeepsSubscriptions(@TempDir Path data) throws Exception {
        int kafkaPort = freePort();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        Standalone.Settings settings = new Standalone.Settings(data, "127.0.0.1", kafkaPort, 0, Map.of());

        try (Standalone standalone = Standalone.start(settings, out);
             Demo demo = Demo.start(standalone.config(), "127.0.0.1", 200, out)) {
            assertTrue(standalone.awaitReady(Duration.ofSeconds(90), () -> false), "router and dispatcher running");
            assertEquals(200, status(standalone.opsPort(), "/readyz"));
            await("three verified demo deliveries").atMost(Duration.ofSeconds(90)).until(() -> demo.verified() >= 3);
            assertEquals(0, demo.rejected());
            String metrics = httpBody(standalone.opsPort(), "/metrics");
            assertTrue(counter(metrics, "hookline_dispatcher_delivered_total") >= 3, metrics);
            assertTrue(counter(metrics, "hookline_router_deliveries_written_total") >= 3, metrics);
            assertTrue((Long) ManagementFactory.getPlatformMBeanServer().getAttribute(
                    new ObjectName("hookline:name=dispatcher.delivered,type=counters"), "Count") >= 3, "JMX");
        }
        String printed = output.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("signature verified"), printed);
        assertTrue(printed.contains("Endpoints  https and plain http, public addresses and 127.0.0.0/8, ::1/128 "),
                "standalone says it allows loopback and plain http: " + printed);

        try (Standalone again = Standalone.start(settings, out);
             SubscriptionAdmin admin = new SubscriptionAdmin(again.config().kafkaClients(),
                     again.config().topics(), new UrlGuard(again.config().egressPolicy(), HostResolver.SYSTEM))) {
            assertTrue(admin.get(Demo.SUBSCRIPTION_ID).orElseThrow().valid(), "the subscription survived a restart");
        }
    }

    /** The value of a counter on a /metrics page, which must show it. */
    private static double counter(String page, String name) {
        Matcher line = Pattern.compile("^" + name + " (\\S+)$", Pattern.MULTILINE).matcher(page);
        assertTrue(line.find(), name + " is not on /metrics");
        return Double.parseDouble(line.group(1));
    }

    private static int status(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String httpBody(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
