package io.hookline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code hookline bench --quick} against a real broker in a child JVM. It asserts only what
 * holds on any machine, however busy: every run's ledger balances (every expected delivery
 * delivered or dead-lettered, no bad signature) and the report is written. Rates are never
 * asserted: the machine is shared.
 */
class BenchIT {

    @Test
    void quickRunsBalanceTheirLedgers() throws Exception {
        Path results = Path.of("target", "bench-results");
        // scale-out too: that the ledger balances while processes are stopped and started is what CI should
        // keep; subscriptions is left out (its ledger is throughput's, and loading takes the longest)
        BenchOptions options = new BenchOptions(List.of(Scenario.THROUGHPUT, Scenario.SLOW_ENDPOINTS,
                Scenario.SCALE_OUT), true, null, results, BenchOptions.DEFAULT_ENDPOINTS, List.of(5), "BenchIT", false);

        BenchReport report = Bench.run(options, new PrintWriter(System.out, true));

        assertTrue(report.balanced(), "void runs: " + report.voidRuns());
        assertEquals(9, report.runs(), "3 throughput runs at fan-out 5, 4 slow-endpoints runs and 2 scale-out runs");
        assertTrue(Files.size(report.directory().resolve("results.json")) > 0);
        assertTrue(Files.readString(report.directory().resolve("report.md")).contains("balanced"));
        assertTrue(Files.size(report.directory().resolve("scale-out-timeline.png")) > 0, "charts drawn");
    }
}
