package io.hookline.router.boundarycheck;

import io.hookline.common.wire.Event;
import io.hookline.router.internal.Route;

/** Keeps every boundary: a stage may use its own internals and common. */
public final class UsesOwnInternalsAndCommon {
    public String describe(Route route, Event event) {
        return route + " " + event.type();
    }
}
