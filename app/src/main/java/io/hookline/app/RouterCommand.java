package io.hookline.app;

import com.codahale.metrics.MetricRegistry;
import io.hookline.common.Stage;
import io.hookline.router.Router;
import io.hookline.router.RouterConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;

/** {@code hookline router}: the Kafka Streams router against an existing cluster. */
@Command(name = "router", mixinStandardHelpOptions = true,
        description = {"Run the router: joins <prefix>.events with <prefix>.subscriptions and writes one "
                + "delivery per matching subscription to <prefix>.deliveries, exactly once.",
            "Run as many as you like; they share the work by partition."})
final class RouterCommand extends StageCommand {
    @Override
    String stageName() {
        return "router";
    }

    @Override
    ConfigDef definition() {
        return RouterConfig.definition();
    }

    @Override
    Stage create(Map<String, Object> values, MetricRegistry metrics) {
        return Router.create(new RouterConfig(values), metrics);
    }
}
