package io.hookline.router.internal;

import io.hookline.common.wire.EventTypePattern;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The routes of one tenant, in subscription id order, with their event-type patterns parsed
 * once when the set is built: matching an event only compares segments.
 */
public final class RouteSet {
    private static final RouteSet EMPTY = new RouteSet(List.of());

    private final List<Route> routes;
    private final List<Matcher> enabled;

    private RouteSet(List<Route> routes) {
        this.routes = routes;
        List<Matcher> matchers = new ArrayList<>(routes.size());
        for (Route route : routes) {
            if (route.enabled()) {
                matchers.add(new Matcher(route.subscriptionId(), EventTypePattern.parseAll(route.eventTypes())));
            }
        }
        this.enabled = List.copyOf(matchers);
    }

    public static RouteSet empty() {
        return EMPTY;
    }

    /** The set of {@code routes}; of two routes with the same subscription id the last wins. */
    public static RouteSet of(Collection<Route> routes) {
        Map<String, Route> byId = new TreeMap<>();
        routes.forEach(route -> byId.put(route.subscriptionId(), route));
        return new RouteSet(List.copyOf(byId.values()));
    }

    /** This set with {@code route} added, or replacing the route of the same subscription. */
    public RouteSet with(Route route) {
        List<Route> next = new ArrayList<>(routes);
        next.removeIf(existing -> existing.subscriptionId().equals(route.subscriptionId()));
        next.add(route);
        next.sort(Comparator.comparing(Route::subscriptionId));
        return new RouteSet(List.copyOf(next));
    }

    /**
     * This set without {@code route}, if it holds exactly that route. Removing only an equal
     * route keeps the aggregate right whichever of an update's subtract and add comes first.
     */
    public RouteSet without(Route route) {
        if (!routes.contains(route)) {
            return this;
        }
        List<Route> next = new ArrayList<>(routes);
        next.remove(route);
        return next.isEmpty() ? EMPTY : new RouteSet(List.copyOf(next));
    }

    public boolean isEmpty() {
        return routes.isEmpty();
    }

    public List<Route> routes() {
        return routes;
    }

    /** The ids of the enabled subscriptions with a pattern matching {@code eventType}, in id order. */
    public List<String> matching(String eventType) {
        List<String> ids = new ArrayList<>(enabled.size());
        for (Matcher matcher : enabled) {
            if (matcher.matches(eventType)) {
                ids.add(matcher.subscriptionId);
            }
        }
        return ids;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RouteSet other && other.routes.equals(routes);
    }

    @Override
    public int hashCode() {
        return routes.hashCode();
    }

    @Override
    public String toString() {
        return "RouteSet" + routes;
    }

    private record Matcher(String subscriptionId, List<EventTypePattern> patterns) {
        boolean matches(String eventType) {
            for (EventTypePattern pattern : patterns) {
                if (pattern.matches(eventType)) {
                    return true;
                }
            }
            return false;
        }
    }
}
