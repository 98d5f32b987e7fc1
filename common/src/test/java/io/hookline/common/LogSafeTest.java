package io.hookline.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.hookline.common.wire.InvalidRecordException;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Subscription;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogSafeTest {

    @Test
    void blanksWhatAJsonErrorQuotesFromTheInput() {
        String[] records = {
            "{\"id\":\"s1\",\"tenant\":\"t\",\"url\":\"https://x\",\"eventTypes\":[\"a\"],"
                    + "\"secrets\":\"whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0\"}",
            "{\"id\":\"s1\",\"tenant\":\"t\",\"url\":\"https://x\",\"eventTypes\":[\"a\"],"
                    + "\"headers\":{\"Authorization\": Bearer-s3cr3t}}",
            "{\"id\":\"s1\",\"tenant\":\"t\",\"url\":\"https://x\",\"eventTypes\":[\"a\"],\"enabled\":\"s3cr3t\"}",
        };
        for (String record : records) {
            String reason = reasonOf(record);
            String logged = LogSafe.reason(reason);
            assertFalse(logged.contains("s3cr3t") || logged.contains("c2VjcmV0"), logged);
        }
    }

    @Test
    void keepsTheRecordChecksOwnMessages() {
        String reason = reasonOf("{\"id\":\"s1\",\"tenant\":\"t\",\"url\":\"ftp://x\",\"eventTypes\":[\"a\"],"
                + "\"secrets\":[\"whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0\"]}");
        assertEquals(reason, LogSafe.reason(reason));
    }

    @Test
    void makesKeysPrintable() {
        assertEquals("a\\u000ab", LogSafe.printable("a\nb"));
        assertEquals("(none)", LogSafe.printable(null));
        assertEquals(65, LogSafe.printable("x".repeat(100)).length());
    }

    private static String reasonOf(String json) {
        try {
            Json.read(json.getBytes(StandardCharsets.UTF_8), Subscription.class);
            throw new AssertionError("read: " + json);
        } catch (InvalidRecordException e) {
            return e.getMessage();
        }
    }
}
