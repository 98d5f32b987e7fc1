package io.hookline.common.ops;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * A Jetty handler that reads a request's whole body (up to a bound; a longer one is answered
 * with an error) without blocking, then {@linkplain #answer answers} it. For receivers whose
 * answer never blocks either, so it may run on any thread.
 */
public abstract class BodyReadingHandler extends Handler.Abstract.NonBlocking {
    private final int maxBodyBytes;

    protected BodyReadingHandler(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public final boolean handle(Request request, Response response, Callback callback) {
        Content.Source.asByteArrayAsync(request, maxBodyBytes, Promise.Invocable.from(
                Invocable.InvocationType.NON_BLOCKING,
                body -> answer(request, response, callback, body),
                failure -> Response.writeError(request, response, callback, failure)));
        return true;
    }

    /** Answers the request, whose body is read; must complete {@code callback} and never block. */
    protected abstract void answer(Request request, Response response, Callback callback, byte[] body);
}
