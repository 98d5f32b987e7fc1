package io.hookline.deadletter;

import static io.hookline.deadletter.Letters.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.HooklineException;
import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.DeadLetterReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeadLetterFilterTest {
    private static final StoredDeadLetter EXHAUSTED = Letters.stored(0, 1,
            Letters.exhausted("evt_1", "sub_1", NOW.minus(Duration.ofHours(3))));
    private static final StoredDeadLetter DISABLED = Letters.stored(1, 1,
            Letters.unsent("evt_2", "sub_2", "globex", DeadLetterReason.ENDPOINT_DISABLED, NOW.minusSeconds(60)));
    private static final StoredDeadLetter ROUTER = Letters.stored(2, 1,
            Letters.invalidEvent("acme", "{not json", NOW.minus(Duration.ofMinutes(30))));

    @Test
    void relativeTimesCountBackFromNow() {
        assertEquals(NOW.minus(Duration.ofHours(2)), DeadLetterFilter.time("--since", "2h", NOW));
        assertEquals(NOW.minus(Duration.ofDays(7)), DeadLetterFilter.time("--since", "7d", NOW));
        assertEquals(NOW.minus(Duration.ofMinutes(30)), DeadLetterFilter.time("--since", " 30m ", NOW));
    }

    @Test
    void isoTimesWithoutOffsetAreUtc() {
        assertEquals(Instant.parse("2026-11-27T10:15:30Z"), DeadLetterFilter.time("--since", "2026-11-27T10:15:30Z", NOW));
        assertEquals(Instant.parse("2026-11-27T09:15:30Z"),
                DeadLetterFilter.time("--since", "2026-11-27T10:15:30+01:00", NOW));
        assertEquals(Instant.parse("2026-11-27T10:15:00Z"), DeadLetterFilter.time("--since", "2026-11-27T10:15", NOW));
        assertEquals(Instant.parse("2026-11-27T00:00:00Z"), DeadLetterFilter.time("--until", "2026-11-27", NOW));
    }

    @Test
    void aTimeThatIsNeitherNamesTheFlagAndTheFormsInOneLine() {
        HooklineException e = assertThrows(HooklineException.class,
                () -> DeadLetterFilter.time("--since", "yesterday\u001b[2J", NOW));
        assertTrue(e.getMessage().startsWith("--since: 'yesterday\\u001b[2J' is neither an ISO time like "
                + "2026-11-27T10:15:30Z"), e.getMessage());
        assertTrue(e.getMessage().contains("2h"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void unknownReasonsAndStagesListWhatIsKnown() {
        HooklineException reason = assertThrows(HooklineException.class, () -> parse(List.of(), List.of("exhaustd"),
                List.of(), null, null));
        assertEquals("--reason: unknown reason 'exhaustd'; one of invalid_event, event_too_large, exhausted, gone, "
                + "endpoint_disabled, blocked_address, subscription_deleted, invalid_subscription, tenant_mismatch",
                reason.getMessage());
        HooklineException stage = assertThrows(HooklineException.class, () -> parse(List.of(), List.of(),
                List.of("ingest"), null, null));
        assertEquals("--stage: unknown stage 'ingest'; one of router, dispatcher", stage.getMessage());
    }

    @Test
    void sinceMustComeBeforeUntil() {
        HooklineException e = assertThrows(HooklineException.class, () -> parse(List.of(), List.of(), List.of(),
                "1h", "2h"));
        assertTrue(e.getMessage().startsWith("--since (2026-11-27T11:00:00Z) must be before --until"), e.getMessage());
    }

    @Test
    void valuesMayBeRepeatedOrCommaSeparatedAndReasonsInAnyCase() {
        DeadLetterFilter filter = parse(List.of("sub_1,sub_2", "sub_3"), List.of("EXHAUSTED", "endpoint-disabled"),
                List.of("Dispatcher"), null, null);
        assertEquals(Set.of("sub_1", "sub_2", "sub_3"), filter.subscriptions());
        assertEquals(Set.of(DeadLetterReason.EXHAUSTED, DeadLetterReason.ENDPOINT_DISABLED), filter.reasons());
        assertEquals(Set.of(DeadLetter.Origin.DISPATCHER), filter.stages());
        assertEquals("reason=endpoint_disabled,exhausted stage=dispatcher subscription=sub_1,sub_2,sub_3",
                filter.canonical());
    }

    @Test
    void filtersMatchWithinAndAcrossKinds() {
        assertTrue(DeadLetterFilter.ALL.matches(EXHAUSTED) && DeadLetterFilter.ALL.matches(ROUTER));
        assertMatches(parse(List.of("sub_1", "sub_2"), List.of(), List.of(), null, null), EXHAUSTED, DISABLED);
        assertMatches(parse(List.of(), List.of("endpoint_disabled"), List.of(), null, null), DISABLED);
        assertMatches(parse(List.of(), List.of(), List.of("router"), null, null), ROUTER);
        assertMatches(tenant("acme"), EXHAUSTED, ROUTER);
        assertMatches(tenant("globex"), DISABLED);
        assertMatches(parse(List.of("sub_1"), List.of("gone"), List.of(), null, null));
    }

    @Test
    void sinceIsInclusiveAndUntilExclusive() {
        Instant deadAt = EXHAUSTED.deadAt();
        assertTrue(between(deadAt, null).matches(EXHAUSTED));
        assertFalse(between(deadAt.plusMillis(1), null).matches(EXHAUSTED));
        assertFalse(between(null, deadAt).matches(EXHAUSTED));
        assertTrue(between(null, deadAt.plusMillis(1)).matches(EXHAUSTED));
        assertMatches(parse(List.of(), List.of(), List.of(), "2h", null), DISABLED, ROUTER);
        assertMatches(parse(List.of(), List.of(), List.of(), "1h", "10m"), ROUTER);
    }

    @Test
    void aReplayIsNamedByItsFiltersAndDifferentFiltersNeverShareAName() {
        assertEquals("all", DeadLetterFilter.ALL.derivedName());
        DeadLetterFilter one = parse(List.of("sub_1"), List.of("exhausted"), List.of(), "2h", null);
        assertTrue(one.derivedName().startsWith("reason-exhausted.subscription-sub_1.since-2h-"), one.derivedName());
        assertTrue(one.derivedName().matches("[A-Za-z0-9._-]{1,100}"));
        assertEquals(one.derivedName(), parse(List.of("sub_1"), List.of("exhausted"), List.of(), "2h", null)
                .derivedName(), "the same filters, the same name, whenever it runs");
        assertNotEquals(parse(List.of("a_b"), List.of(), List.of(), null, null).derivedName(),
                parse(List.of("a-b"), List.of(), List.of(), null, null).derivedName());
        DeadLetterFilter iso = parse(List.of(), List.of(), List.of(), "2026-11-27T10:15:30Z", null);
        assertTrue(iso.derivedName().matches("since-2026-11-27T10-15-30Z-[0-9a-f]{8}"), iso.derivedName());
    }

    private static void assertMatches(DeadLetterFilter filter, StoredDeadLetter... expected) {
        List<StoredDeadLetter> matching = List.of(EXHAUSTED, DISABLED, ROUTER).stream().filter(filter::matches)
                .toList();
        assertEquals(List.of(expected), matching, filter.describe());
    }

    private static DeadLetterFilter tenant(String tenant) {
        return DeadLetterFilter.parse(List.of(), List.of(tenant), List.of(), List.of(), null, null, NOW);
    }

    private static DeadLetterFilter between(Instant since, Instant until) {
        return new DeadLetterFilter(Set.of(), Set.of(), Set.of(), Set.of(), since, until, "t");
    }

    private static DeadLetterFilter parse(List<String> subscriptions, List<String> reasons, List<String> stages,
                                          String since, String until) {
        return DeadLetterFilter.parse(subscriptions, List.of(), reasons, stages, since, until, NOW);
    }
}
