package io.hookline.common.wire;

import io.hookline.common.LogSafe;
import static io.hookline.common.LogSafe.printable;

import java.util.regex.Pattern;

/** Field checks shared by the wire records' compact constructors. */
final class Checks {
    /** Ids and tenants: printable, no spaces, safe as Kafka keys, header values and log fields. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:@~-]{1,128}");

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
        if (!NAME.matcher(value).matches()) {
            throw new InvalidRecordException(field + " must be 1-128 characters of A-Z a-z 0-9 . _ : @ ~ -, got '"
                    + printable(value) + "'");
        }
        return value;
    }

    static int positive(int value, String field) {
        if (value < 1) {
            throw new InvalidRecordException(field + " must be at least 1, got " + value);
        }
        return value;
    }

}
