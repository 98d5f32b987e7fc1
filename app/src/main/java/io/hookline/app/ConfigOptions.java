package io.hookline.app;

import io.hookline.common.config.ConfigLayers;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Option;

/**
 * The {@code --config} option of every command that reads Hookline's settings, and the
 * layering behind it: defaults < {@code --config} file < {@code HOOKLINE_*} environment < flags.
 */
class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file of Hookline settings (kafka.* keys pass through to the Kafka clients).")
    Path configFile;

    /** The merged values for {@code definition}, with {@code flags} as the top layer. */
    Map<String, Object> values(ConfigDef definition, Map<String, Object> flags) {
        return ConfigLayers.merge(definition, configFile, System.getenv(), flags);
    }
}
