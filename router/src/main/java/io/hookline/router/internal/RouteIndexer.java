package io.hookline.router.internal;

import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Applies the {@link RouteChange}s of the tenants of its task to their {@link TenantRoutes},
 * on the partition where their events are matched. It forwards nothing.
 */
public final class RouteIndexer extends ContextualProcessor<String, RouteChange, Void, Void> {
    private final String indexStore;
    private final MatchCaches caches;
    private MatchCache cache;
    private TenantRoutes routes;

    public RouteIndexer(String indexStore, MatchCaches caches) {
        this.indexStore = indexStore;
        this.caches = caches;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        super.init(context);
        cache = caches.of(context.taskId());
        cache.clear(); // the task (re)starts: its index may have been restored or rolled back
        routes = new TenantRoutes(context.getStateStore(indexStore), cache);
    }

    @Override
    public void close() {
        cache.clear();
    }

    @Override
    public void process(Record<String, RouteChange> record) {
        if (record.key() != null && record.value() != null) {
            routes.apply(record.key(), record.value());
        }
    }
}
