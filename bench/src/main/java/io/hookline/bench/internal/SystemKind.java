package io.hookline.bench.internal;

import java.util.Locale;

/** The systems a run can measure: Hookline and the baselines it is compared with. */
public enum SystemKind {
    /** One consumer, one synchronous, signed POST per pre-fanned record (JDK HttpClient), commit per poll. */
    NAIVE,
    /** One consumer and async httpclient5 POSTs of pre-fanned records: no signing, retries or commits. */
    LIMIT,
    /** Router and dispatcher in this JVM: events in, signed POSTs out, every outcome recorded. */
    HOOKLINE,
    /**
     * Hookline again, with the settings of {@code hookline bench --variant} on top: what a
     * setting changes, measured side by side with the defaults in the same invocation.
     */
    VARIANT,
    /** The router alone: events in, deliveries out, exactly-once. */
    ROUTER,
    /** A plain consume-and-produce copy with the router's fan-out, exactly-once (transactions). */
    COPY,
    /** {@code dlq replay}'s engine: dead letters back to the deliveries topic, in transactions. */
    REPLAY;

    /** The name in results: the constant's, in lower case. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
