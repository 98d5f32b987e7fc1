package io.hookline.bench;

/** What {@code hookline bench --scenario} can measure. */
public enum Scenario {
    /** Deliveries/s at fan-out 1, 5 and 20: naive, limit and Hookline, each draining the same backlog. */
    THROUGHPUT("throughput"),
    /** 1 % of endpoints stalled and 1 % failing against a clean run: healthy deliveries/s and their p99. */
    SLOW_ENDPOINTS("slow-endpoints"),
    /** Produce-to-receive latency at 25, 50 and 75 % of the saturation measured first. */
    LATENCY("latency"),
    /** The router alone against a plain exactly-once consume-and-produce copy with the same fan-out. */
    ROUTER("router"),
    /** dlq replay of 1,000,000 dead letters against a raw copy of the same topic, each in a child JVM with -Xmx256m. */
    REPLAY("replay");

    private final String cliName;

    Scenario(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** The scenario named {@code name} on the command line. */
    public static Scenario parse(String name) {
        for (Scenario scenario : values()) {
            if (scenario.cliName.equals(name)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + name + "'");
    }
}
