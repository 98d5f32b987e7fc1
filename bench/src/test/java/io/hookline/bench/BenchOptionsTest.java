package io.hookline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void settingsAndVariantsOfHooklineAndItsKafkaClientsAreAccepted() {
        BenchOptions options = options(Map.of("router.commit.interval", "100ms"),
                Map.of("dispatcher.commit.interval", "1s", "kafka.linger.ms", "20"));

        assertEquals("1s", options.variantSettings().get("dispatcher.commit.interval"));
    }

    @Test
    void aKeyThatIsNoSettingIsRefusedBeforeAnythingStarts() {
        // a typo would otherwise measure the defaults against themselves
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> options(Map.of(), Map.of("dispatcher.comit.interval", "1s")));

        assertTrue(e.getMessage().startsWith("--variant dispatcher.comit.interval: not a Hookline setting"),
                e.getMessage());
    }

    @Test
    void aBadValueIsRefusedWithTheSettingsOwnMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> options(Map.of(), Map.of("dispatcher.max.in.flight", "lots")));

        assertTrue(e.getMessage().startsWith("--variant: ") && e.getMessage().contains("dispatcher.max.in.flight"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> options(Map.of("router.commit.interval", "soon"), Map.of()));
    }

    @Test
    void whatKeepsTheBenchsHooklinesApartCannotBeChanged() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> options(Map.of("topic.prefix", "mine"), Map.of()));

        assertTrue(e.getMessage().contains("the bench sets it"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> options(Map.of(), Map.of("dispatcher.group.id", "g")));
        // it would take every Hookline and the bench's own clients away from the bench's broker
        assertThrows(IllegalArgumentException.class,
                () -> options(Map.of("kafka.bootstrap.servers", "elsewhere:9092"), Map.of()));
    }

    @Test
    void withoutFanOutsEachScenarioRunsItsOwn() {
        BenchOptions none = new BenchOptions(List.of(Scenario.THROUGHPUT, Scenario.ROUTER), true, null,
                Path.of("results"), 40, List.of(), Map.of(), Map.of(), Duration.ZERO, Payload.PADDED, "test", false);
        BenchOptions given = new BenchOptions(List.of(Scenario.THROUGHPUT, Scenario.ROUTER), true, null,
                Path.of("results"), 40, List.of(5, 5), Map.of(), Map.of(), Duration.ZERO, Payload.PADDED, "test", false);

        assertEquals(List.of(1, 5, 20), none.throughputFanOuts());
        assertEquals(List.of(1, 5), none.routerFanOuts(), "100 does not divide 40 endpoints: left out");
        assertEquals(List.of(5, 5), given.throughputFanOuts());
        assertEquals(List.of(5, 5), given.routerFanOuts());
    }

    @Test
    void anAnswerDelayIsAtMostASecond() {
        assertThrows(IllegalArgumentException.class, () -> new BenchOptions(List.of(Scenario.THROUGHPUT), true, null,
                Path.of("results"), 100, List.of(5), Map.of(), Map.of(), Duration.ofSeconds(2), Payload.PADDED, "test", false));
    }

    private static BenchOptions options(Map<String, String> set, Map<String, String> variant) {
        return new BenchOptions(List.of(Scenario.THROUGHPUT), true, null, Path.of("results"), 100, List.of(5), set,
                variant, Duration.ZERO, Payload.PADDED, "test", false);
    }
}
