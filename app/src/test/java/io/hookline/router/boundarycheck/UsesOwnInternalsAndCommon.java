package io.hookline.router.boundarycheck;

import io.hookline.common.wire.Event;
import io.hookline.router.internal.RouteSet;

/** Keeps every boundary: a stage may use its own internals and common. */
public final class UsesOwnInternalsAndCommon {
    public String describe(RouteSet routes, Event event) {
        return routes + " " + event.type();
    }
}
