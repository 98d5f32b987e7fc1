package io.hookline.common.config;

import io.hookline.common.HooklineException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Human durations in configuration: {@code 500ms}, {@code 5s}, {@code 1m}, {@code 2h}, {@code 1d}. */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

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

    /** A {@link ConfigDef} validator for one duration, or a list of them with {@code list = true}. */
    public static ConfigDef.Validator validator(boolean list) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                try {
                    if (list) {
                        parseList((String) value);
                    } else {
                        parse((String) value);
                    }
                } catch (HooklineException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
            }

            @Override
            public String toString() {
                return list ? "comma-separated durations like 5s,1m,2h" : "a duration like 500ms, 5s, 1m, 2h, 1d";
            }
        };
    }
}
