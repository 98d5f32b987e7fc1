package io.hookline.common.wire;

import io.hookline.common.LogSafe;
import static io.hookline.common.LogSafe.printable;


/** Field checks shared by the wire records' compact constructors. */
final class Checks {
    private static final int MAX_NAME = 128;

    private Checks() {
    }

    static <T> T required(T value, String field) {
        if (value == null) {
            throw new InvalidRecordException(field + " is required");
        }
        return value;
    }

    static String name(String value, String field) {
        required(value, field);
        if (!isName(value)) {
            throw new InvalidRecordException(field + " must be 1-128 characters of A-Z a-z 0-9 . _ : @ ~ -, got '"
                    + printable(value) + "'");
        }
        return value;
    }

    /**
     * Ids and tenants: 1-128 of {@code A-Z a-z 0-9 . _ : @ ~ -}: printable, no spaces, safe as
     * Kafka keys, header values and log fields. A loop rather than a regex: every delivery the
     * dispatcher reads checks four of them, on its poll thread.
     */
    static boolean isName(String value) {
        int length = value.length();
        if (length < 1 || length > MAX_NAME) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == ':' || c == '@' || c == '~' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static int positive(int value, String field) {
        if (value < 1) {
            throw new InvalidRecordException(field + " must be at least 1, got " + value);
        }
        return value;
    }

}
