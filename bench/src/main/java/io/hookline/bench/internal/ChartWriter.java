package io.hookline.bench.internal;

import io.hookline.common.HooklineException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws an invocation's PNG charts beside its {@code results.json}, one set per scenario:
 * {@code <scenario>-rates.png} (steady deliveries — or records — per second of each run, a bar
 * per system), {@code <scenario>-latency.png} (p50 to p99.9 of the paced runs) and
 * {@code <scenario>-timeline.png} (arrivals per second over each run, with the moments a
 * scenario marked, e.g. a process stopped). Drawn headless: no display is needed.
 */
public final class ChartWriter {
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 560;
    /** Timeline points: the 10 ms buckets summed over a quarter second, so a rate reads steadily. */
    private static final int TIMELINE_STEP_MILLIS = 250;
    /** More series than this on one timeline cannot be told apart. */
    private static final int MAX_TIMELINE_SERIES = 10;

    /** A moment of a run worth seeing on its timeline, {@code seconds} after the run started. */
    public record Mark(double seconds, String text) {
    }

    private ChartWriter() {
    }

    /**
     * Writes the charts of {@code results} to {@code dir} and returns their paths, in scenario order.
     *
     * @param marks moments to draw on the timeline of a run, by run id
     */
    public static List<Path> write(Path dir, List<RunResult> results, Map<Integer, List<Mark>> marks) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        Map<String, List<RunResult>> byScenario = new LinkedHashMap<>();
        results.forEach(r -> byScenario.computeIfAbsent(r.spec().scenario(), s -> new ArrayList<>()).add(r));
        List<Path> written = new ArrayList<>();
        try {
            for (Map.Entry<String, List<RunResult>> scenario : byScenario.entrySet()) {
                String name = scenario.getKey();
                List<RunResult> runs = scenario.getValue();
                written.add(save(rates(name, runs), dir.resolve(name + "-rates.png")));
                List<RunResult> paced = runs.stream().filter(r -> r.spec().paced() && r.latencyMillis() != null)
                        .toList();
                if (!paced.isEmpty()) {
                    written.add(save(latency(name, paced), dir.resolve(name + "-latency.png")));
                }
                List<RunResult> timed = runs.stream().filter(r -> r.timeline() != null && r.timeline().length > 0)
                        .toList();
                if (!timed.isEmpty()) {
                    written.add(save(timeline(name, timed, marks), dir.resolve(name + "-timeline.png")));
                }
            }
        } catch (IOException e) {
            throw new HooklineException("cannot write the charts to " + dir + ": " + e.getMessage(), e);
        }
        return written;
    }

    /** What tells a run apart from the others of its scenario on a chart's axis. */
    static String category(RunResult run) {
        RunSpec spec = run.spec();
        String category = spec.label().isEmpty() ? "f=" + spec.layout().fanOut() : spec.label();
        return run.isVoid() ? category + " (void)" : category;
    }

    private static CategoryChart rates(String scenario, List<RunResult> runs) {
        Set<String> categories = new LinkedHashSet<>();
        Map<String, Map<String, Double>> bySystem = new LinkedHashMap<>();
        for (RunResult run : runs) {
            String category = category(run);
            categories.add(category);
            bySystem.computeIfAbsent(run.spec().system().cliName(), s -> new LinkedHashMap<>())
                    .put(category, run.isVoid() ? 0.0 : run.perSecond());
        }
        boolean router = runs.stream().allMatch(r -> r.latencyMillis() == null && r.signaturesChecked() == 0
                && (r.spec().system() == SystemKind.ROUTER || r.spec().system() == SystemKind.COPY));
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(scenario + ": steady rate per run (void runs drawn as 0)")
                .xAxisTitle("run").yAxisTitle(router ? "records written / s" : "deliveries / s").build();
        style(chart.getStyler());
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setDecimalPattern("#,###");
        // XChart draws grouped bars only when every series has a value for every category
        List<String> xs = List.copyOf(categories);
        bySystem.forEach((system, values) -> chart.addSeries(system, xs,
                xs.stream().map(x -> (Number) values.getOrDefault(x, 0.0)).toList()));
        return chart;
    }

    private static CategoryChart latency(String scenario, List<RunResult> paced) {
        boolean severalSystems = paced.stream().map(r -> r.spec().system()).distinct().count() > 1;
        List<String> xs = new ArrayList<>();
        for (RunResult run : paced) {
            String x = (severalSystems ? run.spec().system().cliName() + " " : "") + category(run);
            xs.add(xs.contains(x) ? x + " #" + run.spec().id() : x);
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(scenario + ": latency, arrival minus scheduled send (paced runs, healthy deliveries)")
                .xAxisTitle("run (offered load)").yAxisTitle("ms").build();
        style(chart.getStyler());
        chart.getStyler().setDecimalPattern("#,###.#");
        // p50, p90, p99, p99.9; the max is one delivery's story and would flatten the rest
        for (int p = 0; p < RunResult.PERCENTILES.length - 1; p++) {
            int index = p;
            chart.addSeries(RunResult.PERCENTILES[p], xs,
                    paced.stream().map(r -> (Number) r.latencyMillis()[index]).toList());
        }
        return chart;
    }

    private static XYChart timeline(String scenario, List<RunResult> runs, Map<Integer, List<Mark>> marks) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(scenario + ": arrivals per second over each run")
                .xAxisTitle("seconds since the run's first event").yAxisTitle("per second").build();
        style(chart.getStyler());
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setDecimalPattern("#,###.#");
        double top = 0;
        for (RunResult run : runs.subList(Math.max(0, runs.size() - MAX_TIMELINE_SERIES), runs.size())) {
            int[] counts = run.timeline();
            int per = TIMELINE_STEP_MILLIS / Timeline.BUCKET_MILLIS;
            int points = (counts.length + per - 1) / per;
            double[] x = new double[points];
            double[] y = new double[points];
            for (int i = 0; i < points; i++) {
                int sum = 0;
                for (int b = i * per; b < Math.min(counts.length, (i + 1) * per); b++) {
                    sum += counts[b];
                }
                x[i] = i * TIMELINE_STEP_MILLIS / 1000.0;
                y[i] = sum * 1000.0 / TIMELINE_STEP_MILLIS;
                top = Math.max(top, y[i]);
            }
            XYSeries series = chart.addSeries("#" + run.spec().id() + " " + run.spec().system().cliName() + " "
                    + category(run), x, y);
            series.setMarker(SeriesMarkers.NONE);
        }
        int row = 0;
        for (RunResult run : runs) {
            for (Mark mark : marks.getOrDefault(run.spec().id(), List.of())) {
                chart.addAnnotation(new AnnotationLine(mark.seconds(), true, false));
                // labels stacked from the top, so that close marks do not print over each other
                chart.addAnnotation(new AnnotationText(mark.text(), mark.seconds(), top * (0.95 - 0.06 * (row++ % 8)),
                        false));
            }
        }
        return chart;
    }

    private static void style(Styler styler) {
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setChartTitleVisible(true);
        styler.setAntiAlias(true);
    }

    private static Path save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) throws IOException {
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }
}
