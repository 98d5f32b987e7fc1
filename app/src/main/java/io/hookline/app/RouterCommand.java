package io.hookline.app;

import io.hookline.router.Router;
import io.hookline.router.RouterConfig;
import picocli.CommandLine.Command;

/** {@code hookline router}: the Kafka Streams router against an existing cluster. */
@Command(name = "router", mixinStandardHelpOptions = true,
        description = {"Run the router: joins <prefix>.events with <prefix>.subscriptions and writes one "
                + "delivery per matching subscription to <prefix>.deliveries, exactly once.",
            StageCommand.SCALES_OUT})
final class RouterCommand extends StageCommand {
    RouterCommand() {
        super("router", RouterConfig.definition(),
                (values, metrics) -> Router.create(new RouterConfig(values), metrics));
    }
}
