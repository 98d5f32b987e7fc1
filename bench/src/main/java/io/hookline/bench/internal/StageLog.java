package io.hookline.bench.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Where the stages' warnings go during a bench: a file beside the results, not the terminal.
 * The stages log every failed attempt as a warning (slow-endpoints makes thousands on purpose)
 * and their lifecycle at INFO, which would break the progress line; but a healthy delivery
 * dead-lettered under load must be explainable afterwards, so every warning of the router and
 * dispatcher goes to {@code stages.log}, and errors still show on the terminal too.
 *
 * <pre>{@code
 * try (StageLog log = StageLog.to(resultsDir.resolve("stages.log"))) {
 *     ... // the runs
 *     log.lines();  // how many warnings were written
 * }
 * }</pre>
 */
public final class StageLog implements AutoCloseable {
    private static final List<String> STAGES = List.of("io.hookline.router", "io.hookline.dispatcher");
    private static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n";

    private final Path file;
    private final List<Appender<ILoggingEvent>> appenders = new ArrayList<>();

    private StageLog(Path file) {
        this.file = file;
    }

    /** Sends the stages' warnings to {@code file} (created with its directory) and their errors to stderr as well. */
    public static StageLog to(Path file) {
        StageLog log = new StageLog(file);
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return log; // another SLF4J backend: its own configuration applies
        }
        FileAppender<ILoggingEvent> toFile = new FileAppender<>();
        toFile.setContext(context);
        toFile.setName("bench-stages-file");
        toFile.setFile(file.toString());
        toFile.setEncoder(encoder(context));
        toFile.start();
        ConsoleAppender<ILoggingEvent> errors = new ConsoleAppender<>();
        errors.setContext(context);
        errors.setName("bench-stages-errors");
        errors.setTarget("System.err");
        errors.setEncoder(encoder(context));
        ThresholdFilter onlyErrors = new ThresholdFilter();
        onlyErrors.setLevel(Level.ERROR.levelStr);
        onlyErrors.start();
        errors.addFilter(onlyErrors);
        errors.start();
        log.appenders.add(toFile);
        log.appenders.add(errors);
        for (String name : STAGES) {
            Logger logger = context.getLogger(name);
            logger.setLevel(Level.WARN);
            logger.setAdditive(false);
            log.appenders.forEach(logger::addAppender);
        }
        return log;
    }

    /** Lines written to the file so far (0 when it does not exist). */
    public long lines() {
        try (var lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            return 0;
        }
    }

    public Path file() {
        return file;
    }

    /** Detaches and closes the appenders; the stages log as configured again (errors only, on stderr). */
    @Override
    public void close() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        for (String name : STAGES) {
            Logger logger = context.getLogger(name);
            appenders.forEach(logger::detachAppender);
            logger.setAdditive(true);
            logger.setLevel(Level.ERROR);
        }
        appenders.forEach(Appender::stop);
    }

    private static PatternLayoutEncoder encoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        return encoder;
    }
}
