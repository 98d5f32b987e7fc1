package io.hookline.app;

import com.codahale.metrics.MetricRegistry;
import io.hookline.dispatcher.Dispatcher;
import io.hookline.dispatcher.DispatcherConfig;
import io.hookline.router.Router;
import io.hookline.router.RouterConfig;
import java.util.Map;

/**
 * A router and a dispatcher of one set of settings in this JVM, started together and closed
 * together (the dispatcher first, so that nothing it still sends waits on a gone router), for
 * tests that run the whole pipeline.
 */
final class RouterAndDispatcher implements AutoCloseable {
    private final Router router;
    private final Dispatcher dispatcher;

    private RouterAndDispatcher(Router router, Dispatcher dispatcher) {
        this.router = router;
        this.dispatcher = dispatcher;
    }

    /** Starts the router, then the dispatcher, both reading {@code values}. */
    static RouterAndDispatcher start(Map<String, Object> values, MetricRegistry metrics) {
        Router router = Router.create(new RouterConfig(values), metrics);
        router.start();
        try {
            Dispatcher dispatcher = new Dispatcher(new DispatcherConfig(values), metrics);
            dispatcher.start();
            return new RouterAndDispatcher(router, dispatcher);
        } catch (RuntimeException e) {
            router.close();
            throw e;
        }
    }

    Router router() {
        return router;
    }

    @Override
    public void close() {
        dispatcher.close();
        router.close();
    }
}
