package io.hookline.router.internal;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;

/**
 * The subscription ids recently matched per (tenant, event type) in one task, so that an event
 * of a type seen before reads no index entry: matching otherwise costs 3n + 2 prefix scans of
 * the route index per event of n segments, the largest part of the router's own work per event.
 *
 * <p>Every change to a tenant's index entries drops that tenant's cached matches first
 * ({@link TenantRoutes#apply}), so a cached answer is always the one the index would give. The
 * index changes only through {@link TenantRoutes#apply} once the task runs: restoration
 * happens before its processors are initialised, and an aborted transaction closes the task,
 * whose processors then start again with an empty cache ({@link #clear} on init and close).
 *
 * <p>Bounded, as the heap must be: at most {@value #MAX_IDS} ids in all; a set of more than
 * {@value #MAX_IDS_PER_TYPE} is not kept (a fan-out that large costs far more to write than to
 * look up), and the whole cache is dropped when it would grow past the bound. Not thread-safe:
 * one per task, used by its stream thread only.
 */
public final class MatchCache {
    static final int MAX_IDS = 100_000;
    static final int MAX_IDS_PER_TYPE = 10_000;

    private final Map<String, Map<String, SortedSet<String>>> byTenant = new HashMap<>();
    private int ids;

    /** The cached ids matching {@code type} in {@code tenant}, read-only; null if not cached. */
    SortedSet<String> get(String tenant, String type) {
        Map<String, SortedSet<String>> types = byTenant.get(tenant);
        return types == null ? null : types.get(type);
    }

    /** Keeps {@code matching} (which the caller no longer changes) as {@code tenant}'s ids for {@code type}, within the bounds. */
    SortedSet<String> put(String tenant, String type, SortedSet<String> matching) {
        SortedSet<String> kept = Collections.unmodifiableSortedSet(matching);
        if (matching.size() > MAX_IDS_PER_TYPE) {
            return kept;
        }
        if (ids + matching.size() > MAX_IDS) {
            clear();
        }
        SortedSet<String> before = byTenant.computeIfAbsent(tenant, t -> new HashMap<>()).put(type, kept);
        ids += matching.size() - (before == null ? 0 : before.size());
        return kept;
    }

    /** Drops what is cached of {@code tenant}: its index is about to change. */
    void invalidate(String tenant) {
        Map<String, SortedSet<String>> types = byTenant.remove(tenant);
        if (types != null) {
            types.values().forEach(set -> ids -= set.size());
        }
    }

    /** Drops everything. */
    public void clear() {
        byTenant.clear();
        ids = 0;
    }
}
