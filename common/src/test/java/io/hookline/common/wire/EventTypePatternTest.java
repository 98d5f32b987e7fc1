package io.hookline.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventTypePatternTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
            // exact
            "order.created,          order.created,        true",
            "order.created,          order.updated,        false",
            "order.created,          order,                false",
            "order.created,          order.created.v2,     false",
            "order.created,          Order.created,        false",
            "order,                  order,                true",
            // * is exactly one segment
            "order.*,                order.created,        true",
            "order.*,                order.item.added,     false",
            "order.*,                order,                false",
            "order.*,                orders.created,       false",
            "*.created,              invoice.created,      true",
            "*.created,              invoice.paid,         false",
            "order.*.added,          order.item.added,     true",
            "order.*.added,          order.item.removed,   false",
            "order.*.added,          order.added,          false",
            "*,                      order,                true",
            "*,                      order.created,        false",
            // a final ** is one or more segments
            "order.**,               order.a,              true",
            "order.**,               order.a.b,            true",
            "order.**,               order.a.b.c.d,        true",
            "order.**,               order,                false",
            "order.**,               orders.a,             false",
            "order.**,               invoice.order.a,      false",
            "*.**,                   order,                false",
            "*.**,                   order.a,              true",
            "order.*.**,             order.item,           false",
            "order.*.**,             order.item.added,     true",
            // ** alone matches everything
            "**,                     order,                true",
            "**,                     order.created,        true",
            "**,                     a.b.c.d.e.f,          true",
    })
    void matches(String pattern, String type, boolean expected) {
        assertEquals(expected, EventTypePattern.parse(pattern).matches(type));
    }

    private static String rejection(String pattern) {
        return assertThrows(InvalidRecordException.class, () -> EventTypePattern.parse(pattern)).getMessage();
    }

    private static String typeRejection(String type) {
        return assertThrows(InvalidRecordException.class, () -> EventTypePattern.requireValidType(type)).getMessage();
    }

    @ParameterizedTest
    @ValueSource(strings = {"**.created", "order.**.added", "**.**"})
    void rejectsDoubleStarThatIsNotLast(String pattern) {
        assertEquals("event type pattern '" + pattern + "': '**' may only be the last segment", rejection(pattern));
    }

    @ParameterizedTest
    @ValueSource(strings = {"order..created", ".order", "order.", ".", "order.*.", "..**"})
    void rejectsEmptySegments(String pattern) {
        assertEquals("event type pattern '" + pattern + "' has an empty segment", rejection(pattern));
    }

    @Test
    void rejectsAnEmptyOrMissingPattern() {
        assertEquals("event type pattern must be 1-256 characters", rejection(""));
        assertEquals("event type pattern is required", rejection(null));
    }

    @Test
    void rejectsAPatternLongerThan256Characters() {
        String longest = "a".repeat(128) + "." + "b".repeat(127);
        assertEquals(longest, EventTypePattern.parse(longest).toString());

        assertEquals("event type pattern must be 1-256 characters", rejection(longest + "b"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "order.cre*ted  | cre*ted",
            "order.***      | ***",
            "order created  | order created",
            "order.crea/ted | crea/ted",
            "order.*a       | *a",
    })
    void rejectsSegmentsThatAreNotNamesOrStars(String pattern, String segment) {
        assertEquals("event type pattern '" + pattern + "': segment '" + segment
                + "' must be a name, '*' or a final '**'", rejection(pattern));
    }

    @Test
    void showsControlCharactersInMessagesEscaped() {
        assertEquals("event type pattern 'order.a\\u000ab': segment 'a\\u000ab' must be a name, '*' or a final '**'",
                rejection("order.a\nb"));
    }

    @Test
    void requireValidTypeReturnsAValidType() {
        String type = "order.item-added.v_2";
        assertSame(type, EventTypePattern.requireValidType(type));
        assertEquals("ORDER", EventTypePattern.requireValidType("ORDER"));
    }

    @Test
    void requireValidTypeRejectsPatternsAndMalformedTypes() {
        assertEquals("type 'order.*' must be dot-separated names of A-Z a-z 0-9 _ -", typeRejection("order.*"));
        assertEquals("type '**' must be dot-separated names of A-Z a-z 0-9 _ -", typeRejection("**"));
        assertEquals("type 'order created' must be dot-separated names of A-Z a-z 0-9 _ -",
                typeRejection("order created"));
        assertEquals("type 'order..created' has an empty segment", typeRejection("order..created"));
        assertEquals("type must be 1-256 characters", typeRejection(""));
        assertEquals("type is required", typeRejection(null));
    }

    @Test
    void parseAllParsesEveryPatternInOrder() {
        List<EventTypePattern> patterns = EventTypePattern.parseAll(List.of("order.*", "invoice.paid", "**"));

        assertEquals(List.of("order.*", "invoice.paid", "**"), patterns.stream().map(Object::toString).toList());
        assertEquals("event type pattern 'a..b' has an empty segment",
                assertThrows(InvalidRecordException.class,
                        () -> EventTypePattern.parseAll(List.of("order.*", "a..b"))).getMessage());
    }

    @Test
    void patternsAreEqualByText() {
        assertEquals(EventTypePattern.parse("order.*"), EventTypePattern.parse("order.*"));
        assertEquals(EventTypePattern.parse("order.*").hashCode(), EventTypePattern.parse("order.*").hashCode());
        assertNotEquals(EventTypePattern.parse("order.*"), EventTypePattern.parse("order.**"));
    }
}
