package io.hookline.bench.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class StageLogTest {
    private static final Logger dispatcher = LoggerFactory.getLogger("io.hookline.dispatcher.SomeStage");
    private static final Logger router = LoggerFactory.getLogger("io.hookline.router.internal.Other");

    @TempDir
    Path dir;

    @Test
    void keepsTheStagesWarningsInItsFileWhileOpen() throws Exception {
        Path file = dir.resolve("results").resolve("stages.log");
        try (StageLog log = StageLog.to(file)) {
            dispatcher.info("started");
            dispatcher.warn("Delivery d1 to subscription s1 attempt 1 not delivered (retry): connection reset");
            router.warn("a router warning");
            assertEquals(2, log.lines());
        }
        dispatcher.warn("after the bench");

        String text = Files.readString(file);
        assertTrue(text.contains("WARN  [main] i.h.d.SomeStage - Delivery d1 to subscription s1 attempt 1 not "
                + "delivered (retry): connection reset"), text);
        assertTrue(text.contains("a router warning"), text);
        assertEquals(2, text.lines().count(), "INFO, and what comes after closing, stay out: " + text);
    }
}
