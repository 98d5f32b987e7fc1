package io.hookline.testkit;

import io.hookline.common.HooklineException;
import io.hookline.testkit.internal.ChildJvmMain;
import io.hookline.testkit.internal.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A JVM started on the test JVM's own classpath to run one main class, for tests that end a
 * process for real: {@link #kill()} sends SIGKILL, as a crash or the OOM killer would, and
 * {@link #stop(Duration)} SIGTERM. Its output (stdout and stderr) is appended to a log file.
 *
 * <p>No test run leaves a child behind: the child halts by itself when the test JVM is gone
 * (even after a SIGKILL of the test JVM), and a shutdown hook of the test JVM kills every
 * child still running.
 */
public final class ChildJvm implements AutoCloseable {
    /** {@link #exitCode()} of a JVM ended by SIGKILL: 128 + 9, as a shell reports it. */
    public static final int KILLED_EXIT_CODE = 137;

    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);
    private static final String LOG_MARKER = "=== hookline testkit, ";
    private static final int LOG_ERROR_LINES = 10;
    private static final int LOG_TAIL_LINES = 20;
    private static final Set<ChildJvm> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> RUNNING.forEach(child -> child.process.destroyForcibly()), "hookline-child-jvm-kill"));
    }

    /**
     * How to start children: their JVM options (heap, GC, system properties), their working
     * directory, and the log file every start appends to, after a line saying what started.
     */
    public record Launcher(List<String> jvmOptions, Path directory, Path logFile) {
        public Launcher {
            jvmOptions = List.copyOf(jvmOptions);
            Objects.requireNonNull(directory, "directory");
            Objects.requireNonNull(logFile, "logFile");
        }

        /**
         * Starts {@code mainClass} with {@code arguments} in a new JVM and returns at once.
         *
         * @param what what the child does, for its log and for messages, e.g. "the dispatcher"
         * @throws HooklineException if the JVM cannot be started
         */
        public ChildJvm start(String what, String mainClass, List<String> arguments) {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add(ChildJvmMain.class.getName());
            command.add(Long.toString(ProcessHandle.current().pid()));
            command.add(mainClass);
            command.addAll(arguments);
            try {
                Files.writeString(logFile, System.lineSeparator() + LOG_MARKER + Instant.now() + ": " + what
                        + System.lineSeparator(), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(directory.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
                // in the environment rather than -cp: keeps the command line readable in ps
                builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
                return new ChildJvm(what, builder.start(), this);
            } catch (IOException e) {
                throw new HooklineException("cannot start a JVM for " + what + ": " + e.getMessage(), e);
            }
        }

        /**
         * What the log says about the latest start: its first error lines since then, and the
         * log's last lines; for failure messages.
         */
        public String logExcerpt() {
            return FileTrees.errorsAndTail(logFile, LOG_MARKER, LOG_ERROR_LINES, LOG_TAIL_LINES);
        }
    }

    private final String what;
    private final Process process;
    private final Launcher launcher;

    private ChildJvm(String what, Process process, Launcher launcher) {
        this.what = what;
        this.process = process;
        this.launcher = launcher;
        RUNNING.add(this);
        process.onExit().thenRun(() -> RUNNING.remove(this));
    }

    /** The child's process id, e.g. to freeze it with SIGSTOP. */
    public long pid() {
        return process.pid();
    }

    /** Whether the child is running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * The child's exit code; {@link #KILLED_EXIT_CODE} if it was ended by SIGKILL.
     *
     * @throws IllegalStateException if it is still running
     */
    public int exitCode() {
        return process.exitValue();
    }

    /** Waits up to {@code timeout} for the child to exit; true if it did. */
    public boolean awaitExit(Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HooklineException("interrupted while waiting for " + this + " to exit", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Process.onExit() does not fail", e);
        }
    }

    /**
     * Kills the child with SIGKILL (no shutdown hook runs, nothing is flushed: a crash) and
     * waits until it is gone. Does nothing if it has exited already.
     */
    public void kill() {
        process.destroyForcibly();
        if (!awaitExit(KILL_TIMEOUT)) {
            throw new HooklineException(this + " did not die within " + KILL_TIMEOUT + " of a SIGKILL");
        }
    }

    /**
     * Asks the child to stop with SIGTERM and waits up to {@code timeout}; kills it after that.
     *
     * @return whether it stopped by itself within {@code timeout}
     */
    public boolean stop(Duration timeout) {
        process.destroy();
        if (awaitExit(timeout)) {
            return true;
        }
        kill();
        return false;
    }

    /** The file the child's output goes to. */
    public Path logFile() {
        return launcher.logFile();
    }

    /** See {@link Launcher#logExcerpt()}. */
    public String logExcerpt() {
        return launcher.logExcerpt();
    }

    /** Kills the child ({@link #kill()}): a test that wants a clean stop says so with {@link #stop}. */
    @Override
    public void close() {
        kill();
    }

    @Override
    public String toString() {
        return what + " in a child JVM (pid " + process.pid() + ", output in " + launcher.logFile() + ")";
    }
}
