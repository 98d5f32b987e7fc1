package io.hookline.router.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RouteSetTest {
    private static final Route A = new Route("a", "acme", List.of("order.*"), true);
    private static final Route B = new Route("b", "acme", List.of("**"), true);
    private static final Route B_DISABLED = new Route("b", "acme", List.of("**"), false);

    @Test
    void matchesEnabledRoutesInIdOrder() {
        RouteSet routes = RouteSet.empty().with(B).with(A);

        assertEquals(List.of("a", "b"), routes.matching("order.created"));
        assertEquals(List.of("b"), routes.matching("order.item.added"));
        assertEquals(List.of("a"), routes.with(B_DISABLED).matching("order.created"));
    }

    @Test
    void anUpdateGivesTheSameSetWhicheverOfSubtractAndAddComesFirst() {
        RouteSet before = RouteSet.empty().with(A).with(B);

        RouteSet subtractFirst = before.without(B).with(B_DISABLED);
        RouteSet addFirst = before.with(B_DISABLED).without(B);

        assertEquals(List.of(A, B_DISABLED), subtractFirst.routes());
        assertEquals(subtractFirst, addFirst);
    }

    @Test
    void removingTheLastRouteLeavesAnEmptySet() {
        assertTrue(RouteSet.empty().with(A).without(A).isEmpty());
        RouteSet one = RouteSet.empty().with(A);
        assertSame(one, one.without(B));
    }
}
