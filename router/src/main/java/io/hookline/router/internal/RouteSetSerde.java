package io.hookline.router.internal;

import io.hookline.common.wire.InvalidRecordException;
import io.hookline.common.wire.Json;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.SerializationException;
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
public final class RouteSetSerde implements Serde<RouteSet>, Serializer<RouteSet>, Deserializer<RouteSet> {
    static final int MAX_CACHED_SETS = 4096;
    static final long MAX_CACHED_BYTES = 16L << 20;

    private final Map<ByteBuffer, RouteSet> compiled = new ConcurrentHashMap<>();
    private final AtomicLong cachedBytes = new AtomicLong();

    /** The stored form: the routes, in subscription id order. */
    public record StoredRoutes(List<Route> routes) {
    }

    @Override
    public byte[] serialize(String topic, RouteSet routes) {
        return routes == null ? null : Json.write(new StoredRoutes(routes.routes()));
    }

    @Override
    public RouteSet deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        RouteSet cached = compiled.get(ByteBuffer.wrap(bytes));
        if (cached != null) {
            return cached;
        }
        RouteSet routes;
        try {
            routes = RouteSet.of(Json.read(bytes, StoredRoutes.class).routes());
        } catch (InvalidRecordException e) {
            throw new SerializationException(topic + ": " + e.getMessage(), e);
        }
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
        return this;
    }

    @Override
    public Deserializer<RouteSet> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // nothing to configure
    }

    @Override
    public void close() {
        // the cache is dropped with the serde
    }
}
