package io.hookline.router.internal;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class StreamThreadFailureHandlerTest {
    private Instant now = Instant.parse("2026-11-27T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };
    private final StreamThreadFailureHandler handler =
            new StreamThreadFailureHandler(2, Duration.ofMinutes(5), clock);

    @Test
    void replacesAFailedThreadAFewTimesThenShutsDown() {
        RuntimeException failure = new StreamsException("broker trouble");

        assertEquals(REPLACE_THREAD, handler.handle(failure));
        now = now.plusSeconds(60);
        assertEquals(REPLACE_THREAD, handler.handle(failure));
        now = now.plusSeconds(60);
        assertEquals(SHUTDOWN_CLIENT, handler.handle(failure));
    }

    @Test
    void forgetsReplacementsOlderThanThePeriod() {
        RuntimeException failure = new StreamsException("broker trouble");
        handler.handle(failure);
        handler.handle(failure);

        now = now.plus(Duration.ofMinutes(5));

        assertEquals(REPLACE_THREAD, handler.handle(failure));
    }

    @Test
    void shutsDownAtOnceWhenATopicIsMissing() {
        assertEquals(SHUTDOWN_CLIENT, handler.handle(
                new StreamsException(new MissingSourceTopicException("One or more source topics were missing"))));
    }
}
