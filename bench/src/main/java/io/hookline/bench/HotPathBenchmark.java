package io.hookline.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How every JMH benchmark of a hot path runs (JMH reads these annotations from the superclass):
 * average nanoseconds per operation, state per thread, three warm-up and five measured
 * iterations of a second in one fork. Short, because its results are read as ratios of methods
 * measured in the same run, not as absolute figures.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public abstract class HotPathBenchmark {
    /**
     * The JSON of an event as the bench's load generator writes one, about 1 KiB of data, with
     * {@code timestamp} as given.
     */
    static byte[] benchEvent(String timestamp) {
        StringBuilder data = new StringBuilder("{\"run\":\"r1\",\"seq\":12345,\"scheduledNanos\":1234567890,\"pad\":\"");
        while (data.length() < 1000) {
            data.append("abcdefghij");
        }
        data.append("\"}");
        return ("{\"id\":\"evt_1\",\"type\":\"order.created\",\"tenant\":\"f5-t0\",\"timestamp\":\"" + timestamp
                + "\",\"data\":" + data + "}").getBytes(StandardCharsets.UTF_8);
    }
}
