package io.hookline.deadletter;

import static io.hookline.deadletter.Letters.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.wire.Attempt;
import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.DeadLetterReason;
import io.hookline.common.wire.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeadLetterFormatTest {
    private static final StoredDeadLetter EXHAUSTED = Letters.stored(0, 3, Letters.exhausted("evt_1", "sub_1", NOW));
    private static final StoredDeadLetter ROUTER = Letters.stored(2, 17,
            Letters.invalidEvent("acme", "{not json", NOW.plusSeconds(60)));

    @Test
    void theTableHasOneAlignedRowPerLetter() {
        List<String> lines = DeadLetterFormat.table(List.of(EXHAUSTED, ROUTER));
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).matches("TIME +STAGE +REASON +TENANT +SUBSCRIPTION +EVENT TYPE +ATTEMPTS +"
                + "LAST STATUS/ERROR +ID"), lines.get(0));
        assertEquals(List.of("2026-11-27", "12:00:00Z", "dispatcher", "exhausted", "acme", "sub_1", "order.created",
                "3", "500", EXHAUSTED.id()), List.of(lines.get(1).split(" +")));
        assertTrue(EXHAUSTED.id().startsWith("msg_"));
        assertTrue(lines.get(2).startsWith("2026-11-27 12:01:00Z  router      invalid_event  acme"), lines.get(2));
        assertTrue(lines.get(2).endsWith("not a valid Event: bad JSON  2:17"), lines.get(2));
        int column = lines.get(0).indexOf("REASON");
        assertEquals("exhausted", lines.get(1).substring(column, column + 9), "columns line up");
    }

    @Test
    void textFromRecordsCannotDriveTheTerminal() {
        assertEquals("a\\u001b[31mred\\u0007\nnext\ttab", DeadLetterFormat.printable("a\u001b[31mred\u0007\nnext\ttab"));
        assertEquals("\\u009b", DeadLetterFormat.printable("\u009b"));
        DeadLetter sneaky = DeadLetter.afterAttempt(EXHAUSTED.letter().delivery(), DeadLetterReason.EXHAUSTED, null,
                "reset\r\u001b[2Kforged", NOW, null, new DeadLetter.Source("t", 0, 0), NOW);
        String row = DeadLetterFormat.table(List.of(Letters.stored(0, 0, sneaky))).get(1);
        assertTrue(row.contains("reset\\u000d\\u001b[2Kforged"), row);
    }

    @Test
    void aJsonLineReadsBackAsTheLetter() {
        String line = DeadLetterFormat.json(ROUTER);
        assertFalse(line.contains("\n"));
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = Json.read(line, Map.class);
        assertEquals("2:17", fields.get("id"));
        assertEquals(17, fields.get("offset"));
        assertEquals("acme", fields.get("key"));
        DeadLetter letter = Json.read(Json.write(fields.get("deadLetter")), DeadLetter.class);
        assertEquals("{not json", new String(letter.rawEvent(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(ROUTER.letter().reason(), letter.reason());
    }

    @Test
    void aReportShowsTheLetterTheResponseAndEveryAttempt() {
        String id = EXHAUSTED.id();
        List<Attempt> attempts = List.of(
                new Attempt(id, "evt_1", "order.created", "acme", "sub_1", 1, NOW.minusSeconds(3), 12, 500, "HTTP 500",
                        "retry"),
                new Attempt(id, "evt_1", "order.created", "acme", "sub_1", 2, NOW, 8, null, "connect timed out",
                        "failed"));
        String text = String.join("\n", DeadLetterFormat.report(new DeadLetterReport(id, List.of(EXHAUSTED), attempts),
                "webhooks.dead-letter", "webhooks.attempts"));
        assertTrue(text.startsWith("Dead letter " + id + " (webhooks.dead-letter partition 0, offset 3)"), text);
        assertTrue(text.contains("  reason        exhausted (every attempt the retry schedule allows failed)"), text);
        assertTrue(text.contains("  subscription  sub_1"), text);
        assertTrue(text.contains("Last response body (first 1024 bytes at most):\n  database down"), text);
        assertTrue(text.contains("Attempts recorded in webhooks.attempts: 2"), text);
        assertTrue(text.contains("  2   2026-11-27 12:00:00Z       8 ms  -      failed    connect timed out"), text);
        assertTrue(text.contains("Body ("), text);
    }

    @Test
    void aRouterReportShowsTheRecordAsItWas() {
        String text = String.join("\n", DeadLetterFormat.report(new DeadLetterReport("2:17", List.of(ROUTER), List.of()),
                "webhooks.dead-letter", "webhooks.attempts"));
        assertTrue(text.contains("Event record (9 bytes, as it was read):\n  {not json"), text);
        assertFalse(text.contains("Attempts"), text);
        assertEquals("(not UTF-8; base64) /w==", DeadLetterFormat.bytes(new byte[] {(byte) 0xff}));
    }

    @Test
    void statsCountByReasonSubscriptionAndHour() {
        DeadLetterStats stats = new DeadLetterStats();
        stats.add(EXHAUSTED);
        stats.add(Letters.stored(0, 4, Letters.exhausted("evt_2", "sub_1", NOW.plus(Duration.ofMinutes(59)))));
        stats.add(Letters.stored(1, 0, Letters.unsent("evt_3", "sub_2", "acme", DeadLetterReason.GONE,
                NOW.plus(Duration.ofHours(1)))));
        stats.add(ROUTER);
        assertEquals(List.of("4 dead letter(s)", "", "By reason:",
                "         2  exhausted",
                "         1  invalid_event",
                "         1  gone", "", "By subscription:",
                "         2  sub_1",
                "         1  (router)",
                "         1  sub_2", "", "By hour (UTC):",
                "         3  2026-11-27 12:00Z",
                "         1  2026-11-27 13:00Z"), DeadLetterFormat.stats(stats));
    }

    @Test
    void aSummarySaysWhereLettersWentAndWhyOthersStayed() {
        ReplaySummary summary = new ReplaySummary("all", false, true, 9, 7, 3, 1,
                Map.of(SkipReason.SUBSCRIPTION_DELETED, 2L, SkipReason.SUBSCRIPTION_DISABLED, 1L),
                Map.of(SkipReason.SUBSCRIPTION_DELETED, Set.of("sub_9"), SkipReason.SUBSCRIPTION_DISABLED,
                        Set.of("sub_2")), List.of(EXHAUSTED), false, false, null);
        List<String> lines = DeadLetterFormat.summary(summary, "w.deliveries", "w.events");
        assertEquals("Replay all (going on from where its last run stopped): replayed 4 of 7 matching dead letter(s) "
                + "(9 read)", lines.get(0));
        assertTrue(lines.contains("  3 to w.deliveries (same delivery ids, attempt 1)"), lines.toString());
        assertTrue(lines.contains("  1 to w.events (the original event records)"), lines.toString());
        assertTrue(lines.contains("  2 because its subscription is deleted: sub_9"), lines.toString());
        assertTrue(lines.contains("  1 because its subscription is disabled (enable it, or pass --include-disabled): "
                + "sub_2"), lines.toString());
    }
}
