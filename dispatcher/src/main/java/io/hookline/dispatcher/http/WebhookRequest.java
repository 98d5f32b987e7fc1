package io.hookline.dispatcher.http;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One signed POST, ready to send: where, with which headers, and the exact body bytes.
 *
 * @param headers in the order they are sent; names as given
 */
public record WebhookRequest(URI url, Map<String, String> headers, byte[] body) {

    public WebhookRequest {
        Objects.requireNonNull(url, "url");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        Objects.requireNonNull(body, "body");
    }

    /** The value of a header, its name in any case; null when absent. */
    public String header(String name) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    /** Only the host: paths, queries and header values may hold credentials. */
    @Override
    public String toString() {
        return "WebhookRequest[POST " + url.getScheme() + "://" + url.getHost() + ", " + headers.size()
                + " headers, " + body.length + " bytes]";
    }
}
