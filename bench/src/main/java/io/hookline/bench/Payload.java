package io.hookline.bench;

import java.util.Arrays;
import java.util.Locale;

/** What fills each bench event's data after its stamp, to about 1 KiB. */
public enum Payload {
    /**
     * One character repeated: the bench's payload from its start, so figures stay comparable
     * with the earlier ones; compresses many times over, far better than real events.
     */
    PADDED,
    /**
     * An order, as a shop would send one: the same fields in every event, values varied (ids,
     * words of a small vocabulary, numbers) and a few items; compresses about as real JSON does.
     */
    VARIED;

    /** {@code padded} or {@code varied}, any case. */
    public static Payload parse(String name) {
        for (Payload payload : values()) {
            if (payload.name().equalsIgnoreCase(name.trim())) {
                return payload;
            }
        }
        throw new IllegalArgumentException("unknown payload '" + name + "'; one of "
                + Arrays.stream(values()).map(Payload::label).toList());
    }

    /** As on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
