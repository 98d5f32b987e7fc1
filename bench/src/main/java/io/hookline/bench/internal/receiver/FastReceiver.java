package io.hookline.bench.internal.receiver;

import io.hookline.bench.internal.Layout;
import io.hookline.bench.internal.Stamp;
import io.hookline.bench.internal.Timeline;
import io.hookline.common.HooklineException;
import io.hookline.common.ops.BodyReadingHandler;
import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.signing.WebhookVerificationException;
import io.hookline.common.signing.WebhookVerifier;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * The benchmark's endpoints: a Jetty server with one connector per endpoint (the dispatcher
 * bounds requests per host and port, so endpoints must differ by port) and a control
 * connector. Every endpoint answers 200 at once (or after the run's answer delay, the arrival
 * counted when it arrives), unless the current run makes it stalled (no answer until long
 * after any client gives up) or failing (500 at once).
 *
 * <p>For the current run it keeps the ledger of what it answered 2xx (a bit per delivery
 * slot), the latency of first arrivals (arrival minus the scheduled send time in the stamp),
 * arrivals per 10 ms, and checks a sample of signatures. Never blocks a Jetty thread.
 *
 * <p>Control: {@code POST /run} (properties: run, endpoints, fanOut, events, startMillis,
 * stalled, failing, stallMillis, answerMillis, verifyEvery) starts a run; {@code GET /status?run=N} and
 * {@code GET /report?run=N} read it ({@link #writeReport} has the format).
 */
final class FastReceiver implements AutoCloseable {
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Server server;
    private final ServerConnector control;
    private final List<ServerConnector> endpoints = new ArrayList<>();
    /** Endpoint index by local port, -1 for none. */
    private final int[] endpointByPort = new int[65_536];
    private final WebhookVerifier verifier;
    private volatile RunState current;

    FastReceiver(int endpointCount, WebhookSecret secret) {
        java.util.Arrays.fill(endpointByPort, -1);
        this.verifier = new WebhookVerifier(List.of(secret), Clock.systemUTC(), WebhookVerifier.DEFAULT_TOLERANCE);
        // each connector's selector holds a thread for good; the rest serve requests
        QueuedThreadPool threads = new QueuedThreadPool(endpointCount + 64, 8);
        threads.setName("bench-receiver");
        threads.setReservedThreads(0);
        // Jetty's default scheduler has one thread; with --answer-delay it writes every answer
        // (thousands a second), so give it the box's two cores
        server = new Server(threads, new ScheduledExecutorScheduler("bench-receiver-answers", false, 2), null);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        // Jetty's default header cache costs about 78 KiB per connection; 5,000 connections filled
        // the receiver's heap and stalled it in full GCs
        http.setHeaderCacheSize(0);
        control = connector(http);
        for (int i = 0; i < endpointCount; i++) {
            endpoints.add(connector(http));
        }
        server.setHandler(new Receiving());
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw new HooklineException("cannot start the benchmark receiver: " + e.getMessage(), e);
        }
        for (int i = 0; i < endpointCount; i++) {
            endpointByPort[endpoints.get(i).getLocalPort()] = i;
        }
    }

    private ServerConnector connector(HttpConfiguration http) {
        // no acceptor thread: the connector's one selector accepts too
        ServerConnector connector = new ServerConnector(server, 0, 1, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        return connector;
    }

    int controlPort() {
        return control.getLocalPort();
    }

    List<Integer> endpointPorts() {
        return endpoints.stream().map(ServerConnector::getLocalPort).toList();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new HooklineException("cannot stop the benchmark receiver: " + e.getMessage(), e);
        }
    }

    private final class Receiving extends BodyReadingHandler {
        Receiving() {
            super(MAX_BODY_BYTES);
        }

        @Override
        protected void answer(Request request, Response response, Callback callback, byte[] body) {
            int port = Request.getLocalPort(request);
            if (port == control.getLocalPort()) {
                control(request, response, callback, body);
                return;
            }
            RunState run = current;
            int endpoint = endpointByPort[port];
            Stamp stamp = Stamp.find(body);
            if (stamp != null && stamp.run() == 0 && endpoint >= 0) {
                status(response, callback, 200); // a probe of whether the router routes yet: no run's to count
                return;
            }
            if (run == null || stamp == null || endpoint < 0) {
                if (run != null) {
                    run.unparsed.increment();
                }
                status(response, callback, 400);
                return;
            }
            if (stamp.run() != run.run) {
                run.stale.increment(); // a straggler of an earlier run: say yes, count nothing
                status(response, callback, 200);
                return;
            }
            if (run.stalled[endpoint]) {
                run.held.increment();
                server.getScheduler().schedule(() -> status(response, callback, 503), run.stallMillis,
                        TimeUnit.MILLISECONDS);
                return;
            }
            if (run.failing[endpoint]) {
                run.failedAnswers.increment();
                status(response, callback, 500);
                return;
            }
            long slot = run.layout.slot(stamp.seq(), endpoint);
            if (slot < 0 || stamp.seq() >= run.events) {
                run.unparsed.increment();
                status(response, callback, 400);
                return;
            }
            if (run.verifyEvery > 0 && run.arrivals.incrementAndGet() % run.verifyEvery == 0) {
                verify(run, request, body);
            }
            long nowMicros = epochMicros();
            if (run.set(slot)) {
                run.delivered.increment();
                run.latency.recordValue(Math.max(0, nowMicros - stamp.scheduled()));
                run.timeline.record(nowMicros / 1000);
                run.first.accumulateAndGet(nowMicros, Math::min);
                run.last.accumulateAndGet(nowMicros, Math::max);
            } else {
                run.duplicates.increment();
            }
            if (run.answerMillis > 0) {
                server.getScheduler().schedule(() -> status(response, callback, 200), run.answerMillis,
                        TimeUnit.MILLISECONDS);
            } else {
                status(response, callback, 200);
            }
        }

        private void verify(RunState run, Request request, byte[] body) {
            var headers = request.getHeaders();
            String id = headers.get("webhook-id");
            String timestamp = headers.get("webhook-timestamp");
            String signature = headers.get("webhook-signature");
            if (id == null || timestamp == null || signature == null) {
                run.unsigned.increment();
                return;
            }
            run.signaturesChecked.increment();
            try {
                verifier.verify(id, timestamp, signature, body);
            } catch (WebhookVerificationException e) {
                run.signaturesBad.increment();
            }
        }

        private void control(Request request, Response response, Callback callback, byte[] body) {
            String path = request.getHttpURI().getPath();
            try {
                if ("POST".equals(request.getMethod()) && "/run".equals(path)) {
                    current = RunState.from(body);
                    status(response, callback, 204);
                    return;
                }
                Fields query = Request.extractQueryParameters(request);
                RunState run = current;
                if (run == null || query.get("run") == null || Integer.parseInt(query.getValue("run")) != run.run) {
                    status(response, callback, 404);
                    return;
                }
                byte[] answer;
                if ("/status".equals(path)) {
                    answer = (run.delivered.sum() + " " + run.duplicates.sum() + " " + run.failedAnswers.sum() + " "
                            + run.held.sum()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                } else if ("/report".equals(path)) {
                    answer = writeReport(run);
                } else {
                    status(response, callback, 404);
                    return;
                }
                response.setStatus(200);
                response.write(true, ByteBuffer.wrap(answer), callback);
            } catch (IOException | RuntimeException e) {
                Response.writeError(request, response, callback, 400, e.toString());
            }
        }

        private void status(Response response, Callback callback, int code) {
            response.setStatus(code);
            response.write(true, EMPTY, callback);
        }
    }

    /**
     * The report of a run, read by {@code ReceiverReport.read}: counters, the first and last
     * arrival (epoch µs), the delivered bits, the latency histogram (compressed) and the
     * arrivals per 10 ms.
     */
    static byte[] writeReport(RunState run) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(run.run);
            for (LongAdder counter : List.of(run.delivered, run.duplicates, run.stale, run.unparsed,
                    run.failedAnswers, run.held, run.signaturesChecked, run.signaturesBad, run.unsigned)) {
                out.writeLong(counter.sum());
            }
            out.writeLong(run.first.get());
            out.writeLong(run.last.get());
            out.writeInt(run.bits.length());
            for (int i = 0; i < run.bits.length(); i++) {
                out.writeLong(run.bits.get(i));
            }
            Histogram histogram = run.histogram();
            ByteBuffer encoded = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
            int length = histogram.encodeIntoCompressedByteBuffer(encoded);
            out.writeInt(length);
            out.write(encoded.array(), 0, length);
            int[] timeline = run.timeline.counts();
            out.writeInt(timeline.length);
            for (int count : timeline) {
                out.writeInt(count);
            }
        }
        return bytes.toByteArray();
    }

    static long epochMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    /** One run's settings and what arrived for it. */
    static final class RunState {
        final int run;
        final Layout layout;
        final long events;
        final boolean[] stalled;
        final boolean[] failing;
        final long stallMillis;
        /** How long a healthy endpoint takes to answer 200 (its arrival is recorded at once); 0: at once. */
        final long answerMillis;
        final int verifyEvery;
        final AtomicLongArray bits;
        final LongAdder delivered = new LongAdder();
        final LongAdder duplicates = new LongAdder();
        final LongAdder stale = new LongAdder();
        final LongAdder unparsed = new LongAdder();
        final LongAdder failedAnswers = new LongAdder();
        final LongAdder held = new LongAdder();
        final LongAdder signaturesChecked = new LongAdder();
        final LongAdder signaturesBad = new LongAdder();
        final LongAdder unsigned = new LongAdder();
        final AtomicLong arrivals = new AtomicLong();
        final AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong last = new AtomicLong(0);
        final Recorder latency = new Recorder(3);
        final Timeline timeline;
        private final Histogram total = new Histogram(3);

        private RunState(Properties p) {
            run = Integer.parseInt(p.getProperty("run"));
            layout = new Layout(Integer.parseInt(p.getProperty("endpoints")), Integer.parseInt(p.getProperty("fanOut")));
            events = Long.parseLong(p.getProperty("events"));
            stalled = indexes(p.getProperty("stalled", ""), layout.endpoints());
            failing = indexes(p.getProperty("failing", ""), layout.endpoints());
            stallMillis = Long.parseLong(p.getProperty("stallMillis", "60000"));
            answerMillis = Long.parseLong(p.getProperty("answerMillis", "0"));
            verifyEvery = Integer.parseInt(p.getProperty("verifyEvery", "50"));
            timeline = new Timeline(Long.parseLong(p.getProperty("startMillis")));
            long slots = events * layout.fanOut();
            bits = new AtomicLongArray((int) ((slots + 63) / 64));
        }

        static RunState from(byte[] body) throws IOException {
            Properties properties = new Properties();
            properties.load(new StringReader(new String(body, java.nio.charset.StandardCharsets.UTF_8)));
            return new RunState(properties);
        }

        /** Sets the slot's bit; true if it was not set before. */
        boolean set(long slot) {
            int word = (int) (slot >>> 6);
            long mask = 1L << (slot & 63);
            long before;
            do {
                before = bits.get(word);
                if ((before & mask) != 0) {
                    return false;
                }
            } while (!bits.compareAndSet(word, before, before | mask));
            return true;
        }

        /** Everything recorded so far (reports are read by one thread at a time). */
        synchronized Histogram histogram() {
            total.add(latency.getIntervalHistogram());
            return total.copy();
        }

        private static boolean[] indexes(String list, int size) {
            boolean[] set = new boolean[size];
            for (String part : list.split(",")) {
                if (!part.isBlank()) {
                    set[Integer.parseInt(part.trim())] = true;
                }
            }
            return set;
        }
    }
}
