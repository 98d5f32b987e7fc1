package io.hookline.dispatcher.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The {@code notBefore} of a retry record, also carried as a record header (epoch
 * milliseconds in ASCII) so that the poll loop can hold a partition back without parsing the
 * record's JSON. The JSON field stays the record's truth for every other reader.
 */
final class NotBeforeHeader {
    static final String NAME = "hookline-not-before";

    private NotBeforeHeader() {
    }

    static void write(Headers headers, Instant notBefore) {
        headers.add(NAME, Long.toString(notBefore.toEpochMilli()).getBytes(StandardCharsets.US_ASCII));
    }

    /** The header's time; null when absent or unreadable, which makes the record due now. */
    static Instant read(Headers headers) {
        Header header = headers.lastHeader(NAME);
        if (header == null || header.value() == null) {
            return null;
        }
        try {
            return Instant.ofEpochMilli(Long.parseLong(new String(header.value(), StandardCharsets.US_ASCII)));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
