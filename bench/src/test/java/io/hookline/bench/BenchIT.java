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
        // subscriptions and scale-out are left out: each takes minutes on a busy 2-core box (loading
        // subscriptions; starting four more JVMs), which the project's suite cannot spare
        BenchOptions options = new BenchOptions(List.of(Scenario.THROUGHPUT, Scenario.SLOW_ENDPOINTS), true, null,
                results, BenchOptions.DEFAULT_ENDPOINTS, List.of(5), java.util.Map.of(),
                java.util.Map.of("dispatcher.commit.interval", "1s"), java.time.Duration.ZERO, Payload.VARIED, "BenchIT",
                false);

        BenchReport report = Bench.run(options, new PrintWriter(System.out, true));

        assertTrue(report.balanced(), "void runs: " + report.voidRuns());
        assertEquals(8, report.runs(), "4 throughput runs at fan-out 5 (the variant's too) and 4 slow-endpoints runs");
        assertTrue(Files.size(report.directory().resolve("results.json")) > 0);
        String markdown = Files.readString(report.directory().resolve("report.md"));
        assertTrue(markdown.contains("balanced"));
        assertTrue(markdown.contains("## What Hookline counted, per run"), "the dispatcher's counters are reported");
        assertTrue(markdown.contains("## CPU per delivery, per run"), "the CPU of the runs is reported");
        assertTrue(markdown.contains("| throughput f=5 CPU per delivery variant/hookline | "),
                "the variant is measured against the default Hookline");
        assertTrue(markdown.contains("dispatcher.commit.interval=1s"), "the variant's settings are named");
        assertTrue(markdown.contains("Event data (--payload varied)"), "the payload is named");
        assertTrue(Files.size(report.directory().resolve("throughput-timeline.png")) > 0, "charts drawn");
    }

    @Test
    void routerRoundsTakeTurnsAndPoolTheirCpu() throws Exception {
        BenchOptions options = new BenchOptions(List.of(Scenario.ROUTER), true, null, Path.of("target",
                "bench-results"), BenchOptions.DEFAULT_ENDPOINTS, List.of(5, 5), java.util.Map.of(),
                java.util.Map.of(), java.time.Duration.ZERO, Payload.PADDED, "BenchIT", false);

        BenchReport report = Bench.run(options, new PrintWriter(System.out, true));

        assertTrue(report.balanced(), "void runs: " + report.voidRuns());
        assertEquals(4, report.runs(), "copy and router in each of two rounds (no warm-up with --quick)");
        String markdown = Files.readString(report.directory().resolve("report.md"));
        assertTrue(markdown.contains("| 1 | router | copy | 5 | round 1 |"), "the copy first in round 1");
        assertTrue(markdown.contains("| 3 | router | router | 5 | round 2 |"), "the router first in round 2");
        assertTrue(markdown.contains("| router f=5 CPU per record router/copy, all rounds | "),
                "the CPU ratio pooled over the rounds");
    }
}
