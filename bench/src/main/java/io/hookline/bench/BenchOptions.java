package io.hookline.bench;

import io.hookline.common.HooklineException;
import io.hookline.common.config.HooklineConfig;
import io.hookline.dispatcher.DispatcherConfig;
import io.hookline.router.RouterConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;

/**
 * What one {@code hookline bench} invocation runs.
 *
 * @param scenarios        in the order to run them
 * @param quick            small runs: the whole set in about a minute or two, for a smoke test or CI
 * @param bootstrapServers an existing cluster, or null to start a broker in a child JVM
 * @param resultsDir       where {@code <time>/} with the JSON and Markdown report is written
 * @param endpoints        receiver endpoints, one subscription each (a multiple of 20, so every fan-out divides it)
 * @param fanOuts          the throughput and router scenarios' fan-outs, in the order of their rounds; empty
 *                         for each scenario's own ({@link #DEFAULT_FAN_OUTS}, {@link #DEFAULT_ROUTER_FAN_OUTS})
 * @param hooklineSettings Hookline settings for every Hookline the bench starts, after the bench's own
 * @param variantSettings  settings of a second Hookline that the throughput and latency scenarios run beside
 *                         the first, on top of {@code hooklineSettings}: what they change, side by side; empty
 *                         for none
 * @param answerDelay      how long every healthy endpoint of the receiver takes to answer 200 (zero: at once),
 *                         as a real endpoint's own work or a network's round trip would
 * @param payload          what fills each event's data after its stamp
 * @param commandLine      the command as typed, recorded in the report
 * @param terminal         whether the progress line may be rewritten in place
 */
public record BenchOptions(List<Scenario> scenarios, boolean quick, String bootstrapServers, Path resultsDir,
                           int endpoints, List<Integer> fanOuts, Map<String, String> hooklineSettings,
                           Map<String, String> variantSettings, Duration answerDelay, Payload payload,
                           String commandLine, boolean terminal) {

    public static final int DEFAULT_ENDPOINTS = 100;
    public static final List<Integer> DEFAULT_FAN_OUTS = List.of(1, 5, 20);
    /** The router scenario's: one, a typical few, and a large one (where per-delivery costs show). */
    public static final List<Integer> DEFAULT_ROUTER_FAN_OUTS = List.of(1, 5, 100);
    /** Below the request timeout of slow-endpoints (5 s) by far: a healthy endpoint is not a slow one. */
    public static final Duration MAX_ANSWER_DELAY = Duration.ofSeconds(1);

    public BenchOptions {
        scenarios = List.copyOf(scenarios);
        fanOuts = List.copyOf(fanOuts);
        hooklineSettings = Map.copyOf(hooklineSettings);
        variantSettings = Map.copyOf(variantSettings);
        Objects.requireNonNull(answerDelay, "answerDelay");
        Objects.requireNonNull(payload, "payload");
        if (answerDelay.isNegative() || answerDelay.compareTo(MAX_ANSWER_DELAY) > 0) {
            throw new IllegalArgumentException("--answer-delay must be between 0ms and "
                    + MAX_ANSWER_DELAY.toMillis() + "ms, got " + answerDelay.toMillis() + "ms");
        }
        if (scenarios.isEmpty()) {
            throw new IllegalArgumentException("at least one scenario");
        }
        if (!variantSettings.isEmpty() && !scenarios.contains(Scenario.THROUGHPUT)
                && !scenarios.contains(Scenario.LATENCY)) {
            throw new IllegalArgumentException("--variant is measured in the throughput and latency scenarios: add "
                    + "--scenario throughput or --scenario latency");
        }
        checkSettings("--set", hooklineSettings, Map.of());
        checkSettings("--variant", variantSettings, hooklineSettings);
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

    /** The throughput scenario's fan-outs, one round each. */
    public List<Integer> throughputFanOuts() {
        return fanOuts.isEmpty() ? DEFAULT_FAN_OUTS : fanOuts;
    }

    /** The router scenario's fan-outs, one round each; those of the defaults that divide the endpoints. */
    public List<Integer> routerFanOuts() {
        return fanOuts.isEmpty() ? DEFAULT_ROUTER_FAN_OUTS.stream().filter(f -> endpoints % f == 0).toList() : fanOuts;
    }

    /**
     * Settings the bench gives each Hookline it starts so that they do not share topics, groups
     * or state: {@code --set} and {@code --variant} may not change them.
     */
    static final Set<String> BENCH_OWNED = Set.of(HooklineConfig.BOOTSTRAP_SERVERS,
            HooklineConfig.KAFKA_PREFIX + HooklineConfig.BOOTSTRAP_SERVERS, HooklineConfig.TOPIC_PREFIX,
            RouterConfig.APPLICATION_ID, RouterConfig.STATE_DIR, DispatcherConfig.GROUP_ID);

    /**
     * Refuses, before anything starts, what would fail only when the Hookline with {@code settings}
     * starts, minutes into a run, or would silently change nothing: a key that is not a Hookline
     * setting (a typo measures the defaults against themselves), one the bench owns, or a value
     * the setting does not accept.
     */
    private static void checkSettings(String option, Map<String, String> settings, Map<String, String> under) {
        Set<String> known = new HashSet<>(RouterConfig.definition().names());
        known.addAll(DispatcherConfig.definition().names());
        for (String key : settings.keySet()) {
            if (BENCH_OWNED.contains(key)) {
                throw new IllegalArgumentException(option + " " + key + ": the bench sets it for each Hookline it "
                        + "starts, so that they share no topics, groups or state");
            }
            if (!known.contains(key) && !key.startsWith(HooklineConfig.KAFKA_PREFIX)) {
                throw new IllegalArgumentException(option + " " + key + ": not a Hookline setting (see "
                        + "docs/configuration.md, or kafka.<name> for a Kafka client's)");
            }
        }
        Map<String, Object> merged = new HashMap<>(under);
        merged.putAll(settings);
        merged.put(HooklineConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9092"); // only to build the configs: never used
        try {
            new RouterConfig(merged);
            new DispatcherConfig(merged);
        } catch (ConfigException | HooklineException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }
}
