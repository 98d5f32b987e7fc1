package io.hookline.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UtcInstantDeserializerTest {
    /** What Json read instants with before: JavaTimeModule alone. */
    private static final ObjectMapper GENERAL = JsonMapper.builder().addModule(new JavaTimeModule()).build();

    private record Timed(Instant at) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-30T12:00:00Z", "2026-11-30T12:00:00.1Z", "2026-11-30T12:00:00.12Z",
        "2026-11-30T12:00:00.123Z", "2026-11-30T12:00:00.123456Z", "2026-11-30T12:00:00.123456789Z",
        "2026-11-30T12:00:00.000000001Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z", "2024-02-29T08:30:15Z", "2000-02-29T00:00:00Z"})
    void readsTheUtcFormItselfAsJavaTimeDoes(String text) throws Exception {
        assertNotNull(UtcInstantDeserializer.parse(text.toCharArray(), 0, text.length()), "read without the formatter");
        assertEquals(general(text), Json.read(json(text), Timed.class).at());
    }

    @Test
    void readsEveryInstantAsItsOwnText() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L),
                    random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            String text = instant.toString();
            assertEquals(instant, UtcInstantDeserializer.parse(text.toCharArray(), 0, text.length()), text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-30T12:00:00+01:00", "2026-11-30T12:00:00.5+00:00", "2016-12-31T23:59:60Z",
        "2026-11-30t12:00:00z", "2026-11-30T24:00:00Z", "2026-11-30T12:00:00.Z", "+12026-11-30T12:00:00Z"})
    void leavesOtherFormsToJavaTime(String text) throws Exception {
        assertNull(UtcInstantDeserializer.parse(text.toCharArray(), 0, text.length()));
        assertEquals(general(text), Json.read(json(text), Timed.class).at());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-29T12:00:00Z", "2026-13-01T00:00:00Z", "2026-04-31T00:00:00Z",
        "2026-11-30T12:00Z", "2026-11-30T12:00:00.1234567891Z", "2026-11-30T12:60:00Z", "2026-11-3xT12:00:00Z", "2026-11-30T12:00:00.12a4Z",
        "not a time at all!!!"})
    void refusesWhatJavaTimeRefuses(String text) {
        InvalidRecordException e = assertThrows(InvalidRecordException.class,
                () -> Json.read(json(text), Timed.class));
        assertTrue(e.getMessage().startsWith("not a valid Timed: at: "), e.getMessage());
        assertThrows(Exception.class, () -> general(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", " 2026-11-30T12:00:00Z"})
    void readsBlankAndPaddedAsJavaTimeDoes(String text) throws Exception {
        assertEquals(general(text), Json.read(json(text), Timed.class).at());
    }

    @Test
    void readsEpochNumbersAsJavaTimeDoes() throws Exception {
        assertEquals(general("1764504000"), Json.read("{\"at\":\"1764504000\"}", Timed.class).at());
        assertEquals(GENERAL.readValue("{\"at\":1764504000.5}", Timed.class).at(),
                Json.read("{\"at\":1764504000.5}", Timed.class).at());
    }

    private static String json(String instant) {
        return "{\"at\":\"" + instant + "\"}";
    }

    private static Instant general(String text) throws Exception {
        return GENERAL.readValue(json(text), Timed.class).at();
    }
}
