package io.hookline.bench;

import io.hookline.common.wire.Event;
import io.hookline.common.wire.Json;
import java.nio.charset.StandardCharsets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * What the router's {@code EventReader} pays to read one event: the bench's 1 KiB event with
 * its timestamp in UTC ({@code …Z}, the form Hookline's own reader takes without a formatter),
 * against the same event with the timestamp written with an offset ({@code …+00:00}), which
 * goes through JavaTimeModule's {@code DateTimeFormatter}, as every timestamp did before.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar EventReadBenchmark}
 */
public class EventReadBenchmark extends HotPathBenchmark {
    private byte[] utc;
    private byte[] offset;

    @Setup
    public void setUp() {
        StringBuilder data = new StringBuilder("{\"run\":\"r1\",\"seq\":12345,\"scheduledNanos\":1234567890,\"pad\":\"");
        while (data.length() < 1000) {
            data.append("abcdefghij");
        }
        data.append("\"}");
        utc = event("2026-11-30T12:00:00.123456Z", data);
        offset = event("2026-11-30T12:00:00.123456+00:00", data);
        if (!Json.read(utc, Event.class).equals(Json.read(offset, Event.class))) {
            throw new IllegalStateException("the two forms must read as the same event");
        }
    }

    private static byte[] event(String timestamp, CharSequence data) {
        return ("{\"id\":\"evt_1\",\"type\":\"order.created\",\"tenant\":\"f5-t0\",\"timestamp\":\"" + timestamp
                + "\",\"data\":" + data + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public Event readUtcTimestamp() {
        return Json.read(utc, Event.class);
    }

    @Benchmark
    public Event readOffsetTimestamp() {
        return Json.read(offset, Event.class);
    }
}
