package io.hookline.dispatcher.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpResponse;

/**
 * Reads a response's status, {@code Retry-After} and at most {@code maxBytes} of its body.
 * A longer body is not drained: the exchange is aborted, which closes the connection, and
 * {@link #truncatedResponse()} holds what was read.
 */
final class BoundedResponseConsumer extends AbstractBinResponseConsumer<HttpResult.Response> {
    private final int maxBytes;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(256);
    private volatile int status;
    private volatile String retryAfter;
    private volatile HttpResult.Response truncated;

    BoundedResponseConsumer(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Thrown to abort an exchange whose response body is longer than the limit. */
    static final class BodyTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLongException(int maxBytes) {
            super("response body longer than " + maxBytes + " bytes");
        }
    }

    @Override
    protected void start(HttpResponse response, ContentType contentType) {
        status = response.getCode();
        Header header = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
        retryAfter = header == null ? null : header.getValue();
    }

    @Override
    protected int capacityIncrement() {
        // The limit is enforced in data(); asking for less would stall the stream instead.
        return Integer.MAX_VALUE;
    }

    @Override
    protected void data(ByteBuffer src, boolean endOfStream) throws IOException {
        int room = maxBytes - body.size();
        if (src.remaining() > room) {
            byte[] part = new byte[room];
            src.get(part);
            body.write(part, 0, part.length);
            truncated = new HttpResult.Response(status, retryAfter, body.toByteArray(), true);
            throw new BodyTooLongException(maxBytes);
        }
        byte[] chunk = new byte[src.remaining()];
        src.get(chunk);
        body.write(chunk, 0, chunk.length);
    }

    @Override
    protected HttpResult.Response buildResult() {
        return new HttpResult.Response(status, retryAfter, body.toByteArray(), false);
    }

    /** Whether a response's status line and headers arrived. */
    boolean responseStarted() {
        return status != 0;
    }

    /** The response as far as it was read, when its body was too long; null otherwise. */
    HttpResult.Response truncatedResponse() {
        return truncated;
    }

    @Override
    public void releaseResources() {
        // nothing held beyond the body buffer, which the result copies
    }
}
