package io.hookline.bench.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartWriterTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    @Test
    void drawsRatesLatencyAndTimelinePerScenarioAsPngFiles() throws Exception {
        Layout layout = new Layout(100, 5);
        List<RunResult> results = List.of(
                run(new RunSpec(1, "throughput", SystemKind.LIMIT, "", layout, 1_000, null, Faults.NONE), null),
                run(new RunSpec(2, "throughput", SystemKind.HOOKLINE, "", layout, 1_000, null, Faults.NONE), null),
                run(new RunSpec(3, "latency", SystemKind.HOOKLINE, "saturation", layout, 1_000, null, Faults.NONE),
                        null),
                run(new RunSpec(4, "latency", SystemKind.HOOKLINE, "50%", layout, 1_000, 100.0, Faults.NONE),
                        new double[] {80, 120, 300, 500, 900}),
                run(new RunSpec(5, "latency", SystemKind.HOOKLINE, "75%", layout, 1_000, 150.0, Faults.NONE),
                        new double[] {90, 150, 400, 700, 1_200}));

        List<Path> charts = ChartWriter.write(dir, results,
                Map.of(4, List.of(new ChartWriter.Mark(1.5, "router-a stopped (SIGTERM)"))));

        assertEquals(List.of(dir.resolve("throughput-rates.png"), dir.resolve("throughput-timeline.png"),
                dir.resolve("latency-rates.png"), dir.resolve("latency-latency.png"),
                dir.resolve("latency-timeline.png")), charts);
        for (Path chart : charts) {
            byte[] bytes = Files.readAllBytes(chart);
            assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, PNG_SIGNATURE.length), chart + " is a PNG");
            assertTrue(bytes.length > 5_000, chart + " has something drawn in it: " + bytes.length + " bytes");
        }
    }

    @Test
    void aVoidRunIsNamedSoOnTheAxis() {
        RunResult voided = new RunResult(new RunSpec(1, "throughput", SystemKind.NAIVE, "", new Layout(100, 5), 10,
                null, Faults.NONE), 50, 40, 0, 0, 10, 0, 50, 40, 0, null, 0, 0, 1, "10 of 50 deliveries missing",
                new int[0], Map.of());

        assertEquals("f=5 (void)", ChartWriter.category(voided));
    }

    private static RunResult run(RunSpec spec, double[] latency) {
        int[] timeline = new int[300];
        Arrays.fill(timeline, 20, 280, spec.id() * 3);
        return new RunResult(spec, spec.expected(), spec.expected(), 0, 0, 0, 0, spec.expected(), spec.expected(),
                Timeline.steadyRate(timeline), latency, 10, 0, 3, null, timeline, Map.of());
    }
}
