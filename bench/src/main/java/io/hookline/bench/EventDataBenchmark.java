package io.hookline.bench;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.hookline.bench.internal.Stamp;
import io.hookline.common.wire.Event;
import io.hookline.common.wire.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * What the router's {@code EventReader} pays to read one event's data: taken from the
 * record's bytes ({@link Json#read}, since the change) against copied token by token through a
 * generator, as before and as any reader without those bytes still does (a plain mapper reading
 * the same bytes), side by side, for the bench's two payloads of about 1 KiB: {@code padded}
 * (four fields, one long string) and {@code varied} (an order: dozens of fields, nested).
 * The events carry no timestamp, so both readers do the same work but for the data.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar EventDataBenchmark}
 */
public class EventDataBenchmark extends HotPathBenchmark {
    @Param({"padded", "varied"})
    public String payload;

    private byte[] event;
    private ObjectReader copying;

    @Setup
    public void setUp() {
        String data = new Stamp(1, 12345, 1234567890L).data(1024, Payload.parse(payload));
        event = ("{\"id\":\"evt_1\",\"type\":\"order.created\",\"tenant\":\"f5-t0\",\"data\":" + data + "}")
                .getBytes(StandardCharsets.UTF_8);
        copying = JsonMapper.builder().build().readerFor(Event.class);
        if (!Json.read(event, Event.class).equals(copyTokens())) {
            throw new IllegalStateException("the two ways must read the same event");
        }
    }

    @Benchmark
    public Event takeFromTheBytes() {
        return Json.read(event, Event.class);
    }

    @Benchmark
    public Event copyTokens() {
        try {
            return copying.readValue(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
