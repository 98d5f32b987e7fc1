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
    private TenantRoutes routes;

    public RouteIndexer(String indexStore) {
        this.indexStore = indexStore;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        super.init(context);
        routes = new TenantRoutes(context.getStateStore(indexStore));
    }

    @Override
    public void process(Record<String, RouteChange> record) {
        if (record.key() != null && record.value() != null) {
            routes.apply(record.key(), record.value());
        }
    }
}
