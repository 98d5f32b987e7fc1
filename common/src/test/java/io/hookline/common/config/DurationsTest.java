package io.hookline.common.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hookline.common.HooklineException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @Test
    void ignoresSurroundingWhitespace() {
        assertEquals(Duration.ofSeconds(5), Durations.parse("  5s\t"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "5", "s", "5 s", "-5s", "+5s", "1.5s", "5S", "5sec", "5m30s", "1w", "PT5S",
            "1234567890s"})
    void rejectsWhatIsNotADuration(String text) {
        assertEquals("'" + text + "' is not a duration like 500ms, 5s, 1m, 2h or 1d",
                assertThrows(HooklineException.class, () -> Durations.parse(text)).getMessage());
    }

    @Test
    void rejectsNull() {
        assertEquals("'null' is not a duration like 500ms, 5s, 1m, 2h or 1d",
                assertThrows(HooklineException.class, () -> Durations.parse(null)).getMessage());
    }

    @Test
    void parsesAListInOrder() {
        assertEquals(List.of(Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofMinutes(5),
                        Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(6), Duration.ofHours(12),
                        Duration.ofDays(1), Duration.ofDays(1)),
                Durations.parseList("5s,1m,5m,30m,2h,6h,12h,24h,1d"));
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), Durations.parseList(" 1s , 2s "));
    }

    @Test
    void parsesAnEmptyListAsNoDurations() {
        assertEquals(List.of(), Durations.parseList(""));
        assertEquals(List.of(), Durations.parseList("   "));
        assertEquals(List.of(), Durations.parseList(null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "5s,,1m | ''",
            "5s, 1x | ' 1x'",
            "5s;1m  | '5s;1m'",
    })
    void rejectsAListWithABadDuration(String list, String bad) {
        assertEquals("'" + bad + "' is not a duration like 500ms, 5s, 1m, 2h or 1d",
                assertThrows(HooklineException.class, () -> Durations.parseList(list)).getMessage());
    }

    @ParameterizedTest
    @CsvSource({
            "PT0S,     0s",
            "PT0.001S, 1ms",
            "PT1.5S,   1500ms",
            "PT1S,     1s",
            "PT90S,    90s",
            "PT1M,     1m",
            "PT1H30M,  90m",
            "PT2H,     2h",
            "PT24H,    1d",
            "PT48H,    2d",
            "PT0.5S,   500ms",
            "PT5S,     5s",
            "PT277H46M39.999S, 999999999ms",
    })
    void parsesAndFormatsInTheLargestWholeUnit(Duration duration, String expected) {
        assertEquals(expected, Durations.format(duration));
        assertEquals(duration, Durations.parse(expected));
    }

    static Stream<Arguments> acceptedValues() {
        return Stream.of(
                Arguments.of(Durations.atLeast(Duration.ofSeconds(1)), "router.dedupe.window", "1s"),
                Arguments.of(Durations.atLeast(Duration.ofSeconds(1)), "router.dedupe.window", "1000ms"),
                Arguments.of(Durations.atLeast(Duration.ofSeconds(1)), "router.dedupe.window", "1d"),
                Arguments.of(Durations.atLeast(Duration.ZERO), "router.commit.interval", "0ms"),
                Arguments.of(Durations.atLeast(Duration.ofMillis(1)), "dispatcher.timeout", "15s"),
                Arguments.of(Durations.eachAtLeast(Duration.ofSeconds(1)), "retry.schedule", "1s,2s"));
    }

    @ParameterizedTest
    @MethodSource("acceptedValues")
    void validatorAcceptsTheMinimumAndAbove(ConfigDef.Validator validator, String name, String value) {
        assertDoesNotThrow(() -> validator.ensureValid(name, value));
    }

    /** Kafka's ConfigException, with Kafka's "Invalid value ... for configuration ..." prefix. */
    static Stream<Arguments> rejectedValues() {
        String notADuration = " is not a duration like 500ms, 5s, 1m, 2h or 1d";
        return Stream.of(
                Arguments.of(Durations.atLeast(Duration.ofSeconds(1)), "router.dedupe.window", "999ms",
                        "Invalid value 999ms for configuration router.dedupe.window: must be at least 1s"),
                Arguments.of(Durations.atLeast(Duration.ofSeconds(1)), "router.dedupe.window", "0s",
                        "Invalid value 0s for configuration router.dedupe.window: must be at least 1s"),
                Arguments.of(Durations.atLeast(Duration.ofMillis(1)), "dispatcher.timeout", "15",
                        "Invalid value 15 for configuration dispatcher.timeout: '15'" + notADuration),
                Arguments.of(Durations.atLeast(Duration.ofMillis(1)), "dispatcher.timeout", "1s,2s",
                        "Invalid value 1s,2s for configuration dispatcher.timeout: '1s,2s'" + notADuration),
                Arguments.of(Durations.eachAtLeast(Duration.ofSeconds(1)), "retry.schedule", "1s,2",
                        "Invalid value 1s,2 for configuration retry.schedule: '2'" + notADuration),
                Arguments.of(Durations.eachAtLeast(Duration.ofSeconds(1)), "retry.schedule", "5s,500ms",
                        "Invalid value 5s,500ms for configuration retry.schedule: each duration must be at least 1s"));
    }

    @ParameterizedTest
    @MethodSource("rejectedValues")
    void validatorRejectsWithKafkasConfigException(ConfigDef.Validator validator, String name, String value,
                                                   String expected) {
        assertEquals(expected, rejection(validator, name, value));
    }

    @Test
    void atLeastRejectsNull() {
        assertThrows(ConfigException.class, () -> Durations.atLeast(Duration.ofMillis(1))
                .ensureValid("dispatcher.timeout", null));
    }

    @Test
    void validatorDescribesItselfWithItsMinimumForTheGeneratedDocs() {
        assertEquals("a duration like 500ms, 5s, 1m, 2h, 1d", Durations.atLeast(Duration.ZERO).toString());
        assertEquals("a duration like 500ms, 5s, 1m, 2h, 1d, at least 1ms",
                Durations.atLeast(Duration.ofMillis(1)).toString());
        assertEquals("a duration like 500ms, 5s, 1m, 2h, 1d, at least 1s",
                Durations.atLeast(Duration.ofSeconds(1)).toString());
        assertEquals("comma-separated durations like 5s,1m,2h", Durations.eachAtLeast(Duration.ZERO).toString());
        assertEquals("comma-separated durations like 5s,1m,2h, each at least 1s",
                Durations.eachAtLeast(Duration.ofSeconds(1)).toString());
    }

    @Test
    void aMinimumIsWholeMillisecondsAndNotNegative() {
        assertThrows(IllegalArgumentException.class, () -> Durations.atLeast(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> Durations.atLeast(Duration.ofNanos(1)));
        assertThrows(NullPointerException.class, () -> Durations.eachAtLeast(null));
    }

    @Test
    void validatorWorksInsideAConfigDef() {
        ConfigDef definition = new ConfigDef().define("retry.schedule", ConfigDef.Type.STRING, "5s,1m",
                Durations.eachAtLeast(Duration.ofSeconds(1)), ConfigDef.Importance.HIGH, "Retry delays.");

        assertEquals("1s,2s", definition.parse(java.util.Map.of("retry.schedule", "1s,2s")).get("retry.schedule"));
        assertEquals("Invalid value soon for configuration retry.schedule: 'soon' is not a duration like 500ms, 5s, "
                        + "1m, 2h or 1d",
                assertThrows(ConfigException.class,
                        () -> definition.parse(java.util.Map.of("retry.schedule", "soon"))).getMessage());
    }

    @Test
    void aDefaultBelowTheMinimumIsRefusedWhereItIsDeclared() {
        assertThrows(ConfigException.class, () -> new ConfigDef().define("router.dedupe.window", ConfigDef.Type.STRING,
                "500ms", Durations.atLeast(Duration.ofSeconds(1)), ConfigDef.Importance.HIGH, "Window."));
    }

    /** The one-line message {@code validator} refuses {@code value} of setting {@code name} with. */
    private static String rejection(ConfigDef.Validator validator, String name, String value) {
        return assertThrows(ConfigException.class, () -> validator.ensureValid(name, value)).getMessage();
    }
}
