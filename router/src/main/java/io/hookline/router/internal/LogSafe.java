package io.hookline.router.internal;

import java.util.regex.Pattern;

/** Text from records made fit for a log line: short, one line, nothing quoted from the input. */
final class LogSafe {
    private static final int MAX_LENGTH = 64;
    /** Jackson quotes the offending input in its messages: 'token', "value", ('value'). */
    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");
    private static final String JSON_ERROR = "not a valid ";

    private LogSafe() {
    }

    /** A key or id as it came: cut, with control characters made visible. */
    static String printable(String value) {
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
     * The reason a subscription did not read. A JSON parse error may quote the input, a secret
     * or a header value written in the wrong place, so its quoted parts are blanked; the
     * record checks' own messages never hold a secret and stay as they are.
     */
    static String subscriptionReason(String reason) {
        if (reason == null) {
            return "unreadable";
        }
        return reason.startsWith(JSON_ERROR) ? QUOTED.matcher(reason).replaceAll("'…'") : reason;
    }
}
