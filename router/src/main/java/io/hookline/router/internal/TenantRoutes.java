package io.hookline.router.internal;

import io.hookline.common.wire.EventTypePattern;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The routes of the tenants of one task, as an index with one entry per enabled
 * (subscription, pattern): {@code tenant/indexKey/subscriptionId/pattern} → pattern, where the
 * index key is {@link PatternIndex#keyOf}. No entry grows with a tenant, a change rewrites only
 * its own subscription's entries, and matching an event scans only the prefixes
 * {@code tenant/key/} of {@link PatternIndex#keysFor} its type. A disabled subscription has no
 * entry. Tenants, subscription ids and patterns never contain '/', so every prefix is exact.
 *
 * <p>Not thread-safe: one per processor, as Kafka Streams gives each task its own.
 */
public final class TenantRoutes {
    private static final char SEPARATOR = '/';
    /** Parsed star patterns, which need a check after the look-up; bounded, as the heap must be. */
    private static final int MAX_PARSED_PATTERNS = 4096;

    private final KeyValueStore<String, String> index;
    private final MatchCache cache;
    private final StringSerializer keys = new StringSerializer();
    private final Map<String, EventTypePattern> parsed = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, EventTypePattern> eldest) {
            return size() > MAX_PARSED_PATTERNS;
        }
    };

    /** @param cache the matches of this task, which every change here invalidates for its tenant */
    public TenantRoutes(KeyValueStore<String, String> index, MatchCache cache) {
        this.index = index;
        this.cache = cache;
    }

    /** Applies {@code change} to {@code tenant}'s index: the entries of the route before go, those after come. */
    public void apply(String tenant, RouteChange change) {
        cache.invalidate(tenant);
        if (change.before() != null) {
            forEachIndexEntry(tenant, change.before(), index::delete);
        }
        if (change.after() != null) {
            forEachIndexEntry(tenant, change.after(), entry -> index.put(entry, patternOf(entry)));
        }
    }

    /**
     * The ids of {@code tenant}'s enabled subscriptions with a pattern matching {@code type}, in
     * id order, read-only. It reads only the index entries filed where such a pattern can be, and
     * none when the answer for this tenant and type is cached.
     */
    public SortedSet<String> matching(String tenant, String type) {
        SortedSet<String> cached = cache.get(tenant, type);
        return cached != null ? cached : cache.put(tenant, type, read(tenant, type));
    }

    private SortedSet<String> read(String tenant, String type) {
        SortedSet<String> ids = new TreeSet<>();
        for (String indexKey : PatternIndex.keysFor(type)) {
            String prefix = tenant + SEPARATOR + indexKey + SEPARATOR;
            boolean check = PatternIndex.needsCheck(indexKey);
            try (KeyValueIterator<String, String> entries = index.prefixScan(prefix, keys)) {
                while (entries.hasNext()) {
                    var entry = entries.next();
                    String rest = entry.key.substring(prefix.length());
                    String subscriptionId = rest.substring(0, rest.indexOf(SEPARATOR));
                    if (!ids.contains(subscriptionId) && (!check || pattern(entry.value).matches(type))) {
                        ids.add(subscriptionId);
                    }
                }
            }
        }
        return ids;
    }

    /** The ids of {@code tenant}'s enabled subscriptions in {@code index}, in id order. */
    public static List<String> enabledIds(ReadOnlyKeyValueStore<String, String> index, String tenant) {
        SortedSet<String> ids = new TreeSet<>();
        String prefix = tenant + SEPARATOR;
        try (KeyValueIterator<String, String> all = index.prefixScan(prefix, new StringSerializer())) {
            all.forEachRemaining(entry -> {
                String rest = entry.key.substring(entry.key.indexOf(SEPARATOR, prefix.length()) + 1);
                ids.add(rest.substring(0, rest.indexOf(SEPARATOR)));
            });
        }
        return List.copyOf(ids);
    }

    private void forEachIndexEntry(String tenant, Route route, Consumer<String> action) {
        if (!route.enabled()) {
            return; // a disabled subscription stays in routes-by-subscription, but no event finds it here
        }
        for (String pattern : new LinkedHashSet<>(route.eventTypes())) {
            action.accept(tenant + SEPARATOR + PatternIndex.keyOf(pattern) + SEPARATOR + route.subscriptionId()
                    + SEPARATOR + pattern);
        }
    }

    private static String patternOf(String indexEntry) {
        return indexEntry.substring(indexEntry.lastIndexOf(SEPARATOR) + 1);
    }

    private EventTypePattern pattern(String text) {
        return parsed.computeIfAbsent(text, EventTypePattern::parse);
    }
}
