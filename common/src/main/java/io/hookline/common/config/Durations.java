package io.hookline.common.config;

import io.hookline.common.HooklineException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Human durations in configuration: {@code 500ms}, {@code 5s}, {@code 1m}, {@code 2h}, {@code 1d}.
 *
 * <p>A duration setting is declared as a {@code STRING} with {@link #atLeast} (or a list of them
 * with {@link #eachAtLeast}) as its validator, so its minimum sits in the declaration and shows in
 * the generated reference. {@link HooklineConfig} parses every such setting once, when it is
 * built, and hands out the typed value with {@link HooklineConfig#duration(String)}.
 */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
    private static final String FORMAT = "a duration like 500ms, 5s, 1m, 2h, 1d";
    private static final String LIST_FORMAT = "comma-separated durations like 5s,1m,2h";

    private Durations() {
    }

    public static Duration parse(String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new HooklineException("'" + text + "' is not a duration like 500ms, 5s, 1m, 2h or 1d");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** A comma-separated list of durations, e.g. a retry schedule {@code 5s,1m,5m}. */
    public static List<Duration> parseList(String text) {
        List<Duration> durations = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return durations;
        }
        for (String part : text.split(",")) {
            durations.add(parse(part));
        }
        return durations;
    }

    /**
     * {@code duration} as it would be written in configuration, in its largest whole unit:
     * {@code 1500ms}, {@code 90m}, {@code 1d}.
     */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0s";
        }
        long[] unitMillis = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] unitNames = {"d", "h", "m", "s"};
        for (int i = 0; i < unitMillis.length; i++) {
            if (millis % unitMillis[i] == 0) {
                return millis / unitMillis[i] + unitNames[i];
            }
        }
        return millis + "ms";
    }

    /**
     * The validator of a duration setting no shorter than {@code min}; {@link Duration#ZERO}
     * allows every duration. A zero timeout or interval is usually a typo, so most settings
     * want {@code Duration.ofMillis(1)} or more.
     */
    public static ConfigDef.Validator atLeast(Duration min) {
        return new DurationValidator(min, false);
    }

    /** The validator of a setting that lists durations (a retry schedule), each no shorter than {@code min}. */
    public static ConfigDef.Validator eachAtLeast(Duration min) {
        return new DurationValidator(min, true);
    }

    /**
     * Checks a duration setting, or a list of them, against its minimum; {@link HooklineConfig}
     * recognises its settings by this validator and parses them once.
     */
    static final class DurationValidator implements ConfigDef.Validator {
        private final Duration min;
        private final boolean list;

        private DurationValidator(Duration min, boolean list) {
            Objects.requireNonNull(min, "min");
            if (min.isNegative() || min.toNanos() % 1_000_000 != 0) {
                throw new IllegalArgumentException("a minimum duration is whole milliseconds, not " + min);
            }
            this.min = min;
            this.list = list;
        }

        boolean isList() {
            return list;
        }

        @Override
        public void ensureValid(String name, Object value) {
            List<Duration> durations;
            try {
                durations = list ? parseList((String) value) : List.of(parse((String) value));
            } catch (HooklineException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
            for (Duration duration : durations) {
                if (duration.compareTo(min) < 0) {
                    String what = list ? "each duration must be" : "must be";
                    throw new ConfigException(name, value, what + " at least " + format(min));
                }
            }
        }

        @Override
        public String toString() {
            String bound = min.isZero() ? "" : (list ? ", each at least " : ", at least ") + format(min);
            return (list ? LIST_FORMAT : FORMAT) + bound;
        }
    }
}
