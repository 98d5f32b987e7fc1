package io.hookline.app;

import io.hookline.common.config.HooklineConfig;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --allow-plain-http} and {@code --allow-loopback}: the {@code http.allow.*} settings of
 * the URL check, for one command that publishes a subscription.
 */
final class UrlCheckOptions {
    @Option(names = "--allow-plain-http",
            description = "Accept a plain http:// URL (sets http.allow.plain), e.g. for a standalone "
                    + "Hookline, whose dispatcher allows it.")
    boolean allowPlainHttp;

    @Option(names = "--allow-loopback",
            description = "Accept a URL on a loopback address (sets http.allow.loopback), e.g. a receiver "
                    + "beside a standalone Hookline, whose dispatcher allows it.")
    boolean allowLoopback;

    /** The settings these flags set, to layer over the others. */
    Map<String, Object> flags() {
        Map<String, Object> flags = new HashMap<>();
        if (allowPlainHttp) {
            flags.put(HooklineConfig.HTTP_ALLOW_PLAIN, true);
        }
        if (allowLoopback) {
            flags.put(HooklineConfig.HTTP_ALLOW_LOOPBACK, true);
        }
        return flags;
    }
}
