package io.hookline.bench;

import io.hookline.common.wire.Attempt;
import io.hookline.common.wire.Event;
import io.hookline.common.wire.Json;
import java.time.Instant;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * Instants in JSON, read and written without {@code DateTimeFormatter} (common.wire's own
 * instant reader and writer) against with it, as JavaTimeModule did before, side by side:
 * <ul>
 *   <li>what the router's {@code EventReader} pays to read one event: the bench's 1 KiB event
 *       with its timestamp in UTC ({@code …Z}, read without the formatter) against the same
 *       event with the timestamp written with an offset ({@code …+00:00}), which still goes
 *       through JavaTimeModule's formatter;</li>
 *   <li>what the dispatcher pays to write one attempt record: an attempt of this century
 *       against one of the year 10000, which Hookline's writer leaves to {@code Instant.toString()}
 *       and so to the formatter.</li>
 * </ul>
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar InstantJsonBenchmark}
 */
public class InstantJsonBenchmark extends HotPathBenchmark {
    private byte[] utc;
    private byte[] offset;
    private Attempt attempt;
    private Attempt attemptBeyond9999;

    @Setup
    public void setUp() {
        utc = benchEvent("2026-11-30T12:00:00.123456Z");
        offset = benchEvent("2026-11-30T12:00:00.123456+00:00");
        if (!Json.read(utc, Event.class).equals(Json.read(offset, Event.class))) {
            throw new IllegalStateException("the two forms must read as the same event");
        }
        attempt = attemptAt(Instant.parse("2026-11-30T12:00:00.123Z"));
        attemptBeyond9999 = attemptAt(Instant.parse("+10000-11-30T12:00:00.123Z"));
    }

    private static Attempt attemptAt(Instant at) {
        return new Attempt("dlv_0123456789abcdef0123456789abcdef", "evt_1", "order.created", "f5-t0", "sub_f5-t0-3",
                1, at, 2, 200, null, "delivered");
    }

    @Benchmark
    public Event readUtcTimestamp() {
        return Json.read(utc, Event.class);
    }

    @Benchmark
    public Event readOffsetTimestamp() {
        return Json.read(offset, Event.class);
    }

    @Benchmark
    public byte[] writeAttempt() {
        return Json.write(attempt);
    }

    @Benchmark
    public byte[] writeAttemptBeyond9999() {
        return Json.write(attemptBeyond9999);
    }
}
