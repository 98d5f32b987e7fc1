package io.hookline.bench.internal;

import io.hookline.bench.Payload;
import io.hookline.bench.internal.limit.LimitSender;
import io.hookline.common.HooklineException;
import io.hookline.common.config.HooklineConfig;
import io.hookline.common.kafka.KafkaClients;
import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.InvalidRecordException;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Topics;
import io.hookline.router.RouterConfig;
import io.hookline.testkit.ChildKafkaBroker;
import io.hookline.testkit.TestTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Runs measured runs against one broker and one receiver: writes each run's events, starts
 * the system, watches its ledger fill up (with a live progress line), and turns what the
 * receiver and the dead-letter topic saw into a {@link RunResult}.
 */
public final class Harness implements AutoCloseable {
    /** How long a run may go without any delivery or dead letter before the rest is called missing. */
    private final Duration idleTimeout;
    private static final Duration STALL_ANSWER = Duration.ofSeconds(60);
    private static final Duration TICK = Duration.ofMillis(250);
    /** Four JVMs starting, then two rounds of rebalancing, on a box this busy: minutes. */
    private static final Duration SCALED_OUT_ROUTING_TIMEOUT = Duration.ofMinutes(6);

    private final ChildKafkaBroker broker;
    private final String bootstrap;
    private final ReceiverProcess receiver;
    private final WebhookSecret secret = WebhookSecret.generate();
    private final KafkaClients clients;
    private final LoadGenerator load;
    private final Progress progress;
    private final Path workDir;
    private final String namespace;
    private final int partitions;
    private final Map<String, String> hooklineSettings;
    private final Duration answerDelay;

    /**
     * @param bootstrapServers an existing cluster, or null to start a broker in a child JVM under {@code workDir}
     * @param hooklineSettings settings for every Hookline started, after the bench's own
     * @param answerDelay      how long every healthy endpoint takes to answer; zero: at once
     * @param payload          what fills each event's data after its stamp
     */
    public Harness(String bootstrapServers, Path workDir, int endpoints, int partitions, Duration idleTimeout,
                   Map<String, String> hooklineSettings, Duration answerDelay, Payload payload, Progress progress) {
        this.hooklineSettings = Map.copyOf(hooklineSettings);
        this.answerDelay = answerDelay;
        this.workDir = workDir;
        this.progress = progress;
        this.partitions = partitions;
        this.idleTimeout = idleTimeout;
        this.namespace = "bench-" + Long.toString(System.currentTimeMillis() / 1000, 36);
        if (bootstrapServers == null) {
            progress.line("starting a Kafka broker in a child JVM (data in " + workDir.resolve("kafka") + ") ...");
            broker = ChildKafkaBroker.startForBenchmarks(workDir.resolve("kafka"));
            bootstrap = broker.bootstrapServers();
        } else {
            broker = null;
            bootstrap = bootstrapServers;
        }
        try {
            clients = clients(bootstrap, hooklineSettings);
            progress.line("starting the receiver (" + endpoints + " endpoints) in a child JVM ...");
            receiver = ReceiverProcess.start(endpoints, secret, workDir.resolve("receiver.log"));
            load = new LoadGenerator(clients, payload);
        } catch (RuntimeException e) {
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
    }

    /**
     * The bench's own clients (load generator, baselines, ledger): the bench's broker and the
     * {@code kafka.*} settings every Hookline gets, read as every Hookline reads them, so that
     * every system measured talks to Kafka alike (a {@code --set kafka.compression.type=lz4}
     * compresses the baselines' writes too).
     */
    static KafkaClients clients(String bootstrap, Map<String, String> hooklineSettings) {
        Map<String, String> settings = new HashMap<>(hooklineSettings);
        settings.put(HooklineConfig.BOOTSTRAP_SERVERS, bootstrap);
        return new HooklineConfig(settings).kafkaClients();
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    /** How long every healthy endpoint takes to answer; zero: at once. */
    public Duration answerDelay() {
        return answerDelay;
    }

    public String describeBroker() {
        return broker != null ? "one KRaft broker in a child JVM (testkit ChildKafkaBroker, -Xmx512m)"
                : "the cluster at " + bootstrap;
    }

    public ReceiverProcess receiver() {
        return receiver;
    }

    /** A Hookline of its own topic prefix, started and routing to every subscription of {@code layouts}. */
    public HooklineInstance hookline(String name, List<Layout> layouts, boolean withDispatcher,
                                     Duration requestTimeout) {
        return hookline(name, layouts, withDispatcher, requestTimeout, Map.of());
    }

    /**
     * {@link #hookline(String, List, boolean, Duration)} with {@code variant}'s settings on top of
     * the bench's and {@code --set}'s.
     */
    public HooklineInstance hookline(String name, List<Layout> layouts, boolean withDispatcher,
                                     Duration requestTimeout, Map<String, String> variant) {
        String prefix = namespace + "-" + name;
        progress.line("starting Hookline (" + (withDispatcher ? "router + dispatcher" : "router only")
                + ", topics " + prefix + ".*" + (variant.isEmpty() ? "" : ", with " + describe(variant)) + ") ...");
        Map<String, String> settings = new HashMap<>(hooklineSettings);
        settings.putAll(variant);
        HooklineInstance hookline = HooklineInstance.create(bootstrap, prefix, partitions,
                workDir.resolve("state-" + name), layouts, receiver::url, secret, withDispatcher, requestTimeout,
                settings);
        try {
            hookline.start();
        } catch (RuntimeException e) {
            reportFailedStart(prefix);
            hookline.close();
            throw e;
        }
        return hookline;
    }

    /** Settings as {@code key=value, key=value}, in key order. */
    public static String describe(Map<String, String> settings) {
        return new TreeMap<>(settings).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /**
     * A start that failed or hung leaves no log behind (the stages log only errors here): this
     * prints where the stages' threads stood and what the broker warned of, before they close.
     */
    private void reportFailedStart(String prefix) {
        progress.line("Hookline on " + prefix + ".* did not start. Its threads:");
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            String name = thread.getName();
            if (name.startsWith(prefix) || name.startsWith("hookline-") || name.startsWith("kafka-producer")) {
                progress.line("  \"" + name + "\" " + thread.getState());
                for (int i = 0; i < Math.min(stack.length, 8); i++) {
                    progress.line("      at " + stack[i]);
                }
            }
        });
        if (broker != null) {
            try {
                List<String> lines = Files.readAllLines(broker.logFile());
                List<String> warnings = new ArrayList<>();
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (line.contains(" WARN ") || line.contains(" ERROR ") || line.contains("Fencing broker")) {
                        // with the exception it names on the next line, if any
                        boolean cause = i + 1 < lines.size() && !lines.get(i + 1).isEmpty()
                                && !Character.isDigit(lines.get(i + 1).charAt(0));
                        warnings.add(cause ? line + " — " + lines.get(i + 1).strip() : line);
                    }
                }
                progress.line("The broker's last warnings (" + warnings.size() + " in all, " + broker.logFile() + "):");
                warnings.subList(Math.max(0, warnings.size() - 20), warnings.size())
                        .forEach(line -> progress.line("  " + line));
            } catch (IOException | UncheckedIOException e) {
                progress.line("(cannot read the broker's log: " + e.getMessage() + ")");
            }
        }
    }

    /** Tails the dead-letter topic of {@code hookline} into a ledger of dead-lettered slots. */
    public TopicTail deadLetters(HooklineInstance hookline, SlotLedger ledger) {
        return deadLetters(hookline.topics(), ledger);
    }

    /** Tails the dead-letter topic of {@code topics} into a ledger of dead-lettered slots. */
    public TopicTail deadLetters(Topics topics, SlotLedger ledger) {
        return new TopicTail(clients, topics.deadLetter().name(), record -> {
            try {
                Delivery delivery = Json.read(record.value(), DeadLetter.class).delivery();
                long[] ids = delivery == null ? null : Layout.parseEventId(delivery.eventId());
                if (ids != null) {
                    ledger.record((int) ids[0], ids[1], delivery.subscriptionId());
                }
            } catch (InvalidRecordException e) {
                // not one of ours
            }
        });
    }

    /**
     * Publishes {@code load} to a running {@code hookline} and measures how long its router takes
     * to route behind it (see {@link SubscriptionLoad}).
     */
    public SubscriptionLoad.Loaded loadSubscriptions(HooklineInstance hookline, SubscriptionLoad load,
                                                     int bigTenantExpected, Duration timeout) {
        progress.show("publishing " + load.total() + " subscriptions (" + load.inOneTenant() + " in "
                + load.bigTenant() + "), then probing the router ...");
        return load.publishAndProbe(clients, hookline, receiver::url, secret, bigTenantExpected, timeout);
    }

    /**
     * Hookline as two routers and two dispatchers in processes of their own, started, and
     * routing to every subscription of {@code layouts} (probed: a router in another process
     * cannot be asked).
     */
    public ScaledOutHookline scaledOut(String name, List<Layout> layouts, Duration requestTimeout) {
        String prefix = namespace + "-" + name;
        progress.line("starting Hookline as " + ScaledOutHookline.MEMBERS + ", each in a JVM of its own (topics "
                + prefix + ".*, logs in " + workDir.resolve(name) + ") ...");
        ScaledOutHookline hookline = ScaledOutHookline.create(bootstrap, prefix, partitions, workDir.resolve(name),
                layouts, receiver::url, secret, requestTimeout, hooklineSettings);
        try {
            hookline.start();
            Map<String, String> tenantBySubscription = new LinkedHashMap<>();
            for (Layout layout : layouts) {
                for (int i = 0; i < layout.endpoints(); i++) {
                    tenantBySubscription.put(layout.subscriptionId(i), layout.tenantName(layout.tenantOf(i)));
                }
            }
            progress.line("probing until every subscription is routed to ...");
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(clients.producer("bench-probe"))) {
                Double seconds = RoutingProbe.await(clients, producer, hookline.topics(), tenantBySubscription,
                        System.nanoTime(), SCALED_OUT_ROUTING_TIMEOUT);
                if (seconds == null) {
                    throw new HooklineException("the scaled-out routers did not route to every subscription within "
                            + SCALED_OUT_ROUTING_TIMEOUT.toMinutes() + " min");
                }
                progress.line(String.format("every subscription routed to after %.1f s of probing", seconds));
            }
        } catch (RuntimeException e) {
            hookline.close();
            throw e;
        }
        return hookline;
    }

    /** A baseline (naive or limit) run: pre-fanned deliveries written first, then the baseline started. */
    public RunResult runBaseline(RunSpec run) {
        String topic = namespace + "-run" + run.id() + "-in";
        TestTopics.create(bootstrap, partitions, topic);
        progress.show(run.title() + ": writing " + run.expected() + " pre-fanned deliveries ...");
        load.write(run, topic, LoadGenerator.Shape.PRE_FANNED);
        long start = System.currentTimeMillis();
        receiver.startRun(run, start, STALL_ANSWER.toMillis(), answerDelay.toMillis());
        String group = topic + "-group";
        Contender baseline = run.system() == SystemKind.NAIVE
                ? new NaiveSender(clients, topic, group, run.layout(), receiver::url, secret)
                : new LimitSender(clients, topic, group, run.layout(), receiver::url);
        try (baseline) {
            baseline.start();
            return await(run, start, CompletableFuture.completedFuture(null), () -> receiver.delivered(run.id()),
                    () -> 0, baseline, null);
        }
    }

    /** A run of a started Hookline: events written (at once or paced) while it delivers. */
    public RunResult runHookline(RunSpec run, HooklineInstance hookline, SlotLedger deadLetters) {
        return runHookline(run, hookline.topics(), hookline, deadLetters);
    }

    /**
     * {@link #runHookline(RunSpec, HooklineInstance, SlotLedger)}, timing into {@code visible}
     * (µs after the event's scheduled send) when each of the run's deliveries became visible to
     * read-committed readers of the deliveries topic, as a reader fetching promptly sees it: the
     * router's share of the latency, transaction commit included; the rest is the dispatcher's
     * and the HTTP exchange's. The tail is one more consumer on the box while the run goes.
     */
    public RunResult runHookline(RunSpec run, HooklineInstance hookline, SlotLedger deadLetters, Histogram visible) {
        try (TopicTail tail = TopicTail.fromNowOn(clients, hookline.topics().deliveries().name(), record -> {
            Stamp stamp = Stamp.find(record.value());
            if (stamp != null && stamp.run() == run.id()) {
                visible.recordValue(Math.max(0, LoadGenerator.epochMicros() - stamp.scheduled()));
            }
        })) {
            return runHookline(run, hookline, deadLetters);
        }
    }

    /** p50 and p99 of a histogram of µs, in ms, e.g. "41.2 ms / 97.0 ms"; "none" when empty. */
    static String p50p99(Histogram micros) {
        return micros.getTotalCount() == 0 ? "none" : String.format("%.1f ms / %.1f ms",
                micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(99) / 1000.0);
    }

    /** A run of a started Hookline of {@code topics}, however it runs (in this JVM or as processes). */
    public RunResult runHookline(RunSpec run, Topics topics, Contender hookline, SlotLedger deadLetters) {
        // a backlog, as the baselines get theirs: written first, so that writing it is not timed as delivering
        boolean backlog = !run.paced() && hookline.holdInput();
        if (backlog) {
            try {
                progress.show(run.title() + ": writing " + run.events() + " events ...");
                load.write(run, topics.events().name(), LoadGenerator.Shape.EVENTS);
            } catch (RuntimeException e) {
                hookline.releaseInput();
                throw e;
            }
        }
        long start = System.currentTimeMillis();
        receiver.startRun(run, start, STALL_ANSWER.toMillis(), answerDelay.toMillis());
        deadLetters.register(run, start);
        CompletableFuture<?> writing;
        if (backlog) {
            hookline.releaseInput();
            writing = CompletableFuture.completedFuture(null);
        } else {
            writing = CompletableFuture.supplyAsync(() -> load.write(run, topics.events().name(),
                    LoadGenerator.Shape.EVENTS));
        }
        return await(run, start, writing, () -> receiver.delivered(run.id()), () -> deadLetters.count(run.id()),
                hookline, deadLetters);
    }

    /**
     * A router run (Hookline's router alone, or the copy baseline) drains a backlog: events
     * written first, then the system started on them; what it writes is read back and counted.
     */
    public RunResult runRouter(RunSpec run) {
        String name = "run" + run.id();
        SlotLedger written = new SlotLedger();
        Contender system;
        String output;
        String input;
        if (run.system() == SystemKind.ROUTER) {
            HooklineInstance router = HooklineInstance.create(bootstrap, namespace + "-" + name, partitions,
                    workDir.resolve("state-" + name), List.of(run.layout()), receiver::url, secret, false,
                    Duration.ofSeconds(15), hooklineSettings);
            input = router.topics().events().name();
            output = router.topics().deliveries().name();
            system = router;
        } else {
            input = namespace + "-" + name + "-in";
            output = namespace + "-" + name + "-out";
            TestTopics.create(bootstrap, partitions, input, output);
            system = new CopyBaseline(clients, input, output, namespace + "-" + name + "-copy", run.layout(),
                    routerCommitInterval());
        }
        try (system) {
            if (system instanceof HooklineInstance router) {
                // a router routes an event only to subscriptions it has loaded: it loads them
                // first, stops, and starts again on the backlog with them in its state
                progress.show(run.title() + ": loading the subscriptions ...");
                router.start();
                router.stopRouter();
            }
            progress.show(run.title() + ": writing " + run.events() + " events ...");
            load.write(run, input, LoadGenerator.Shape.EVENTS);
            long start = System.currentTimeMillis();
            written.register(run, start);
            try (TopicTail tail = new TopicTail(clients, output, record -> {
                Stamp stamp = Stamp.find(record.value());
                if (stamp != null) {
                    written.record(stamp.run(), stamp.seq(), record.key());
                }
            })) {
                if (system instanceof HooklineInstance router) {
                    router.restartRouter();
                } else {
                    system.start();
                }
                return await(run, start, CompletableFuture.completedFuture(null), () -> written.count(run.id()),
                        () -> 0, system, written);
            }
        }
    }

    /** The {@code router.commit.interval} of the routers this harness starts (the default unless --set). */
    private Duration routerCommitInterval() {
        Map<String, Object> settings = new HashMap<>(hooklineSettings);
        settings.put(HooklineConfig.BOOTSTRAP_SERVERS, bootstrap);
        return new RouterConfig(settings).commitInterval();
    }

    /** The replay scenario's runs, on topics of their own under this harness's namespace. */
    ReplayScenario replayScenario() {
        return new ReplayScenario(bootstrap, clients, namespace + "-replay", partitions, workDir, progress);
    }

    /** Watches the ledger fill up until it balances, the system fails, or nothing moves for the idle timeout. */
    private RunResult await(RunSpec run, long start, CompletableFuture<?> writing, LongSupplier delivered,
                            LongSupplier deadLettered, Contender system, SlotLedger slots) {
        Map<String, Long> countersBefore = system.counters();
        ProcessCpu cpu = system.runsInHarness() ? processes() : new ProcessCpu(Map.of());
        Map<String, Long> cpuBefore = cpu.nanos();
        long lastTotal = -1;
        long lastChange = System.nanoTime();
        long lastDelivered = delivered.getAsLong();
        long lastTick = System.nanoTime();
        double rate = 0;
        String stop = null;
        while (true) {
            long d = delivered.getAsLong();
            long l = deadLettered.getAsLong();
            long now = System.nanoTime();
            if (now - lastTick > TICK.toNanos() / 2) {
                rate = 0.5 * rate + 0.5 * (d - lastDelivered) * 1e9 / (now - lastTick);
            }
            lastDelivered = d;
            lastTick = now;
            progress.show(String.format("%s: %,d/%,d delivered, %,d dead-lettered, %,.0f/s, %.1f s",
                    run.title(), d, run.expected(), l, rate, (System.currentTimeMillis() - start) / 1000.0));
            if (writing.isCompletedExceptionally()) {
                stop = "writing the events failed: " + writing.handle((v, e) -> e.getMessage()).join();
                break;
            }
            // a slot can be both delivered and dead-lettered (the endpoint got it, its answer came
            // after the request timeout, the retries too), so the sum only says when to count exactly
            if (writing.isDone() && d + l >= run.expected() && (l == 0 || accounted(run, slots) >= run.expected())) {
                break;
            }
            Optional<Throwable> failure = system.failure();
            if (failure.isPresent()) {
                stop = "the system failed: " + failure.get().getMessage();
                break;
            }
            if (d + l != lastTotal) {
                lastTotal = d + l;
                lastChange = now;
            } else if (writing.isDone() && now - lastChange > idleTimeout.toNanos()) {
                break;
            }
            Await.pause(TICK);
        }
        double seconds = (System.currentTimeMillis() - start) / 1000.0;
        RunResult result = run.system() == SystemKind.ROUTER || run.system() == SystemKind.COPY
                ? fromSlots(run, slots, seconds, stop)
                : fromReceiver(run, receiver.report(run.id()), slots == null ? new BitSet() : slots.bits(run.id()),
                        seconds, stop);
        result = result.withCounters(grown(countersBefore, system.counters()))
                .withCpu(ProcessCpu.spent(cpuBefore, cpu.nanos()));
        progress.done(String.format("%s: %s", run.title(), summary(result)));
        return result;
    }

    /** The processes whose CPU a run in this JVM costs: this JVM, the receiver's, the broker's when it is a child. */
    private ProcessCpu processes() {
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("harness", ProcessHandle.current().pid());
        pids.put("receiver", receiver.pid());
        if (broker != null) {
            pids.put("broker", broker.pid());
        }
        return new ProcessCpu(pids);
    }

    /** How much each counter grew from {@code before} to {@code after}. */
    static Map<String, Long> grown(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> grown = new LinkedHashMap<>();
        after.forEach((name, count) -> grown.put(name, count - before.getOrDefault(name, 0L)));
        return grown;
    }

    /** Slots delivered or dead-lettered, each counted once. */
    private long accounted(RunSpec run, SlotLedger deadLetters) {
        ReceiverReport report = receiver.report(run.id());
        BitSet union = deadLetters.bits(run.id());
        for (int word = 0; word < report.deliveredBits().length; word++) {
            long bits = report.deliveredBits()[word];
            while (bits != 0) {
                int bit = Long.numberOfTrailingZeros(bits);
                union.set(word * 64 + bit);
                bits &= bits - 1;
            }
        }
        return union.cardinality();
    }

    static String summary(RunResult r) {
        String rate = String.format("%,.0f/s", r.perSecond());
        String latency = r.latencyMillis() == null || !r.spec().paced() ? ""
                : String.format(", p50 %.1f ms, p99 %.1f ms", r.p(0), r.p(2));
        String ledger = String.format("%,d delivered, %,d dead-lettered, %,d missing", r.delivered(),
                r.deadLettered(), r.missing());
        String cpu = r.cpuSeconds().isEmpty() ? ""
                : String.format(", %,.0f µs CPU per delivery", r.cpuMicrosPerDelivery());
        return (r.isVoid() ? "VOID (" + r.voidReason() + "); " : "") + rate + latency + cpu + "; " + ledger
                + (r.counters().isEmpty() ? "" : " (" + counts(r.counters()) + ")");
    }

    /** A run's counters in words, e.g. "dispatcher.waited 1,234, dispatcher.diverted 0". */
    static String counts(Map<String, Long> counters) {
        StringBuilder text = new StringBuilder();
        counters.forEach((name, count) -> text.append(text.length() == 0 ? "" : ", ").append(name).append(' ')
                .append(String.format("%,d", count)));
        return text.toString();
    }

    private static RunResult fromReceiver(RunSpec run, ReceiverReport report, BitSet deadLettered, double seconds,
                                          String stop) {
        Layout layout = run.layout();
        long delivered = 0;
        long dead = 0;
        long both = 0;
        long healthyExpected = 0;
        long healthyDelivered = 0;
        for (long seq = 0; seq < run.events(); seq++) {
            for (int j = 0; j < layout.fanOut(); j++) {
                long slot = seq * layout.fanOut() + j;
                boolean d = report.isDelivered(slot);
                boolean l = deadLettered.get((int) slot);
                boolean healthy = run.faults().healthy(layout.endpoint(seq, j));
                delivered += d ? 1 : 0;
                dead += l && !d ? 1 : 0;
                both += l && d ? 1 : 0;
                if (healthy) {
                    healthyExpected++;
                    healthyDelivered += d ? 1 : 0;
                }
            }
        }
        long missing = run.expected() - delivered - dead;
        String voidReason = stop;
        if (voidReason == null && missing > 0) {
            voidReason = String.format("%,d of %,d deliveries missing", missing, run.expected());
        }
        if (voidReason == null && report.signaturesBad() > 0) {
            voidReason = report.signaturesBad() + " bad signatures";
        }
        return new RunResult(run, run.expected(), delivered, dead, both, missing, report.duplicates(), healthyExpected,
                healthyDelivered, Timeline.steadyRate(report.timeline()), percentiles(report.latency()),
                report.signaturesChecked(), report.signaturesBad(), seconds, voidReason, report.timeline(), Map.of());
    }

    private static RunResult fromSlots(RunSpec run, SlotLedger slots, double seconds, String stop) {
        long written = slots.count(run.id());
        long missing = run.expected() - written;
        String voidReason = stop != null ? stop
                : missing > 0 ? String.format("%,d of %,d deliveries missing", missing, run.expected()) : null;
        int[] timeline = slots.timeline(run.id());
        return new RunResult(run, run.expected(), written, 0, 0, missing, slots.duplicates(run.id()), run.expected(),
                written, Timeline.steadyRate(timeline), null, 0, 0, seconds, voidReason, timeline, Map.of());
    }

    private static double[] percentiles(Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return null;
        }
        return new double[] {
            histogram.getValueAtPercentile(50) / 1000.0,
            histogram.getValueAtPercentile(90) / 1000.0,
            histogram.getValueAtPercentile(99) / 1000.0,
            histogram.getValueAtPercentile(99.9) / 1000.0,
            histogram.getMaxValue() / 1000.0,
        };
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable resource : new AutoCloseable[] {load, receiver, broker}) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new HooklineException("closing the harness failed: " + e.getMessage(), e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
