package io.hookline.common;

import java.util.regex.Pattern;

/**
 * Text from records made fit for a log line or an error message: short, one line, control
 * characters made visible. Keys, ids and types come from producers and admins and may hold
 * anything, including a line break that would forge a log line.
 */
public final class LogSafe {
    /** Enough to tell ids apart in a log line; the rest of an overlong value adds nothing. */
    private static final int MAX_LENGTH = 64;
    /** Jackson quotes the offending input in its messages: 'token', "value". */
    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");
    private static final String JSON_ERROR = "not a valid ";

    private LogSafe() {
    }

    /** A key, id or type as it came: cut to {@value #MAX_LENGTH} characters, control characters as {@code \\uXXXX}. */
    public static String printable(String value) {
        if (value == null) {
            return "(none)";
        }
        String cut = value.length() > MAX_LENGTH ? value.substring(0, MAX_LENGTH) + "…" : value;
        StringBuilder out = new StringBuilder(cut.length());
        for (char c : cut.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Why a record did not read. A JSON parse error may quote the input (a secret written in
     * the wrong place), so its quoted parts are blanked; the record checks' own messages never
     * hold a secret and stay as they are.
     */
    public static String reason(String reason) {
        if (reason == null) {
            return "unreadable";
        }
        return reason.startsWith(JSON_ERROR) ? QUOTED.matcher(reason).replaceAll("'…'") : reason;
    }
}
