package io.hookline.testkit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void killsWithSigkillSoNoShutdownHookRuns() throws Exception {
        ChildJvm.Launcher launcher = launcher();
        try (ChildJvm child = launcher.start("a sleeper", Sleeper.class.getName(), List.of("first", "second"))) {
            awaitLine(launcher.logFile(), "sleeping with [first, second]");

            child.kill();

            assertFalse(child.isAlive());
            assertFalse(ProcessHandle.of(child.pid()).map(ProcessHandle::isAlive).orElse(false));
            assertEquals(ChildJvm.KILLED_EXIT_CODE, child.exitCode());
            assertFalse(log(launcher.logFile()).contains("shutdown hook ran"));
        }
    }

    @Test
    void stopsWithSigtermSoShutdownHooksRun() throws Exception {
        ChildJvm.Launcher launcher = launcher();
        ChildJvm child = launcher.start("a sleeper", Sleeper.class.getName(), List.of());
        awaitLine(launcher.logFile(), "sleeping with []");

        assertTrue(child.stop(WAIT));

        assertEquals(128 + 15, child.exitCode());
        assertTrue(log(launcher.logFile()).contains("shutdown hook ran"));
    }

    @Test
    void reportsTheExitCodeAndTheErrorsOfTheLatestStart() throws Exception {
        ChildJvm.Launcher launcher = launcher();
        ChildJvm first = launcher.start("the first failure", Failing.class.getName(), List.of("first"));
        assertTrue(first.awaitExit(WAIT));
        ChildJvm second = launcher.start("the second failure", Failing.class.getName(), List.of("second"));
        assertTrue(second.awaitExit(WAIT));

        assertEquals(1, second.exitCode());
        String excerpt = second.logExcerpt();
        assertTrue(excerpt.contains("IllegalStateException: second"), excerpt);
        assertFalse(excerpt.substring(0, excerpt.indexOf("last lines:")).contains("IllegalStateException: first"),
                "only the errors since the latest start: " + excerpt);
        assertTrue(log(launcher.logFile()).contains("=== hookline testkit, "), "a marker line per start");
    }

    private ChildJvm.Launcher launcher() {
        return new ChildJvm.Launcher(List.of("-Xmx32m", "-XX:TieredStopAtLevel=1"), dir, dir.resolve("child.log"));
    }

    private static void awaitLine(Path log, String line) {
        await("'" + line + "' in " + log).atMost(WAIT).until(() -> log(log).contains(line));
    }

    private static String log(Path log) throws Exception {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Says it started, then waits until it is ended by a signal. */
    public static final class Sleeper {
        public static void main(String[] args) throws InterruptedException {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook ran")));
            System.out.println("sleeping with " + List.of(args));
            new CountDownLatch(1).await(); // nothing counts it down: only a signal ends this process
        }
    }

    /** Fails at once, naming its argument. */
    public static final class Failing {
        public static void main(String[] args) {
            throw new IllegalStateException(args[0]);
        }
    }
}
