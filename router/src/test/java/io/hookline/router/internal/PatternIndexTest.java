package io.hookline.router.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.wire.EventTypePattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PatternIndexTest {
    private static final List<String> NAMES = List.of("a", "b", "order", "created");

    @ParameterizedTest
    @CsvSource({
            "order.created,     =order.created",
            "**,                >",
            "order.**,          >order",
            "order.item.**,     >order.item",
            "order.*,           *2:0:order",
            "*.created,         *2:1:created",
            "*.*,               *2:-1:",
            "order.*.**,        +0:order",
            "*.item.**,         +1:item",
            "*.**,              +-1:",
    })
    void filesEachFormOfPatternUnderItsKey(String pattern, String key) {
        assertEquals(key, PatternIndex.keyOf(pattern));
    }

    @Test
    void aTypeLooksUnderThreeKeysPerSegmentAndTwoMore() {
        assertEquals(List.of("=order.created", ">", ">order", "*2:-1:", "*2:0:order", "*2:1:created", "+-1:",
                "+0:order"), PatternIndex.keysFor("order.created"));
        assertEquals(3 * 5 + 2, PatternIndex.keysFor("a.b.c.d.e").size());
    }

    @Test
    void aMatchingPatternIsAlwaysFoundAndOnlyCheckedKeysHoldOthers() {
        Random random = new Random(42);
        int matches = 0;
        for (int i = 0; i < 200_000; i++) {
            String pattern = randomPattern(random);
            String type = randomType(random);
            boolean matching = EventTypePattern.parse(pattern).matches(type);
            boolean found = PatternIndex.keysFor(type).contains(PatternIndex.keyOf(pattern));
            if (matching) {
                matches++;
                assertTrue(found, pattern + " matches " + type + " but is not looked up");
            } else if (found) {
                assertTrue(PatternIndex.needsCheck(PatternIndex.keyOf(pattern)),
                        pattern + " does not match " + type + " but is taken without a check");
            }
        }
        assertTrue(matches > 10_000, "matches: " + matches);
    }

    @Test
    void onlyWildcardKeysNeedACheck() {
        assertFalse(PatternIndex.needsCheck(PatternIndex.keyOf("order.created")));
        assertFalse(PatternIndex.needsCheck(PatternIndex.keyOf("order.**")));
        assertTrue(PatternIndex.needsCheck(PatternIndex.keyOf("order.*")));
        assertTrue(PatternIndex.needsCheck(PatternIndex.keyOf("*.b.**")));
    }

    private static String randomPattern(Random random) {
        int length = 1 + random.nextInt(4);
        List<String> segments = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            int dice = random.nextInt(10);
            segments.add(i == length - 1 && dice < 2 ? "**" : dice < 5 ? "*" : NAMES.get(random.nextInt(NAMES.size())));
        }
        return String.join(".", segments);
    }

    private static String randomType(Random random) {
        List<String> segments = new ArrayList<>();
        for (int i = random.nextInt(5); i >= 0; i--) {
            segments.add(NAMES.get(random.nextInt(NAMES.size())));
        }
        return String.join(".", segments);
    }
}
