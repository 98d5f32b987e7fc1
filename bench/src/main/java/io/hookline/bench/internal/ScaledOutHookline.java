package io.hookline.bench.internal;

import io.hookline.common.HooklineException;
import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.wire.Topics;
import io.hookline.router.RouterConfig;
import io.hookline.testkit.ChildJvm;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * Hookline scaled out: two routers and two dispatchers, each in its own JVM ({@link StageMain}
 * in a testkit {@link ChildJvm}), sharing one topic prefix, application id and consumer group,
 * as four {@code hookline router|dispatcher} processes against one cluster would. Any member can
 * be stopped — SIGTERM, a graceful stop, or SIGKILL, a crash — and started again while the
 * others go on; a member that ends without being told to fails the run.
 */
public final class ScaledOutHookline implements Contender {
    public static final List<String> MEMBERS = List.of("router-a", "router-b", "dispatcher-a", "dispatcher-b");
    private static final Duration RUNNING_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    /** Each member's heap: the dispatcher's target bound (issue 7), and the router's too. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx512m", "-Djava.awt.headless=true");

    /** How a member is stopped. */
    public enum Stop {
        /** Graceful: the stage closes (commits, leaves its group) before the JVM exits. */
        SIGTERM,
        /** A crash: nothing is closed; the group notices when the member's session times out. */
        SIGKILL
    }

    private final Topics topics;
    private final Map<String, Member> members = new LinkedHashMap<>();

    private ScaledOutHookline(Topics topics) {
        this.topics = topics;
    }

    /**
     * Creates the topics of {@code prefix}, publishes the subscriptions of {@code layouts}, and
     * writes each member's properties under {@code dir}; nothing is started.
     */
    public static ScaledOutHookline create(String bootstrap, String prefix, int partitions, Path dir,
                                           List<Layout> layouts, IntFunction<String> urls, WebhookSecret secret,
                                           Duration requestTimeout, Map<String, String> overrides) {
        Map<String, Object> settings = HooklineInstance.prepare(bootstrap, prefix, partitions, dir.resolve("state"),
                layouts, urls, secret, requestTimeout, overrides);
        ScaledOutHookline hookline = new ScaledOutHookline(new RouterConfig(settings).topics());
        try {
            Files.createDirectories(dir);
            for (String name : MEMBERS) {
                Map<String, Object> own = new LinkedHashMap<>(settings);
                // each router its own state directory, as on separate machines
                own.put(RouterConfig.STATE_DIR, dir.resolve("state-" + name).toString());
                Path file = dir.resolve(name + ".properties");
                Properties properties = new Properties();
                own.forEach((k, v) -> properties.setProperty(k, String.valueOf(v)));
                try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    properties.store(writer, "hookline bench scale-out: " + name);
                }
                hookline.members.put(name, new Member(name, name.substring(0, name.indexOf('-')), file, dir));
            }
        } catch (IOException e) {
            throw new HooklineException("cannot write the scale-out members' settings to " + dir + ": "
                    + e.getMessage(), e);
        }
        return hookline;
    }

    public Topics topics() {
        return topics;
    }

    /** Starts every member, at once, and waits until each runs. */
    @Override
    public void start() {
        members.values().forEach(Member::launch);
        members.values().forEach(Member::awaitRunning);
    }

    /**
     * Stops {@code name} as {@code how} says and waits until its JVM is gone.
     *
     * @return seconds it took to go
     */
    public double stop(String name, Stop how) {
        long start = System.nanoTime();
        Member member = member(name);
        member.expectedDown = true;
        if (how == Stop.SIGKILL) {
            member.jvm.kill();
        } else if (!member.jvm.stop(STOP_TIMEOUT)) {
            throw new HooklineException(name + " did not stop within " + STOP_TIMEOUT.toSeconds() + " s of a "
                    + "SIGTERM and was killed; see " + member.jvm.logFile());
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Starts {@code name} again (on its old state directory, as a restarted process would) and
     * waits until it runs.
     *
     * @return seconds until it ran
     */
    public double startAgain(String name) {
        long start = System.nanoTime();
        Member member = member(name);
        member.launch();
        member.awaitRunning();
        return (System.nanoTime() - start) / 1e9;
    }

    private Member member(String name) {
        Member member = members.get(name);
        if (member == null) {
            throw new IllegalArgumentException("no member " + name);
        }
        return member;
    }

    /** Its routers and dispatchers are processes of their own, started and stopped during a run. */
    @Override
    public boolean runsInHarness() {
        return false;
    }

    @Override
    public Optional<Throwable> failure() {
        for (Member member : members.values()) {
            ChildJvm jvm = member.jvm;
            if (jvm != null && !member.expectedDown && !jvm.isAlive()) {
                return Optional.of(new HooklineException(member.name + " exited (code " + jvm.exitCode() + "): "
                        + jvm.logExcerpt()));
            }
        }
        return Optional.empty();
    }

    /** Stops every member still running with SIGTERM, all at once. */
    @Override
    public void close() {
        CompletableFuture.allOf(members.values().stream()
                .filter(m -> m.jvm != null && m.jvm.isAlive())
                .map(m -> CompletableFuture.runAsync(() -> {
                    m.expectedDown = true;
                    m.jvm.stop(STOP_TIMEOUT);
                }))
                .toArray(CompletableFuture[]::new)).join();
    }

    /** One process: its stage, its settings, and the JVM of its latest start, each start logging to its own file. */
    private static final class Member {
        final String name;
        final String stage;
        final Path properties;
        final Path dir;
        int starts;
        volatile ChildJvm jvm;
        volatile boolean expectedDown;

        Member(String name, String stage, Path properties, Path dir) {
            this.name = name;
            this.stage = stage;
            this.properties = properties;
            this.dir = dir;
        }

        void launch() {
            starts++;
            ChildJvm.Launcher launcher = new ChildJvm.Launcher(JVM_OPTIONS, dir,
                    dir.resolve(name + "-" + starts + ".log"));
            jvm = launcher.start("hookline " + stage + " " + name, StageMain.class.getName(),
                    List.of(stage, properties.toString()));
            // only now: until the new JVM is in place, the old one is down on purpose
            expectedDown = false;
        }

        void awaitRunning() {
            ChildJvm current = jvm;
            Await.until(() -> {
                if (!current.isAlive()) {
                    throw new HooklineException(name + " exited while starting: " + current.logExcerpt());
                }
                return logSays(current.logFile());
            }, RUNNING_TIMEOUT, name + " to run");
        }

        private static boolean logSays(Path log) {
            try {
                return Files.readString(log, StandardCharsets.UTF_8).contains(StageMain.RUNNING);
            } catch (IOException e) {
                return false;
            }
        }
    }
}
