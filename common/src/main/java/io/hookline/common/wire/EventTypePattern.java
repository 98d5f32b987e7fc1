package io.hookline.common.wire;

import io.hookline.common.LogSafe;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An event-type pattern of a subscription: {@code order.created} matches exactly,
 * {@code order.*} matches one segment in place of the star, and a final {@code **}
 * matches one or more segments ({@code order.**}; {@code **} alone matches every type).
 */
public final class EventTypePattern {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-]+");
    private static final int MAX_LENGTH = 256;

    private final String text;
    private final String[] segments;

    private EventTypePattern(String text, String[] segments) {
        this.text = text;
        this.segments = segments;
    }

    /** Parses a pattern, or throws {@link InvalidRecordException} saying what is wrong with it. */
    public static EventTypePattern parse(String text) {
        Checks.required(text, "event type pattern");
        String[] segments = split(text, "event type pattern");
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals("**") && !last) {
                throw new InvalidRecordException("event type pattern '" + LogSafe.printable(text)
                        + "': '**' may only be the last segment");
            }
            if (!segment.equals("*") && !segment.equals("**") && !SEGMENT.matcher(segment).matches()) {
                throw new InvalidRecordException("event type pattern '" + LogSafe.printable(text)
                        + "': segment '" + LogSafe.printable(segment) + "' must be a name, '*' or a final '**'");
            }
        }
        return new EventTypePattern(text, segments);
    }

    /** Throws {@link InvalidRecordException} unless {@code type} is a dot-separated event type name. */
    public static String requireValidType(String type) {
        Checks.required(type, "type");
        if (isValidType(type)) {
            return type;
        }
        // Invalid: the slow path below says why.
        for (String segment : split(type, "type")) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw new InvalidRecordException("type '" + LogSafe.printable(type)
                        + "' must be dot-separated names of A-Z a-z 0-9 _ -");
            }
        }
        return type;
    }

    /**
     * The check of {@link #requireValidType} as one loop, without splitting or a regex: every
     * delivery the dispatcher reads has its type checked on the poll thread.
     */
    private static boolean isValidType(String type) {
        int length = type.length();
        if (length < 1 || length > MAX_LENGTH) {
            return false;
        }
        boolean segmentStart = true;
        for (int i = 0; i < length; i++) {
            char c = type.charAt(i);
            if (c == '.') {
                if (segmentStart) {
                    return false; // an empty segment
                }
                segmentStart = true;
            } else if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
                segmentStart = false;
            } else {
                return false;
            }
        }
        return !segmentStart; // not ending in a dot
    }

    public static List<EventTypePattern> parseAll(List<String> patterns) {
        return patterns.stream().map(EventTypePattern::parse).toList();
    }

    public boolean matches(String type) {
        String[] parts = type.split("\\.", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.equals("**")) {
                return parts.length > i; // one or more remaining segments
            }
            if (i >= parts.length) {
                return false;
            }
            if (!segment.equals("*") && !segment.equals(parts[i])) {
                return false;
            }
        }
        return parts.length == segments.length;
    }

    private static String[] split(String text, String what) {
        if (text.isEmpty() || text.length() > MAX_LENGTH) {
            throw new InvalidRecordException(what + " must be 1-" + MAX_LENGTH + " characters");
        }
        String[] segments = text.split("\\.", -1);
        for (String segment : segments) {
            if (segment.isEmpty()) {
                throw new InvalidRecordException(what + " '" + LogSafe.printable(text) + "' has an empty segment");
            }
        }
        return segments;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventTypePattern other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
