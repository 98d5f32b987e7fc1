package io.hookline.deadletter;

import io.hookline.common.wire.Attempt;
import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.DeadLetterReason;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the {@code dlq} commands show dead letters to people (tables, one letter in full, counts,
 * a replay's summary) and to scripts (one JSON object per line). Pure. Text from records is
 * shown with its control characters made visible, so a letter cannot move a terminal's cursor
 * or forge lines of output.
 */
public final class DeadLetterFormat {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:00'Z'")
            .withZone(ZoneOffset.UTC);
    /** Widest a column of the table gets; longer values are cut with an ellipsis. */
    private static final int MAX_COLUMN = 36;
    private static final int MAX_LAST = 48;
    /** Rows of a stats table by subscription before the rest are summed up. */
    private static final int TOP_SUBSCRIPTIONS = 20;
    private static final String NONE = "-";

    private DeadLetterFormat() {
    }

    /** The table of {@code dlq list}: a header line, then one line per letter. */
    public static List<String> table(List<StoredDeadLetter> letters) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"TIME", "STAGE", "REASON", "TENANT", "SUBSCRIPTION", "EVENT TYPE", "ATTEMPTS",
            "LAST STATUS/ERROR", "ID"});
        for (StoredDeadLetter stored : letters) {
            DeadLetter letter = stored.letter();
            rows.add(new String[] {TIME.format(letter.deadAt()), letter.stage().wireName(),
                letter.reason().wireName(), cell(stored.tenant(), MAX_COLUMN),
                cell(stored.subscriptionId(), MAX_COLUMN), cell(stored.eventType(), MAX_COLUMN),
                Integer.toString(letter.attempts()), cell(last(letter), MAX_LAST), stored.id()});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : pad(row[i], widths[i] + 2));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    /**
     * The last outcome in a few words: the HTTP status when there was one, else the error.
     * For a router letter, why its event could not be read.
     */
    public static String last(DeadLetter letter) {
        if (letter.lastStatus() != null) {
            return Integer.toString(letter.lastStatus());
        }
        return letter.lastError() == null ? NONE : letter.lastError();
    }

    /**
     * One letter as one line of JSON, for scripts: where it is ({@code id}, {@code partition},
     * {@code offset}, {@code key}) and the letter as it is on the wire (raw bytes in base64).
     */
    public static String json(StoredDeadLetter stored) {
        return Json.writeString(new JsonLine(stored.id(), stored.partition(), stored.offset(), stored.key(),
                stored.letter()));
    }

    /** A report of {@code dlq show} as JSON: the letters as {@link #json} writes them, then the attempts. */
    public static String json(DeadLetterReport report) {
        List<JsonLine> letters = report.letters().stream()
                .map(s -> new JsonLine(s.id(), s.partition(), s.offset(), s.key(), s.letter())).toList();
        return Json.writePretty(new JsonReport(report.id(), letters, report.attempts()));
    }

    record JsonLine(String id, int partition, long offset, String key, DeadLetter deadLetter) {
    }

    record JsonReport(String id, List<JsonLine> letters, List<Attempt> attempts) {
    }

    /** {@code dlq show}: every letter of the delivery in full, then its attempts. */
    public static List<String> report(DeadLetterReport report, String deadLetterTopic, String attemptsTopic) {
        List<String> lines = new ArrayList<>();
        for (StoredDeadLetter stored : report.letters()) {
            if (!lines.isEmpty()) {
                lines.add("");
            }
            letter(lines, stored, deadLetterTopic);
        }
        if (report.letters().get(0).letter().delivery() != null) {
            lines.add("");
            lines.add("Attempts recorded in " + attemptsTopic + ": " + (report.attempts().isEmpty()
                    ? "none (kept 7 days)" : report.attempts().size()));
            if (!report.attempts().isEmpty()) {
                lines.add(String.format("  %-3s %-21s %9s  %-6s %-9s %s", "#", "AT", "TOOK", "STATUS", "OUTCOME",
                        "ERROR"));
                for (Attempt attempt : report.attempts()) {
                    lines.add(String.format("  %-3d %-21s %6d ms  %-6s %-9s %s", attempt.attempt(),
                            TIME.format(attempt.at()), attempt.durationMillis(),
                            attempt.status() == null ? NONE : attempt.status().toString(),
                            printable(attempt.outcome()), attempt.error() == null ? "" : printable(attempt.error())));
                }
            }
        }
        return lines;
    }

    private static void letter(List<String> lines, StoredDeadLetter stored, String topic) {
        DeadLetter letter = stored.letter();
        Delivery delivery = letter.delivery();
        lines.add("Dead letter " + stored.id() + " (" + topic + " partition " + stored.partition() + ", offset "
                + stored.offset() + ")");
        field(lines, "stage", letter.stage().wireName());
        field(lines, "reason", letter.reason().wireName() + " (" + reasonText(letter.reason()) + ")");
        field(lines, "dead at", TIME.format(letter.deadAt()));
        field(lines, "tenant", printable(stored.tenant()));
        if (delivery != null) {
            field(lines, "subscription", delivery.subscriptionId());
            field(lines, "event", delivery.eventId() + " (" + delivery.eventType() + ")");
            field(lines, "delivery id", delivery.deliveryId());
        }
        field(lines, "attempts", letter.attempts() + times(letter.firstAttemptAt(), letter.lastAttemptAt()));
        if (letter.lastStatus() != null) {
            field(lines, "last status", letter.lastStatus().toString());
        }
        if (letter.lastError() != null) {
            field(lines, "last error", printable(letter.lastError()));
        }
        if (letter.sourceTopic() != null) {
            field(lines, "read from", letter.sourceTopic() + " partition " + letter.sourcePartition() + ", offset "
                    + letter.sourceOffset());
        }
        if (letter.lastResponseBody() != null) {
            lines.add("Last response body (first " + DeadLetter.MAX_RESPONSE_BODY + " bytes at most):");
            indent(lines, letter.lastResponseBody());
        }
        if (delivery != null) {
            int size = delivery.body().getBytes(StandardCharsets.UTF_8).length;
            lines.add("Body (" + size + " bytes):");
            indent(lines, delivery.body().isEmpty() ? "(dropped: the letter was too large to write)"
                    : delivery.body());
        } else {
            if (letter.rawKey() != null) {
                field(lines, "record key", bytes(letter.rawKey()));
            }
            if (letter.rawEvent() != null) {
                lines.add("Event record (" + letter.rawEvent().length + " bytes, as it was read):");
                indent(lines, bytes(letter.rawEvent()));
            } else {
                lines.add("Event record: not kept in the letter");
            }
        }
    }

    private static String times(Instant first, Instant last) {
        if (first == null) {
            return "";
        }
        return last == null || last.equals(first) ? " (at " + TIME.format(first) + ")"
                : " (first " + TIME.format(first) + ", last " + TIME.format(last) + ")";
    }

    /** {@code dlq stats}: the total, then counts by reason, by subscription (the top ones) and by hour. */
    public static List<String> stats(DeadLetterStats stats) {
        List<String> lines = new ArrayList<>();
        lines.add(stats.total() + " dead letter(s)");
        lines.add("");
        lines.add("By reason:");
        stats.byReason().entrySet().stream()
                .sorted(Map.Entry.<DeadLetterReason, Long>comparingByValue().reversed())
                .forEach(e -> lines.add(count(e.getValue(), e.getKey().wireName())));
        lines.add("");
        lines.add("By subscription:");
        List<Map.Entry<String, Long>> subscriptions = stats.bySubscription().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .toList();
        subscriptions.stream().limit(TOP_SUBSCRIPTIONS).forEach(e -> lines.add(count(e.getValue(), e.getKey())));
        if (subscriptions.size() > TOP_SUBSCRIPTIONS) {
            long rest = subscriptions.stream().skip(TOP_SUBSCRIPTIONS).mapToLong(Map.Entry::getValue).sum();
            lines.add(count(rest, "(" + (subscriptions.size() - TOP_SUBSCRIPTIONS) + " more subscriptions)"));
        }
        lines.add("");
        lines.add("By hour (UTC):");
        stats.byHour().forEach((hour, n) -> lines.add(count(n, HOUR.format(hour))));
        return lines;
    }

    /** A replay's summary: what was (or would be) sent where, and what was skipped and why. */
    public static List<String> summary(ReplaySummary summary, String deliveriesTopic, String eventsTopic) {
        List<String> lines = new ArrayList<>();
        String verb = summary.dryRun() ? "would replay" : "replayed";
        lines.add((summary.dryRun() ? "Dry run of replay " : "Replay ") + summary.name()
                + (summary.resumed() ? " (going on from where its last run stopped)" : "") + ": " + verb + " "
                + summary.total() + " of " + summary.matched() + " matching dead letter(s) (" + summary.read()
                + " read)");
        if (summary.toDeliveries() > 0) {
            lines.add("  " + summary.toDeliveries() + " to " + deliveriesTopic + " (same delivery ids, attempt 1)");
        }
        if (summary.toEvents() > 0) {
            lines.add("  " + summary.toEvents() + " to " + eventsTopic + " (the original event records)");
        }
        if (summary.dryRun() && !summary.replayed().isEmpty()) {
            lines.add("");
            lines.add(summary.total() > summary.replayed().size() ? "The first " + summary.replayed().size() + ":"
                    : "Those are:");
            table(summary.replayed()).forEach(line -> lines.add("  " + line));
        }
        if (summary.skippedTotal() > 0) {
            lines.add("");
            lines.add((summary.dryRun() ? "Would skip " : "Skipped ") + summary.skippedTotal() + ":");
            summary.skipped().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(Comparator.comparingInt(Enum::ordinal)))
                    .forEach(e -> {
                        String who = String.join(", ", summary.skippedWho().getOrDefault(e.getKey(), Set.of()));
                        lines.add("  " + e.getValue() + " because " + e.getKey().description()
                                + (who.isEmpty() ? "" : ": " + who + (e.getValue() > 10 ? ", …" : "")));
                    });
            boolean waiting = summary.skipped().keySet().stream().anyMatch(SkipReason::waits);
            if (waiting && !summary.dryRun()) {
                lines.add("  Letters of disabled or invalid subscriptions are kept for this replay: run it again "
                        + "once they are fixed, and it sends them.");
            }
        }
        if (summary.limitReached()) {
            lines.add("Stopped at --limit; run the same replay again to go on.");
        }
        if (summary.stopped()) {
            lines.add("Stopped before the end; run the same replay again to go on"
                    + (summary.dryRun() ? "." : ": nothing is sent twice."));
        }
        if (summary.note() != null) {
            lines.add("Stopped early: " + summary.note() + ".");
        }
        return lines;
    }

    /** A short explanation of a reason, for {@code show}. */
    public static String reasonText(DeadLetterReason reason) {
        return switch (reason) {
            case INVALID_EVENT -> "the router could not read the event";
            case EVENT_TOO_LARGE -> "the event is over router.max.event.bytes";
            case EXHAUSTED -> "every attempt the retry schedule allows failed";
            case GONE -> "the endpoint answered 410 Gone";
            case ENDPOINT_DISABLED -> "the subscription was disabled";
            case BLOCKED_ADDRESS -> "the endpoint's address is one the address policy denies";
            case SUBSCRIPTION_DELETED -> "the subscription did not exist";
            case INVALID_SUBSCRIPTION -> "the subscription's record was invalid";
            case TENANT_MISMATCH -> "the subscription id belonged to another tenant";
        };
    }

    /**
     * Text from a record made safe for a terminal: control characters other than line breaks
     * and tabs shown as {@code \\uXXXX}.
     */
    public static String printable(String text) {
        if (text == null) {
            return NONE;
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if ((c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** Bytes as text when they are UTF-8, else as base64 (said so). */
    static String bytes(byte[] raw) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return "(not UTF-8; base64) " + Base64.getEncoder().encodeToString(raw);
        }
    }

    private static void field(List<String> lines, String name, String value) {
        lines.add(String.format("  %-13s %s", name, value));
    }

    private static void indent(List<String> lines, String text) {
        printable(text).lines().forEach(line -> lines.add("  " + line));
    }

    private static String count(long n, String what) {
        return String.format("  %8d  %s", n, what);
    }

    private static String cell(String value, int max) {
        if (value == null) {
            return NONE;
        }
        String flat = printable(value).replace('\n', ' ').replace('\t', ' ');
        return flat.length() > max ? flat.substring(0, max - 1) + "…" : flat;
    }

    private static String pad(String value, int width) {
        return value.length() >= width ? value + " " : value + " ".repeat(width - value.length());
    }
}
