package io.hookline.app;

import com.codahale.metrics.MetricRegistry;
import io.hookline.common.Stage;
import io.hookline.dispatcher.Dispatcher;
import io.hookline.dispatcher.DispatcherConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;

/** {@code hookline dispatcher}: signs and POSTs deliveries against an existing cluster. */
@Command(name = "dispatcher", mixinStandardHelpOptions = true,
        description = {"Run the dispatcher: consumes <prefix>.deliveries, signs each with its subscription's "
                + "secrets and POSTs it; every attempt is recorded in <prefix>.attempts.",
            "Run as many as you like; they share the work by partition."})
final class DispatcherCommand extends StageCommand {
    @Override
    String stageName() {
        return "dispatcher";
    }

    @Override
    ConfigDef definition() {
        return DispatcherConfig.definition();
    }

    @Override
    Stage create(Map<String, Object> values, MetricRegistry metrics) {
        return new Dispatcher(new DispatcherConfig(values), metrics);
    }
}
