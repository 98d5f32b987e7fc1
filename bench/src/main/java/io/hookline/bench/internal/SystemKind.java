package io.hookline.bench.internal;

/** The systems a run can measure: Hookline and the baselines it is compared with. */
public enum SystemKind {
    /** One consumer, one synchronous, signed POST per pre-fanned record (JDK HttpClient), commit per poll. */
    NAIVE("naive"),
    /** One consumer and async httpclient5 POSTs of pre-fanned records: no signing, retries or commits. */
    LIMIT("limit"),
    /** Router and dispatcher in this JVM: events in, signed POSTs out, every outcome recorded. */
    HOOKLINE("hookline"),
    /** The router alone: events in, deliveries out, exactly-once. */
    ROUTER("router"),
    /** A plain consume-and-produce copy with the router's fan-out, exactly-once (transactions). */
    COPY("copy"),
    /** {@code dlq replay}'s engine: dead letters back to the deliveries topic, in transactions. */
    REPLAY("replay");

    private final String cliName;

    SystemKind(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }
}
