package io.hookline.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A request as a {@link WebhookReceiver} got it, with the outcome of verifying its Standard
 * Webhooks signature against the endpoint's secrets.
 *
 * @param method            HTTP method, e.g. {@code POST}
 * @param path              path of the request URI, without the query
 * @param headers           header names in lower case; repeated headers joined with {@code ", "}
 * @param body              the raw body bytes
 * @param signatureValid    whether one signature matched one of the endpoint's secrets
 * @param verificationError why verification failed; null when the signature is valid
 * @param receivedAt        when the request (headers and body) had been read
 */
public record ReceivedRequest(String method, String path, Map<String, String> headers, byte[] body,
        boolean signatureValid, String verificationError, Instant receivedAt) {

    public ReceivedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** A header's value by name in any case, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return method + " " + path + " (" + body.length + " bytes, signature "
                + (signatureValid ? "valid" : "invalid: " + verificationError) + ", webhook-id "
                + header("webhook-id") + ")";
    }
}
