package io.hookline.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UtcInstantSerializerTest {
    /** What Json wrote instants with before: JavaTimeModule alone. */
    private static final ObjectMapper GENERAL = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private record Timed(Instant at) {
    }

    @Test
    void writesEveryInstantOfTheYears0000To9999AsToStringDoes() {
        SplittableRandom random = new SplittableRandom(7);
        char[] text = new char[30];
        for (int i = 0; i < 200_000; i++) {
            int nanos = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L), nanos);
            int length = UtcInstantSerializer.format(instant, text);
            assertEquals(instant.toString(), new String(text, 0, length));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "1969-12-31T23:59:59.999Z",
        "1970-01-01T00:00:00.000001Z", "2026-11-30T12:00:00.100Z", "2024-02-29T23:59:59Z"})
    void writesAsJavaTimeDid(String text) throws Exception {
        Timed timed = new Timed(Instant.parse(text));
        assertEquals(GENERAL.writeValueAsString(timed), Json.writeString(timed));
        assertEquals("{\"at\":\"" + text + "\"}", Json.writeString(timed));
    }

    @Test
    void writesYearsBeyondTheFourDigitsAsJavaTimeDid() throws Exception {
        for (Instant instant : new Instant[] {Instant.MIN, Instant.MAX, Instant.parse("-0001-12-31T23:59:59Z"),
                Instant.parse("+10000-01-01T00:00:00Z")}) {
            assertEquals(-1, UtcInstantSerializer.format(instant, new char[30]));
            assertEquals(GENERAL.writeValueAsString(new Timed(instant)), Json.writeString(new Timed(instant)));
        }
    }

    @Test
    void readsBackWhatItWrites() {
        Timed timed = new Timed(Instant.parse("2026-11-30T12:00:00.123456789Z"));
        assertEquals(timed, Json.read(Json.write(timed), Timed.class));
    }
}
