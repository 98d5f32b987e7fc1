package io.hookline.dispatcher.boundarycheck;

import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;

/** Breaks "httpclient5 only in dispatcher.http": a client built elsewhere in the dispatcher. */
public final class SendsHttpOutsideHttpPackage {
    public CloseableHttpAsyncClient client() {
        return HttpAsyncClients.createDefault();
    }
}
