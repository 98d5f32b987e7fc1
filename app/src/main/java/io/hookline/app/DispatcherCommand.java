package io.hookline.app;

import io.hookline.dispatcher.Dispatcher;
import io.hookline.dispatcher.DispatcherConfig;
import picocli.CommandLine.Command;

/** {@code hookline dispatcher}: signs and POSTs deliveries against an existing cluster. */
@Command(name = "dispatcher", mixinStandardHelpOptions = true,
        description = {"Run the dispatcher: consumes <prefix>.deliveries, signs each with its subscription's "
                + "secrets and POSTs it; every attempt is recorded in <prefix>.attempts. A failed attempt is "
                + "retried on retry.schedule through <prefix>.retry.<delay>; one that exhausts its attempts, "
                + "or whose endpoint answers 410 or is refused by the SSRF guard, goes to <prefix>.dead-letter.",
            StageCommand.SCALES_OUT})
final class DispatcherCommand extends StageCommand {
    DispatcherCommand() {
        super("dispatcher", DispatcherConfig.definition(),
                (values, metrics) -> new Dispatcher(new DispatcherConfig(values), metrics));
    }
}
