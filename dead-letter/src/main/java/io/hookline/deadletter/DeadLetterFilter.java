package io.hookline.deadletter;

import io.hookline.common.HooklineException;
import io.hookline.common.LogSafe;
import io.hookline.common.config.Durations;
import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.DeadLetterReason;
import io.hookline.common.wire.InvalidRecordException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which dead letters a {@code dlq} command looks at. Each set is "any of these" (empty = all),
 * the sets together "all of them"; the time range is on {@code deadAt}, {@code since}
 * inclusive and {@code until} exclusive. {@link #canonical()} spells the filter as it was
 * given (a relative {@code --since 2h} stays "2h"), which names a replay by its filters.
 *
 * @param subscriptions subscription ids; a router letter has none, so it never matches one
 * @param tenants       tenants: the delivery's, or for a router letter its record key
 * @param since         null = from the first letter on
 * @param until         null = up to the last
 */
public record DeadLetterFilter(Set<String> subscriptions, Set<String> tenants, Set<DeadLetterReason> reasons,
                               Set<DeadLetter.Origin> stages, Instant since, Instant until, String canonical) {

    /** Every dead letter. */
    public static final DeadLetterFilter ALL = new DeadLetterFilter(Set.of(), Set.of(), Set.of(), Set.of(), null,
            null, "");

    /** How a relative time or a name of the filter looks, for messages. */
    private static final String TIME_FORMAT = "an ISO time like 2026-11-27T10:15:30Z (or 2026-11-27T10:15, "
            + "2026-11-27, read as UTC) nor a duration back from now like 30m, 2h, 7d";

    public DeadLetterFilter {
        subscriptions = Set.copyOf(subscriptions);
        tenants = Set.copyOf(tenants);
        reasons = Set.copyOf(reasons);
        stages = Set.copyOf(stages);
        if (since != null && until != null && !since.isBefore(until)) {
            throw new HooklineException("--since (" + since + ") must be before --until (" + until + ")");
        }
        canonical = canonical == null ? "" : canonical;
    }

    /**
     * The filter of a command line. Values may be repeated or comma-separated
     * ({@code --reason exhausted,gone}).
     *
     * @param now what relative times ({@code 2h}) count back from
     * @throws HooklineException with one line naming the flag, for a value that means nothing
     */
    public static DeadLetterFilter parse(Collection<String> subscriptions, Collection<String> tenants,
                                         Collection<String> reasons, Collection<String> stages, String since,
                                         String until, Instant now) {
        Set<String> subscriptionSet = split(subscriptions);
        Set<String> tenantSet = split(tenants);
        Set<DeadLetterReason> reasonSet = new TreeSet<>();
        for (String reason : split(reasons)) {
            reasonSet.add(reason(reason));
        }
        Set<DeadLetter.Origin> stageSet = new TreeSet<>();
        for (String stage : split(stages)) {
            stageSet.add(stage(stage));
        }
        Instant sinceTime = since == null ? null : time("--since", since, now);
        Instant untilTime = until == null ? null : time("--until", until, now);
        List<String> parts = new ArrayList<>();
        addPart(parts, "reason", reasonSet.stream().map(DeadLetterReason::wireName).toList());
        addPart(parts, "stage", stageSet.stream().map(DeadLetter.Origin::wireName).toList());
        addPart(parts, "subscription", subscriptionSet);
        addPart(parts, "tenant", tenantSet);
        addPart(parts, "since", since == null ? List.of() : List.of(since.trim()));
        addPart(parts, "until", until == null ? List.of() : List.of(until.trim()));
        return new DeadLetterFilter(subscriptionSet, tenantSet, reasonSet, stageSet, sinceTime, untilTime,
                String.join(" ", parts));
    }

    /**
     * A time given on the command line: an ISO instant or local time (UTC), a date (midnight
     * UTC), or a duration back from {@code now} ({@code 2h}).
     */
    public static Instant time(String flag, String text, Instant now) {
        String value = text.trim();
        try {
            return now.minus(Durations.parse(value));
        } catch (HooklineException notADuration) {
            // try the ISO forms next
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notOffset) {
            // next form
        }
        try {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notLocal) {
            // next form
        }
        try {
            return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notDate) {
            throw new HooklineException(flag + ": '" + LogSafe.printable(value) + "' is neither " + TIME_FORMAT);
        }
    }

    /** True if {@code stored} is one of the letters this filter looks at. */
    public boolean matches(StoredDeadLetter stored) {
        DeadLetter letter = stored.letter();
        return (stages.isEmpty() || stages.contains(letter.stage()))
                && (reasons.isEmpty() || reasons.contains(letter.reason()))
                && (subscriptions.isEmpty() || in(subscriptions, stored.subscriptionId()))
                && (tenants.isEmpty() || in(tenants, stored.tenant()))
                && (since == null || !letter.deadAt().isBefore(since))
                && (until == null || letter.deadAt().isBefore(until));
    }

    /** Set.copyOf's sets refuse to be asked about null. */
    private static boolean in(Set<String> values, String value) {
        return value != null && values.contains(value);
    }

    /** True if it looks at every letter. */
    public boolean isAll() {
        return canonical.isEmpty();
    }

    /** The filter for people: {@code reason=exhausted subscription=sub_1 since=2h}, or "no filter". */
    public String describe() {
        return isAll() ? "no filter" : canonical;
    }

    /**
     * The replay name a filter gets when none is given: {@code all} without filters, else the
     * filters in readable form plus a hash of them, so that different filters never share a
     * name (and so a replay's place): {@code reason-exhausted.subscription-sub_1-3f9a0c2e}.
     */
    public String derivedName() {
        if (isAll()) {
            return "all";
        }
        String readable = canonical.replace('=', '-').replace(' ', '.').replace(',', '_')
                .replaceAll("[^A-Za-z0-9._-]", "-");
        if (readable.length() > 60) {
            readable = readable.substring(0, 60);
        }
        return readable + "-" + fingerprint().substring(0, 8);
    }

    /** A hash of {@link #canonical()}: what a replay remembers to refuse the same name with other filters. */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void addPart(List<String> parts, String name, Collection<String> values) {
        if (!values.isEmpty()) {
            parts.add(name + "=" + values.stream().sorted().collect(Collectors.joining(",")));
        }
    }

    private static Set<String> split(Collection<String> values) {
        Set<String> split = new TreeSet<>();
        if (values != null) {
            values.stream().flatMap(value -> Arrays.stream(value.split(",")))
                    .map(String::trim).filter(value -> !value.isEmpty()).forEach(split::add);
        }
        return split;
    }

    private static DeadLetterReason reason(String text) {
        try {
            return DeadLetterReason.fromWireName(text.toLowerCase(Locale.ROOT).replace('-', '_'));
        } catch (InvalidRecordException e) {
            throw new HooklineException("--reason: unknown reason '" + LogSafe.printable(text) + "'; one of "
                    + Arrays.stream(DeadLetterReason.values()).map(DeadLetterReason::wireName)
                            .collect(Collectors.joining(", ")));
        }
    }

    private static DeadLetter.Origin stage(String text) {
        for (DeadLetter.Origin origin : DeadLetter.Origin.values()) {
            if (origin.wireName().equalsIgnoreCase(text)) {
                return origin;
            }
        }
        throw new HooklineException("--stage: unknown stage '" + LogSafe.printable(text) + "'; one of router, "
                + "dispatcher");
    }
}
