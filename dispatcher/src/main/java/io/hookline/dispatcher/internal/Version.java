package io.hookline.dispatcher.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** This build's version, as Maven filtered it into {@code version.properties}. */
public final class Version {
    private static final String VERSION = load();

    private Version() {
    }

    public static String version() {
        return VERSION;
    }

    /** The {@code User-Agent} of webhook requests: {@code Hookline/<version>}. */
    public static String userAgent() {
        return "Hookline/" + VERSION;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/io/hookline/dispatcher/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read version.properties", e);
        }
    }
}
