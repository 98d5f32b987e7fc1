package io.hookline.router.internal;

import io.hookline.common.wire.JsonSerde;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * JSON serde of a tenant's {@link RouteSet}, remembering the sets it has read.
 *
 * <p>A Streams store hands out bytes, so the join would read and compile a tenant's routes
 * again for every event. Route sets change rarely and repeat often, so the same bytes map to
 * the same compiled set. The cache is bounded by entries and bytes and simply starts over
 * when full; it is shared by the stream threads, hence concurrent.
 */
public final class RouteSetSerde implements Serde<RouteSet> {
    static final int MAX_CACHED_SETS = 4096;
    static final long MAX_CACHED_BYTES = 16L << 20;

    private final JsonSerde<StoredRoutes> json = JsonSerde.of(StoredRoutes.class);
    private final Map<ByteBuffer, RouteSet> compiled = new ConcurrentHashMap<>();
    private final AtomicLong cachedBytes = new AtomicLong();

    /** The stored form: the routes, in subscription id order. */
    public record StoredRoutes(List<Route> routes) {
    }

    public byte[] serialize(String topic, RouteSet routes) {
        return routes == null ? null : json.serialize(topic, new StoredRoutes(routes.routes()));
    }

    public RouteSet deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        RouteSet cached = compiled.get(ByteBuffer.wrap(bytes));
        if (cached != null) {
            return cached;
        }
        RouteSet routes = RouteSet.of(json.deserialize(topic, bytes).routes());
        if (compiled.size() >= MAX_CACHED_SETS || cachedBytes.addAndGet(bytes.length) > MAX_CACHED_BYTES) {
            compiled.clear();
            cachedBytes.set(bytes.length);
        }
        // a copy: the caller owns the array it passed and may reuse it
        compiled.put(ByteBuffer.wrap(bytes.clone()), routes);
        return routes;
    }

    int cachedSets() {
        return compiled.size();
    }

    @Override
    public Serializer<RouteSet> serializer() {
        return this::serialize;
    }

    @Override
    public Deserializer<RouteSet> deserializer() {
        return this::deserialize;
    }
}
