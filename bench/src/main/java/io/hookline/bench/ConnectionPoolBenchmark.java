package io.hookline.bench;

import java.util.concurrent.ExecutionException;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.io.ModalCloseable;
import org.apache.hc.core5.pool.LaxConnPool;
import org.apache.hc.core5.pool.ManagedConnPool;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolEntry;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.pool.StrictConnPool;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What it costs to take a pooled connection and give it back, in httpcore5's strict pool
 * (httpclient5's default, and the dispatcher's before) and its lax one (the dispatcher's now),
 * with one idle connection for each of {@code endpoints} endpoints, taken in turn as a busy
 * dispatcher takes them. The strict pool removes each connection it hands out from one list of
 * every idle connection, scanning from the most recently returned: here past one connection
 * of every other endpoint. The lax pool keeps each endpoint's apart. No sockets: the pools'
 * own work only, which a profile of the benchmark's throughput run put at 7.5 % of the
 * dispatcher's CPU (strict, 100 endpoints).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar ConnectionPoolBenchmark}
 */
public class ConnectionPoolBenchmark extends HotPathBenchmark {
    @Param({"100", "1000", "5000"})
    public int endpoints;

    @Param({"STRICT", "LAX"})
    public PoolConcurrencyPolicy policy;

    private ManagedConnPool<String, Connection> pool;
    private String[] routes;
    private int next;

    @Setup
    public void setUp() throws ExecutionException, InterruptedException {
        pool = switch (policy) {
            case STRICT -> new StrictConnPool<>(1, endpoints, TimeValue.NEG_ONE_MILLISECOND, PoolReusePolicy.LIFO,
                    null);
            case LAX -> new LaxConnPool<>(1, TimeValue.NEG_ONE_MILLISECOND, PoolReusePolicy.LIFO, null);
            default -> throw new IllegalArgumentException("not measured: " + policy);
        };
        routes = new String[endpoints];
        for (int i = 0; i < endpoints; i++) {
            routes[i] = "http://endpoint-" + i + ".example:443";
            PoolEntry<String, Connection> entry = pool.lease(routes[i], null, Timeout.DISABLED, null).get();
            entry.assignConnection(new Connection());
            pool.release(entry, true);
        }
    }

    @TearDown
    public void tearDown() {
        pool.close(CloseMode.IMMEDIATE);
    }

    /** Takes the idle connection of the next endpoint in turn and returns it at once. */
    @Benchmark
    public PoolEntry<String, Connection> leaseAndRelease() throws ExecutionException, InterruptedException {
        String route = routes[next];
        next = next + 1 == routes.length ? 0 : next + 1;
        PoolEntry<String, Connection> entry = pool.lease(route, null, Timeout.DISABLED, null).get();
        pool.release(entry, true);
        return entry;
    }

    /** A pooled connection without a socket. */
    public static final class Connection implements ModalCloseable {
        @Override
        public void close(CloseMode closeMode) {
        }

        @Override
        public void close() {
        }
    }
}
