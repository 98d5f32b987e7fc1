package io.hookline.common.ops;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Writes a Dropwizard registry in the Prometheus text exposition format. */
final class PrometheusText {
    private PrometheusText() {
    }

    static String format(MetricRegistry registry) {
        StringBuilder out = new StringBuilder(4096);
        for (Map.Entry<String, Counter> e : registry.getCounters().entrySet()) {
            line(out, name(e.getKey()) + "_total", "counter", e.getValue().getCount());
        }
        for (Map.Entry<String, Meter> e : registry.getMeters().entrySet()) {
            line(out, name(e.getKey()) + "_total", "counter", e.getValue().getCount());
        }
        for (@SuppressWarnings("rawtypes") Map.Entry<String, Gauge> e : registry.getGauges().entrySet()) {
            if (e.getValue().getValue() instanceof Number number) {
                line(out, name(e.getKey()), "gauge", number);
            }
        }
        for (Map.Entry<String, Histogram> e : registry.getHistograms().entrySet()) {
            summary(out, name(e.getKey()), e.getValue().getCount(), e.getValue().getSnapshot(), 1.0);
        }
        double nanosToSeconds = 1.0 / TimeUnit.SECONDS.toNanos(1);
        for (Map.Entry<String, Timer> e : registry.getTimers().entrySet()) {
            summary(out, name(e.getKey()) + "_seconds", e.getValue().getCount(), e.getValue().getSnapshot(),
                    nanosToSeconds);
        }
        return out.toString();
    }

    private static void summary(StringBuilder out, String name, long count, Snapshot snapshot, double scale) {
        out.append("# TYPE ").append(name).append(" summary\n");
        quantile(out, name, "0.5", snapshot.getMedian() * scale);
        quantile(out, name, "0.99", snapshot.get99thPercentile() * scale);
        quantile(out, name, "0.999", snapshot.get999thPercentile() * scale);
        out.append(name).append("_count ").append(count).append('\n');
    }

    private static void quantile(StringBuilder out, String name, String q, double value) {
        out.append(name).append("{quantile=\"").append(q).append("\"} ")
                .append(String.format(Locale.ROOT, "%.6f", value)).append('\n');
    }

    private static void line(StringBuilder out, String name, String type, Number value) {
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        out.append(name).append(' ').append(value).append('\n');
    }

    private static String name(String dropwizardName) {
        return "hookline_" + dropwizardName.replaceAll("[^A-Za-z0-9_]", "_");
    }
}
