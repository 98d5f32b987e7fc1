package io.hookline.router.internal;

import io.hookline.common.wire.EventTypePattern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The routes of the tenants of one task, one store entry per subscription and one index entry
 * per enabled (subscription, pattern), so that no entry grows with a tenant and a change
 * rewrites only its own subscription's entries.
 *
 * <ul>
 *   <li>routes: {@code tenant/subscriptionId} → {@link Route}, enabled or not;</li>
 *   <li>index: {@code tenant/indexKey/subscriptionId/pattern} → pattern, where the index key is
 *       {@link PatternIndex#keyOf}; matching an event scans the prefixes
 *       {@code tenant/key/} of {@link PatternIndex#keysFor} its type.</li>
 * </ul>
 *
 * Tenants, subscription ids and patterns never contain '/', so every prefix is exact. Not
 * thread-safe: one per processor, as Kafka Streams gives each task its own.
 */
public final class TenantRoutes {
    private static final char SEPARATOR = '/';
    /** Parsed star patterns, which need a check after the look-up; bounded, as the heap must be. */
    private static final int MAX_PARSED_PATTERNS = 4096;

    private final KeyValueStore<String, Route> routes;
    private final KeyValueStore<String, String> index;
    private final StringSerializer keys = new StringSerializer();
    private final Map<String, EventTypePattern> parsed = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, EventTypePattern> eldest) {
            return size() > MAX_PARSED_PATTERNS;
        }
    };

    public TenantRoutes(KeyValueStore<String, Route> routes, KeyValueStore<String, String> index) {
        this.routes = routes;
        this.index = index;
    }

    /** Applies {@code change} to {@code tenant}'s routes and index. */
    public void apply(String tenant, RouteChange change) {
        String key = tenant + SEPARATOR + change.subscriptionId();
        Route before = routes.get(key);
        Route after = change.route();
        if (after == null ? before == null : after.equals(before)) {
            return;
        }
        if (before != null) {
            forEachIndexEntry(tenant, before, index::delete);
        }
        if (after == null) {
            routes.delete(key);
        } else {
            routes.put(key, after);
            forEachIndexEntry(tenant, after, entry -> index.put(entry, patternOf(entry)));
        }
    }

    /**
     * The ids of {@code tenant}'s enabled subscriptions with a pattern matching {@code type}, in
     * id order. It reads only the index entries filed where such a pattern can be.
     */
    public SortedSet<String> matching(String tenant, String type) {
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

    /** The ids of {@code tenant}'s enabled subscriptions in {@code routes}, in id order. */
    public static List<String> enabledIds(ReadOnlyKeyValueStore<String, Route> routes, String tenant) {
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<String, Route> all = routes.prefixScan(tenant + SEPARATOR, new StringSerializer())) {
            all.forEachRemaining(entry -> {
                if (entry.value.enabled()) {
                    ids.add(entry.value.subscriptionId());
                }
            });
        }
        return ids;
    }

    private void forEachIndexEntry(String tenant, Route route, java.util.function.Consumer<String> action) {
        if (!route.enabled()) {
            return; // a disabled subscription is kept, but not indexed: no event finds it
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
