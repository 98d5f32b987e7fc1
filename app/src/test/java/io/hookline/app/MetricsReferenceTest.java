package io.hookline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.hookline.common.ops.OpsServer;
import io.hookline.dispatcher.internal.DispatcherMetrics;
import io.hookline.router.RouterMetrics;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/metrics.md lists every metric as {@code /metrics} shows it: this keeps it in step with the
 * names RouterMetrics and DispatcherMetrics declare.
 */
class MetricsReferenceTest {
    private static final Path DOC = Path.of("..", "docs", "metrics.md");
    /** A row of the doc's tables: | `name` | type | labels | what it counts | `JMX name` |. */
    private static final Pattern ROW = Pattern.compile(
            "^\\| `(hookline_\\w+)` \\| (\\w+) \\| [^|]+ \\| [^|]+ \\| `([\\w.]+)` \\|$", Pattern.MULTILINE);
    /** The library's help line names the Dropwizard metric, which is the JMX name under hookline. */
    private static final Pattern HELP = Pattern.compile(
            "^# HELP (\\S+) Generated from Dropwizard metric import \\(metric=hookline\\.([^,]+),", Pattern.MULTILINE);
    private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\w+)$", Pattern.MULTILINE);

    /** One metric: its name on /metrics, its Prometheus type and its name in the registry and in JMX. */
    private record Metric(String name, String type, String jmxName) {
        @Override
        public String toString() {
            return "| `" + name + "` | " + type + " | … | `" + jmxName + "` |";
        }
    }

    @Test
    void docListsEveryMetricOnceAsMetricsShowsIt() throws Exception {
        String doc = Files.readString(DOC);
        List<Metric> documented = new ArrayList<>();
        Matcher row = ROW.matcher(doc);
        while (row.find()) {
            documented.add(new Metric(row.group(1), row.group(2), row.group(3)));
        }
        Set<Metric> exposed = exposed(declaredRegistry());

        assertEquals(documented.size(), Set.copyOf(documented).size(), "a metric is listed twice: " + documented);
        List<String> missing = sorted(exposed.stream().filter(m -> !documented.contains(m)).toList());
        List<String> wrong = sorted(documented.stream().filter(m -> !exposed.contains(m)).toList());
        assertTrue(missing.isEmpty() && wrong.isEmpty(), "docs/metrics.md is stale: add the rows " + missing
                + ", fix or remove the rows " + wrong);
    }

    /** A constant added to a metrics class must be registered below, as the stage registers it. */
    @Test
    void theRegistryHereHoldsEveryDeclaredName() {
        Set<String> declared = Stream.concat(constants(RouterMetrics.class), constants(DispatcherMetrics.class))
                .filter(name -> !name.endsWith(".")) // a prefix, not a name: its names are added below
                .collect(Collectors.toCollection(TreeSet::new));
        DispatcherMetrics.DISPATCHER_REASONS.forEach(reason ->
                declared.add(DispatcherMetrics.DEAD_LETTERED_PREFIX + reason.wireName()));

        assertEquals(declared, new TreeSet<>(declaredRegistry().getNames()),
                "a declared name is not registered here: register it as its stage does");
    }

    @Test
    void deliveryCountersAreOnMetrics() throws Exception {
        Set<String> names = exposed(declaredRegistry()).stream().map(Metric::name).collect(Collectors.toSet());

        assertTrue(names.containsAll(List.of("hookline_dispatcher_delivered_total",
                "hookline_dispatcher_dead_lettered_total", "hookline_router_deliveries_written_total")),
                names::toString);
    }

    /** A registry holding every metric a standalone process registers, all at 0. */
    private static MetricRegistry declaredRegistry() {
        MetricRegistry registry = new MetricRegistry();
        // the Router registers the gauges over Kafka Streams' metrics on its RouterMetrics
        new RouterMetrics(registry).streamsGauges(Map::of);
        DispatcherMetrics dispatcher = new DispatcherMetrics(registry);
        // the Dispatcher registers these gauges on its DispatcherMetrics
        dispatcher.gauge(DispatcherMetrics.IN_FLIGHT, () -> 0);
        dispatcher.gauge(DispatcherMetrics.SUBSCRIPTIONS, () -> 0);
        dispatcher.gauge(DispatcherMetrics.ENDPOINTS_IN_FLIGHT, () -> 0);
        dispatcher.gauge(DispatcherMetrics.CIRCUITS_OPEN, () -> 0);
        return registry;
    }

    private static Set<Metric> exposed(MetricRegistry registry) throws Exception {
        String page;
        try (OpsServer ops = OpsServer.start(new InetSocketAddress("127.0.0.1", 0), registry, () -> true)) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> response = HttpClient.newHttpClient().send(request,
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            page = response.body();
        }
        Map<String, String> jmxNames = new HashMap<>();
        for (Matcher help = HELP.matcher(page); help.find(); ) {
            jmxNames.put(help.group(1), help.group(2));
        }
        Set<Metric> metrics = new HashSet<>();
        for (Matcher type = TYPE.matcher(page); type.find(); ) {
            metrics.add(new Metric(type.group(1), type.group(2), jmxNames.get(type.group(1))));
        }
        assertEquals(registry.getNames().size(), metrics.size(), page);
        return metrics;
    }

    private static Stream<String> constants(Class<?> type) {
        List<String> names = new ArrayList<>();
        for (Field field : type.getFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers) && field.getType() == String.class) {
                try {
                    names.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return names.stream();
    }

    private static List<String> sorted(Collection<Metric> metrics) {
        return metrics.stream().map(Metric::toString).sorted().toList();
    }
}
