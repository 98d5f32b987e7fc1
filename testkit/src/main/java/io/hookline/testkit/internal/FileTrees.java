package io.hookline.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Small file helpers for broker data directories and their logs. */
public final class FileTrees {

    private FileTrees() {
    }

    /** Deletes a directory tree, ignoring what cannot be deleted (the JVM may be exiting). */
    public static void deleteQuietly(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: a leftover temporary directory is not worth failing a test run
        }
    }

    /**
     * What a log says about a failure: its first error lines after the last line starting
     * with {@code sectionMarker} (a dying broker's tail is mostly its shutdown), then its last
     * {@code lines} lines; or a note saying why there is nothing.
     */
    public static String errorsAndTail(Path file, String sectionMarker, int errors, int lines) {
        if (!Files.exists(file)) {
            return "(no " + file + ")";
        }
        List<String> firstErrors = new ArrayList<>();
        Deque<String> last = new ArrayDeque<>(lines);
        try (Stream<String> all = Files.lines(file, StandardCharsets.UTF_8)) {
            all.forEachOrdered(line -> {
                if (line.startsWith(sectionMarker)) {
                    firstErrors.clear();
                } else if (firstErrors.size() < errors && ERROR.matcher(line).find()) {
                    firstErrors.add(line);
                }
                if (last.size() == lines) {
                    last.removeFirst();
                }
                last.addLast(line);
            });
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
        String newline = System.lineSeparator();
        return "first errors:" + newline + String.join(newline, firstErrors) + newline + "last lines:" + newline
                + String.join(newline, last);
    }

    private static final Pattern ERROR = Pattern.compile(" (ERROR|FATAL) |Exception|Error:");
}
