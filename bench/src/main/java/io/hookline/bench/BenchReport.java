package io.hookline.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of one invocation.
 *
 * @param directory where results.json and report.md were written
 * @param runs      runs made
 * @param voidRuns  titles of the runs that do not count, each with its reason
 */
public record BenchReport(Path directory, int runs, List<String> voidRuns) {

    public BenchReport {
        voidRuns = List.copyOf(voidRuns);
    }

    /** True when every run's ledger balanced: nothing missing, no bad signature. */
    public boolean balanced() {
        return voidRuns.isEmpty();
    }
}
