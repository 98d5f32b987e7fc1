package io.hookline.dispatcher.http;

import java.util.Objects;

/**
 * How an HTTP exchange ended: with a {@link Response}, a {@link Failure} before one came, or
 * {@link Blocked} by the SSRF guard before anything was sent.
 */
public sealed interface HttpResult permits HttpResult.Response, HttpResult.Failure, HttpResult.Blocked {

    /**
     * The endpoint answered.
     *
     * @param retryAfter the {@code Retry-After} header as sent, null when absent
     * @param body       the start of the response body, at most the configured limit
     * @param truncated  the body was longer than the limit; the rest was not read
     */
    record Response(int status, String retryAfter, byte[] body, boolean truncated) implements HttpResult {
        public Response {
            Objects.requireNonNull(body, "body");
        }

        @Override
        public String toString() {
            return "Response[status=" + status + ", retryAfter=" + retryAfter + ", " + body.length + " bytes"
                    + (truncated ? " (truncated)" : "") + "]";
        }
    }

    /**
     * No (complete) response came.
     *
     * @param message a short description without URL paths or header values
     */
    record Failure(Kind kind, String message) implements HttpResult {
        public Failure {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * The SSRF guard refused the request: nothing was sent, no connection was made.
     *
     * @param rule    the rule that refused it: an address rule such as {@code loopback} or
     *                {@code nat64/private}, or {@code plain-http}
     * @param message which host and addresses, without URL path or query
     */
    record Blocked(String rule, String message) implements HttpResult {
        public Blocked {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(message, "message");
        }
    }

    enum Kind {
        /** Could not connect: refused, unreachable, unknown host, connect timeout, TLS handshake. */
        CONNECT,
        /** The whole-request deadline passed, or the endpoint went quiet for too long. */
        TIMEOUT,
        /** The connection broke or the endpoint spoke broken HTTP. */
        IO,
        /** The client shut down before the exchange finished. */
        CANCELLED
    }
}
