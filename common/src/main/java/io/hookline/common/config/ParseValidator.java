package io.hookline.common.config;

import io.hookline.common.HooklineException;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * A {@link ConfigDef.Validator} that checks a setting by parsing it as the code that uses it
 * will, so a bad value fails at start with the other config errors: the parser's one-line
 * {@link HooklineException} message becomes Kafka's {@link ConfigException}.
 */
public final class ParseValidator implements ConfigDef.Validator {
    private final String description;
    private final Consumer<Object> check;

    private ParseValidator(String description, Consumer<Object> check) {
        this.description = Objects.requireNonNull(description, "description");
        this.check = check;
    }

    /** A {@code STRING} setting, parsed as it is. */
    public static ParseValidator of(String description, Consumer<String> parse) {
        return new ParseValidator(description, value -> parse.accept((String) value));
    }

    /** A {@code STRING} setting that may be empty (null or blank: none), parsed otherwise. */
    public static ParseValidator optional(String description, Consumer<String> parse) {
        return new ParseValidator(description, value -> {
            if (value != null && !((String) value).isBlank()) {
                parse.accept((String) value);
            }
        });
    }

    /** A {@code LIST} setting, each element parsed. */
    public static ParseValidator eachOf(String description, Consumer<String> parse) {
        return new ParseValidator(description, value -> {
            for (Object element : (List<?>) value) {
                parse.accept((String) element);
            }
        });
    }

    @Override
    public void ensureValid(String name, Object value) {
        try {
            check.accept(value);
        } catch (HooklineException e) {
            throw new ConfigException(name, value, e.getMessage());
        }
    }

    /** What a valid value looks like, for the generated reference docs. */
    @Override
    public String toString() {
        return description;
    }
}
