package io.hookline.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one {@code hookline bench} invocation runs.
 *
 * @param scenarios        in the order to run them
 * @param quick            small runs: the whole set in about a minute or two, for a smoke test or CI
 * @param bootstrapServers an existing cluster, or null to start a broker in a child JVM
 * @param resultsDir       where {@code <time>/} with the JSON and Markdown report is written
 * @param endpoints        receiver endpoints, one subscription each (a multiple of 20, so every fan-out divides it)
 * @param fanOuts          the throughput scenario's fan-outs
 * @param hooklineSettings Hookline settings for every Hookline the bench starts, after the bench's own
 * @param variantSettings  settings of a second Hookline that the throughput scenario runs beside the first,
 *                         on top of {@code hooklineSettings}: what they change, side by side; empty for none
 * @param answerDelay      how long every healthy endpoint of the receiver takes to answer 200 (zero: at once),
 *                         as a real endpoint's own work or a network's round trip would
 * @param commandLine      the command as typed, recorded in the report
 * @param terminal         whether the progress line may be rewritten in place
 */
public record BenchOptions(List<Scenario> scenarios, boolean quick, String bootstrapServers, Path resultsDir,
                           int endpoints, List<Integer> fanOuts, Map<String, String> hooklineSettings,
                           Map<String, String> variantSettings, Duration answerDelay, String commandLine,
                           boolean terminal) {

    public static final int DEFAULT_ENDPOINTS = 100;
    public static final List<Integer> DEFAULT_FAN_OUTS = List.of(1, 5, 20);
    /** Below the request timeout of slow-endpoints (5 s) by far: a healthy endpoint is not a slow one. */
    public static final Duration MAX_ANSWER_DELAY = Duration.ofSeconds(1);

    public BenchOptions {
        scenarios = List.copyOf(scenarios);
        fanOuts = List.copyOf(fanOuts);
        hooklineSettings = Map.copyOf(hooklineSettings);
        variantSettings = Map.copyOf(variantSettings);
        Objects.requireNonNull(answerDelay, "answerDelay");
        if (answerDelay.isNegative() || answerDelay.compareTo(MAX_ANSWER_DELAY) > 0) {
            throw new IllegalArgumentException("--answer-delay must be between 0ms and "
                    + MAX_ANSWER_DELAY.toMillis() + "ms, got " + answerDelay.toMillis() + "ms");
        }
        if (scenarios.isEmpty()) {
            throw new IllegalArgumentException("at least one scenario");
        }
        if (!variantSettings.isEmpty() && !scenarios.contains(Scenario.THROUGHPUT)) {
            throw new IllegalArgumentException("--variant is measured in the throughput scenario: add "
                    + "--scenario throughput");
        }
        if (endpoints < 20 || endpoints % 20 != 0) {
            throw new IllegalArgumentException("--endpoints must be a multiple of 20 (so fan-outs 1, 5 and 20 divide "
                    + "it), got " + endpoints);
        }
        for (int fanOut : fanOuts) {
            if (fanOut < 1 || endpoints % fanOut != 0) {
                throw new IllegalArgumentException("fan-out " + fanOut + " must divide --endpoints (" + endpoints + ")");
            }
        }
    }
}
