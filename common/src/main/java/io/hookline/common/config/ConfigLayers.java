package io.hookline.common.config;

import io.hookline.common.HooklineException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Merges configuration in its layers, each overriding the one before: the declared defaults,
 * a properties file, {@code HOOKLINE_*} environment variables, then flags.
 *
 * <p>A key {@code a.b-c} is the variable {@code HOOKLINE_A_B_C}. Kafka pass-through settings
 * come from the environment as {@code HOOKLINE_KAFKA_LINGER_MS} → {@code kafka.linger.ms}.
 */
public final class ConfigLayers {
    public static final String ENV_PREFIX = "HOOKLINE_";

    private ConfigLayers() {
    }

    public static Map<String, Object> merge(ConfigDef definition, Path file, Map<String, String> environment,
                                            Map<String, ?> flags) {
        Map<String, Object> merged = new HashMap<>();
        if (file != null) {
            merged.putAll(readFile(file));
        }
        merged.putAll(fromEnvironment(definition, environment));
        flags.forEach((key, value) -> {
            if (value != null) {
                merged.put(key, value);
            }
        });
        return merged;
    }

    /** The environment variable that sets {@code key}. */
    public static String environmentName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    static Map<String, String> fromEnvironment(ConfigDef definition, Map<String, String> environment) {
        Map<String, String> values = new HashMap<>();
        for (String key : definition.names()) {
            String value = environment.get(environmentName(key));
            if (value != null) {
                values.put(key, value);
            }
        }
        String kafkaPrefix = environmentName(HooklineConfig.KAFKA_PREFIX);
        environment.forEach((name, value) -> {
            if (name.startsWith(kafkaPrefix) && name.length() > kafkaPrefix.length()) {
                String kafkaKey = name.substring(kafkaPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                values.put(HooklineConfig.KAFKA_PREFIX + kafkaKey, value);
            }
        });
        return values;
    }

    static Map<String, String> readFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new HooklineException("config file " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new HooklineException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name).trim()));
        return values;
    }
}
