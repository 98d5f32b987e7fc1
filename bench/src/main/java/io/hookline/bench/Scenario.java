package io.hookline.bench;

import java.util.Locale;

/** What {@code hookline bench --scenario} can measure. */
public enum Scenario {
    /** Deliveries/s at fan-out 1, 5 and 20: naive, limit and Hookline, each draining the same backlog. */
    THROUGHPUT,
    /** 1 % of endpoints stalled and 1 % failing against a clean run: healthy deliveries/s and their p99. */
    SLOW_ENDPOINTS,
    /** Produce-to-receive latency at 25, 50 and 75 % of the saturation measured first. */
    LATENCY,
    /** The router alone against a plain exactly-once consume-and-produce copy with the same fan-out. */
    ROUTER,
    /**
     * Deliveries/s with 100,000 more subscriptions loaded (10,000 in one measured tenant) against
     * without, and how long a subscription published behind them takes to be routed.
     */
    SUBSCRIPTIONS,
    /**
     * Two routers and two dispatchers as processes against one cluster, one of each stopped and
     * started again mid-run: the ledger must balance.
     */
    SCALE_OUT,
    /** dlq replay of 1,000,000 dead letters against a raw copy of the same topic, each in a child JVM with -Xmx256m. */
    REPLAY;

    /** The name on the command line: the constant's, in lower case with dashes, e.g. {@code slow-endpoints}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The scenario named {@code name} on the command line. */
    public static Scenario parse(String name) {
        for (Scenario scenario : values()) {
            if (scenario.cliName().equals(name)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + name + "'");
    }
}
