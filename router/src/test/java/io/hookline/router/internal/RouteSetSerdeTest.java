package io.hookline.router.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class RouteSetSerdeTest {
    private final RouteSetSerde serde = new RouteSetSerde();

    @Test
    void readsBackWhatItWrites() {
        RouteSet routes = RouteSet.empty().with(new Route("a", "acme", List.of("order.*", "**"), false))
                .with(new Route("b", "acme", List.of("x.y"), true));

        assertEquals(routes, serde.deserialize("t", serde.serialize("t", routes)));
        assertNull(serde.serialize("t", null));
        assertNull(serde.deserialize("t", null));
    }

    @Test
    void compilesEachDistinctSetOnce() {
        byte[] bytes = serde.serialize("t", RouteSet.empty().with(new Route("a", "acme", List.of("**"), true)));

        RouteSet first = serde.deserialize("t", bytes);
        bytes[0] = 'x'; // the caller may reuse its array
        RouteSet again = serde.deserialize("t", serde.serialize("t", first));

        assertSame(first, again);
        assertEquals(1, serde.cachedSets());
    }

    @Test
    void staysBounded() {
        for (int i = 0; i <= RouteSetSerde.MAX_CACHED_SETS; i++) {
            serde.deserialize("t", serde.serialize("t",
                    RouteSet.empty().with(new Route("s" + i, "acme", List.of("**"), true))));
        }
        assertEquals(1, serde.cachedSets());
    }

    @Test
    void reportsUnreadableBytes() {
        assertThrows(SerializationException.class,
                () -> serde.deserialize("t", "nope".getBytes(StandardCharsets.UTF_8)));
    }
}
