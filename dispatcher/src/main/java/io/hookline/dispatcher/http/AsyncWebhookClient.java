package io.hookline.dispatcher.http;

import io.hookline.common.HooklineException;
import io.hookline.common.net.EgressPolicy;
import io.hookline.common.net.UrlGuard;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.core5.concurrent.DefaultThreadFactory;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.apache.hc.core5.http.ssl.TLS;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolStats;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@link WebhookRequest}s with Apache HttpClient 5 (async, HTTP/1.1, pooled). Redirects
 * are never followed and nothing is retried here: every attempt is the caller's decision.
 * Each request has a whole deadline, response body included, enforced by cancelling the
 * exchange; at most {@code maxResponseBytes} of a response body are read.
 *
 * <p>The SSRF guard checks every request against the {@link EgressPolicy}: a plain
 * {@code http://} URL unless allowed, and every address its host resolves to when a
 * connection is opened (IP literals included), so the address connected to is the one
 * checked. Refused requests end as {@link HttpResult.Blocked} without a byte sent. Pooled
 * connections were checked when they were opened.
 *
 * <p>{@code maxConnections} bounds the connections, in use and idle, within a second: at most
 * that many exchanges run at once, the others wait in order, and idle connections beyond the
 * bound are closed once a second. By default httpcore5's lax pool keeps each endpoint's
 * connections apart (the strict one scans one list of them all for every request:
 * {@link #closeIdleBeyondTheBound}), but never forgets an endpoint: it keeps a small entry for
 * every one it has connected to ({@link Pool}).
 *
 * <p>TLS ({@link TlsSettings}): certificates are verified by the JDK's PKIX trust manager and
 * host names by the JDK's endpoint identification, as httpclient5's default TLS strategy does
 * too; this client builds that strategy itself only to add a CA bundle and a client
 * certificate, and offers TLS 1.3 and 1.2 only (httpclient5 leaves the versions to the JDK
 * when HTTP/1.1 is forced).
 *
 * <p>With an {@link EgressProxy}, every request goes through a CONNECT tunnel of the proxy
 * ({@link TunnelRoutePlanner}). httpclient5 then resolves only the proxy, so the guard resolves
 * and checks each target itself before handing the request over, on the same connect thread;
 * the proxy resolves the name again when it opens the tunnel, so a name rebound in between is
 * for the proxy's own policy to catch. A tunnel the proxy refuses ends as a
 * {@link HttpResult.Failure} of kind {@code CONNECT}, never as the endpoint's response.
 */
public final class AsyncWebhookClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AsyncWebhookClient.class);
    private static final TimeValue IDLE_EVICTION = TimeValue.ofSeconds(30);
    /** How often the pool's connections are counted against {@code maxConnections}. */
    private static final TimeValue IDLE_CHECK = TimeValue.ofSeconds(1);
    /** Above the bound, connections idle this long are closed, one step after another until under it. */
    private static final List<TimeValue> IDLE_STEPS = List.of(TimeValue.ofSeconds(10), TimeValue.ofSeconds(5),
            TimeValue.ofSeconds(2), TimeValue.ofSeconds(1), TimeValue.ZERO_MILLISECONDS);
    /**
     * Threads that hand requests over, resolving and connecting when needed. A few: DNS
     * answers from the JVM's cache or in milliseconds; a resolver that hangs holds one thread
     * each, and the rest go on.
     */
    private static final int CONNECT_THREADS = 4;
    private static final HttpResult CLOSED = new HttpResult.Failure(HttpResult.Kind.CANCELLED, "client closed");
    private static final TimeValue VALIDATE_AFTER_INACTIVITY = TimeValue.ofSeconds(2);
    /** The protocol versions offered, newest first: TLS 1.0 and 1.1 are broken and refused everywhere. */
    private static final TLS[] TLS_VERSIONS = {TLS.V_1_3, TLS.V_1_2};
    /**
     * Set on a request's context once its route is complete: a response before that, through a
     * proxy, is the proxy's answer to CONNECT, not the endpoint's.
     */
    private static final String TARGET_REACHED = "hookline.target-reached";
    /**
     * Bytes of each of a connection's three HTTP/1.1 buffers (in, out, content). httpcore5's
     * default, 32 KiB, costs 96 KiB of heap per open connection: 10,000 deliveries in flight
     * to endpoints that hold them would need about 940 MiB. A webhook's request (about 1 KiB
     * of JSON and its headers) fits in 8 KiB; larger bodies are written in several rounds.
     */
    static final int CONNECTION_BUFFER_BYTES = 8 * 1024;

    private final CloseableHttpAsyncClient client;
    private final PoolingAsyncClientConnectionManager connections;
    /** Connections in use and idle together: see {@link #closeIdleBeyondTheBound}. */
    private final int maxConnections;
    /**
     * Exchanges that may start now, one connection each. The pool (httpcore5's lax one) keeps no
     * total of its own; this keeps the connections in use within {@code maxConnections}, and
     * {@link #closeIdleBeyondTheBound} the idle ones.
     */
    private final Semaphore connectionsFree;
    /** Sends waiting for a connection to be free, oldest first, each until its deadline. */
    private final Queue<PendingSend> waitingForConnection = new ConcurrentLinkedQueue<>();
    /** Results of the exchanges handed to httpclient5 and not ended yet: {@link #close} ends them. */
    private final Set<CompletableFuture<HttpResult>> exchanging = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor deadlines;
    /** Where requests are handed to httpclient5, which may resolve and connect on that thread. */
    private final ExecutorService connectors;
    private final Duration requestTimeout;
    private final int maxResponseBytes;
    private final EgressPolicy egress;
    /** Resolves and checks targets before they are handed to the proxy; empty without a proxy. */
    private final Optional<GuardedDnsResolver> targetCheck;

    /**
     * @param maxConnections         connections in total, in use and idle; exchanges at once
     * @param maxConnectionsPerRoute pooled connections to one scheme, host and port
     * @param egress                 where requests may go: schemes and addresses
     * @param tls                    whom to trust, what to present
     * @param proxy                  the CONNECT proxy every request goes through, if any
     * @param pool                   how pooled connections are kept
     */
    public record Settings(Duration connectTimeout, Duration requestTimeout, int maxResponseBytes,
                           int maxConnections, int maxConnectionsPerRoute, EgressPolicy egress, TlsSettings tls,
                           Optional<EgressProxy> proxy, Pool pool) {
        public Settings {
            Objects.requireNonNull(egress, "egress");
            Objects.requireNonNull(tls, "tls");
            Objects.requireNonNull(proxy, "proxy");
            Objects.requireNonNull(pool, "pool");
        }

        /** Direct connections, the JDK's trusted authorities, no client certificate. */
        public Settings(Duration connectTimeout, Duration requestTimeout, int maxResponseBytes, int maxConnections,
                        int maxConnectionsPerRoute, EgressPolicy egress) {
            this(connectTimeout, requestTimeout, maxResponseBytes, maxConnections, maxConnectionsPerRoute, egress,
                    TlsSettings.DEFAULT, Optional.empty(), Pool.LAX);
        }
    }

    /** httpcore5's connection pools (the setting {@code http.pool}). */
    public enum Pool {
        /** Each endpoint's connections apart: leases cost the same at any size; endpoints are never forgotten. */
        LAX(PoolConcurrencyPolicy.LAX),
        /** One list of every idle connection, scanned per lease; keeps its total and forgets idle endpoints. */
        STRICT(PoolConcurrencyPolicy.STRICT);

        private final PoolConcurrencyPolicy policy;

        Pool(PoolConcurrencyPolicy policy) {
            this.policy = policy;
        }
    }

    private AsyncWebhookClient(CloseableHttpAsyncClient client, PoolingAsyncClientConnectionManager connections,
                               Settings settings, Optional<GuardedDnsResolver> targetCheck) {
        this.client = client;
        this.connections = connections;
        this.maxConnections = settings.maxConnections();
        this.connectionsFree = new Semaphore(settings.maxConnections());
        this.requestTimeout = settings.requestTimeout();
        this.maxResponseBytes = settings.maxResponseBytes();
        this.egress = settings.egress();
        this.targetCheck = targetCheck;
        this.deadlines = new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("hookline-http-deadline", true));
        this.connectors = Executors.newFixedThreadPool(CONNECT_THREADS,
                new DefaultThreadFactory("hookline-http-connect", true));
        // Nearly every deadline is cancelled because its request finished: do not keep them queued.
        this.deadlines.setRemoveOnCancelPolicy(true);
        this.deadlines.scheduleWithFixedDelay(this::closeIdleBeyondTheBound, IDLE_CHECK.toMilliseconds(),
                IDLE_CHECK.toMilliseconds(), TimeUnit.MILLISECONDS);
    }

    /** Builds and starts a client that resolves host names with the system's resolver. */
    public static AsyncWebhookClient start(Settings settings) {
        return start(settings, SystemDefaultDnsResolver.INSTANCE);
    }

    /**
     * With {@code dns} as the resolver behind the guard: a fake one in tests.
     *
     * @throws HooklineException when a file of the TLS settings cannot be used
     */
    static AsyncWebhookClient start(Settings settings, DnsResolver dns) {
        Timeout requestTimeout = Timeout.of(settings.requestTimeout());
        TlsContext tls = TlsContext.of(settings.tls());
        GuardedDnsResolver guard = new GuardedDnsResolver(dns, settings.egress().addresses());
        PoolingAsyncClientConnectionManager connections = PoolingAsyncClientConnectionManagerBuilder.create()
                .setPoolConcurrencyPolicy(settings.pool().policy)
                // the strict pool keeps this total itself; the lax one ignores it
                .setMaxConnTotal(settings.maxConnections())
                .setDnsResolver(settings.proxy().map(proxy -> guard.exempting(proxy.host())).orElse(guard))
                .setTlsStrategy(new DefaultClientTlsStrategy(tls.context(), HostnameVerificationPolicy.BUILTIN,
                        null))
                .setMaxConnPerRoute(settings.maxConnectionsPerRoute())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .setSocketTimeout(requestTimeout)
                        .setValidateAfterInactivity(VALIDATE_AFTER_INACTIVITY)
                        .build())
                .setDefaultTlsConfig(TlsConfig.custom()
                        .setHandshakeTimeout(Timeout.of(settings.connectTimeout()))
                        .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1)
                        .setSupportedProtocols(TLS_VERSIONS)
                        .build())
                .build();
        HttpAsyncClientBuilder builder = HttpAsyncClients.custom()
                .setHttp1Config(Http1Config.custom().setBufferSize(CONNECTION_BUFFER_BYTES).build())
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setRedirectsEnabled(false)
                        .setResponseTimeout(requestTimeout)
                        .setConnectionRequestTimeout(requestTimeout)
                        .setContentCompressionEnabled(false)
                        .setHardCancellationEnabled(true)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .evictIdleConnections(IDLE_EVICTION)
                .setThreadFactory(new DefaultThreadFactory("hookline-http", true));
        settings.proxy().ifPresent(proxy -> builder
                .setRoutePlanner(new TunnelRoutePlanner(proxy))
                // runs only once the route is complete, the tunnel included: see TARGET_REACHED
                .addExecInterceptorLast(TARGET_REACHED, (request, entity, scope, chain, callback) -> {
                    scope.clientContext.setAttribute(TARGET_REACHED, Boolean.TRUE);
                    chain.proceed(request, entity, scope, callback);
                }));
        CloseableHttpAsyncClient client = builder.build();
        client.start();
        log.info("SSRF guard on: {}", settings.egress());
        log.info("{}", tls);
        settings.proxy().ifPresent(proxy -> log.info("Every delivery tunnels through the proxy {}; the SSRF guard "
                + "checks each target before, and the proxy resolves it again", proxy));
        return new AsyncWebhookClient(client, connections, settings, settings.proxy().map(proxy -> guard));
    }

    /**
     * Sends one request. The future never completes exceptionally: every way an exchange can
     * end is an {@link HttpResult}.
     */
    public CompletableFuture<HttpResult> send(WebhookRequest request) {
        CompletableFuture<HttpResult> result = new CompletableFuture<>();
        if (!egress.allowsScheme(request.url().getScheme())) {
            result.complete(new HttpResult.Blocked(UrlGuard.PLAIN_HTTP, "plain http:// to " + request.url().getHost()
                    + " is refused unless http.allow.plain=true"));
            return result;
        }
        try {
            connectors.execute(new PendingSend(request, result));
        } catch (RejectedExecutionException e) {
            result.complete(CLOSED);
        }
        return result;
    }

    /**
     * A request waiting for a connect thread. httpclient5 resolves the host and opens the
     * connection on the thread that calls {@code execute} when the pool has room, and DNS may
     * block for seconds: that thread is one of the client's own, never the caller's (the
     * dispatcher's poll thread).
     */
    private final class PendingSend implements Runnable {
        private final WebhookRequest request;
        private final CompletableFuture<HttpResult> result;
        /** {@link System#nanoTime()} by which the whole request must be answered, resends included. */
        private final long deadline;
        private final boolean resend;
        /**
         * Whether this send holds one of {@link #connectionsFree} already: a resend keeps its first
         * request's, and a waiting send is given one before it is handed to a connect thread.
         * Set before that hand-over, which publishes it.
         */
        private boolean admitted;

        PendingSend(WebhookRequest request, CompletableFuture<HttpResult> result) {
            this(request, result, System.nanoTime() + requestTimeout.toNanos(), false);
        }

        private PendingSend(WebhookRequest request, CompletableFuture<HttpResult> result, long deadline,
                            boolean resend) {
            this.request = request;
            this.result = result;
            this.deadline = deadline;
            this.resend = resend;
            this.admitted = resend;
        }

        @Override
        public void run() {
            if (admitted) {
                execute(this);
                return;
            }
            if (targetCheck.isPresent() && !checkTarget(targetCheck.get(), request, result)) {
                return;
            }
            // Those waiting already go first.
            if (waitingForConnection.isEmpty() && connectionsFree.tryAcquire()) {
                admitted = true;
                execute(this);
            } else {
                waitForConnection(this);
            }
        }
    }

    /**
     * Sends {@code send}'s request once more, at once, on a connection of the pool or a new one:
     * for a connection closed before any response. An endpoint closes a keep-alive connection
     * it has had idle for its own timeout (Node.js after 5 s, Jetty after 30 s, nginx after 75 s),
     * and when that close crosses a request on its way, the request fails although the endpoint
     * is fine: in the benchmark, 112 attempts at once when a run began about 30 s after the
     * last one, which opened circuits and dead-lettered healthy deliveries. Browsers and Go's
     * HTTP client send such a request again; so does this, once, within the same deadline, and
     * in the first request's place among {@link #connectionsFree}: it does not queue again.
     * The endpoint may have received the first one (a close while it answered): deliveries are
     * at least once, and the webhook-id is the same.
     */
    private void resend(PendingSend send) {
        try {
            connectors.execute(new PendingSend(send.request, send.result, send.deadline, true));
        } catch (RejectedExecutionException e) {
            connectionEnded();
            send.result.complete(CLOSED);
        }
    }

    /**
     * Through a proxy, httpclient5 never resolves the target: resolve and check it here, so that
     * the proxy is only asked for a tunnel to a host whose addresses the guard allows now.
     *
     * @return whether the request may go on; if not, {@code result} is completed
     */
    private static boolean checkTarget(GuardedDnsResolver guard, WebhookRequest request,
                                       CompletableFuture<HttpResult> result) {
        try {
            guard.resolve(request.url().getHost());
            return true;
        } catch (UnknownHostException e) {
            result.complete(failure(e));
            return false;
        }
    }

    private void execute(PendingSend send) {
        WebhookRequest request = send.request;
        CompletableFuture<HttpResult> result = send.result;
        long left = send.deadline - System.nanoTime();
        if (left <= 0) {
            connectionEnded();
            result.complete(timedOut());
            return;
        }
        BoundedResponseConsumer consumer = new BoundedResponseConsumer(maxResponseBytes);
        AtomicBoolean deadlinePassed = new AtomicBoolean();
        HttpClientContext context = HttpClientContext.create();
        Future<HttpResult.Response> exchange;
        exchanging.add(result);
        try {
            exchange = client.execute(producer(request), consumer, context, new FutureCallback<>() {
                @Override
                public void completed(HttpResult.Response response) {
                    connectionEnded();
                    result.complete(targetCheck.isPresent() && context.getAttribute(TARGET_REACHED) == null
                            ? tunnelRefused(request, response) : response);
                }

                @Override
                public void failed(Exception e) {
                    if (!send.resend && e instanceof ConnectionClosedException && !consumer.responseStarted()) {
                        resend(send);
                        return;
                    }
                    connectionEnded();
                    HttpResult.Response truncated = consumer.truncatedResponse();
                    result.complete(truncated != null ? truncated : failure(e));
                }

                @Override
                public void cancelled() {
                    connectionEnded();
                    result.complete(deadlinePassed.get() ? timedOut()
                            : new HttpResult.Failure(HttpResult.Kind.CANCELLED, "cancelled by shutdown"));
                }
            });
        } catch (RuntimeException e) {
            // execute() refuses when the client is shut down already.
            exchanging.remove(result);
            connectionEnded();
            result.complete(new HttpResult.Failure(HttpResult.Kind.CANCELLED, "client closed: " + e.getMessage()));
            return;
        }
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            deadlinePassed.set(true);
            exchange.cancel(true);
        }, left, TimeUnit.NANOSECONDS);
        result.whenComplete((done, ignored) -> {
            deadline.cancel(false);
            exchanging.remove(result);
        });
    }

    /**
     * Queues {@code send} until a connection is free, or until its deadline: then it ends as a
     * timeout, as a request that waited that long in the pool did. The sends ahead of it began
     * earlier with the same timeout, but one may be held up before its own deadline is set (a
     * host name that takes long to resolve, on the connect thread).
     */
    private void waitForConnection(PendingSend send) {
        waitingForConnection.add(send);
        ScheduledFuture<?> deadline;
        try {
            deadline = deadlines.schedule(() -> {
                if (waitingForConnection.remove(send)) {
                    send.result.complete(timedOut());
                }
            }, send.deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            if (waitingForConnection.remove(send)) {
                send.result.complete(CLOSED);
            }
            return;
        }
        send.result.whenComplete((done, ignored) -> deadline.cancel(false));
        // A connection freed since this send looked found nobody waiting.
        startWaiting();
    }

    /** An exchange no longer holds its connection: the next waiting send may start. */
    private void connectionEnded() {
        connectionsFree.release();
        startWaiting();
    }

    /** Starts waiting sends, oldest first, while connections are free. */
    private void startWaiting() {
        while (!waitingForConnection.isEmpty() && connectionsFree.tryAcquire()) {
            PendingSend next = waitingForConnection.poll();
            if (next == null) {
                connectionsFree.release();
                continue;
            }
            next.admitted = true;
            try {
                // Off this thread: it may be an I/O thread, and starting may resolve and connect.
                connectors.execute(next);
            } catch (RejectedExecutionException e) {
                connectionsFree.release();
                next.result.complete(CLOSED);
            }
        }
    }

    /**
     * Counts the pool's connections, in use and idle; above {@code maxConnections}, closes idle
     * ones, those idle longest first, in steps ({@link #IDLE_STEPS}) until under the bound.
     * httpcore5's strict pool kept that bound by itself, closing another endpoint's idle
     * connection for each new one, but it finds each connection it hands out by a linear scan of
     * one list of all idle connections, under one lock: 7.5 % of the dispatcher's CPU in the
     * benchmark's profile with 100 endpoints, 17 µs per request in JMH with 5,000 idle
     * connections (docs/benchmarks.md, "The connection pool").
     */
    private void closeIdleBeyondTheBound() {
        try {
            for (TimeValue idle : IDLE_STEPS) {
                if (open() <= maxConnections) {
                    return;
                }
                connections.closeIdle(idle);
            }
        } catch (RuntimeException e) {
            log.warn("Could not count or close idle HTTP connections: {}", e.toString());
        }
    }

    /** Sends waiting for a connection to be free. */
    int waiting() {
        return waitingForConnection.size();
    }

    /** Pooled connections, in use and idle. */
    int open() {
        PoolStats total = connections.getTotalStats();
        return total.getLeased() + total.getAvailable();
    }

    /** Pooled connections kept open for the next request to take. */
    int idle() {
        return connections.getTotalStats().getAvailable();
    }

    private HttpResult timedOut() {
        return new HttpResult.Failure(HttpResult.Kind.TIMEOUT,
                "no complete response within " + describe(requestTimeout));
    }

    private static AsyncRequestProducer producer(WebhookRequest request) {
        String contentType = request.header(HttpHeaders.CONTENT_TYPE);
        AsyncRequestBuilder builder = AsyncRequestBuilder.post(request.url())
                .setEntity(AsyncEntityProducers.create(request.body(),
                        contentType == null ? null : ContentType.parse(contentType)));
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            // The entity carries the content type; a second header would duplicate it.
            if (!header.getKey().equalsIgnoreCase(HttpHeaders.CONTENT_TYPE)) {
                builder.addHeader(header.getKey(), header.getValue());
            }
        }
        return builder.build();
    }

    /** The proxy answered CONNECT with {@code response} instead of opening the tunnel. */
    private static HttpResult tunnelRefused(WebhookRequest request, HttpResult.Response response) {
        URI url = request.url();
        int port = url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        return new HttpResult.Failure(HttpResult.Kind.CONNECT, "the proxy refused a tunnel to " + url.getHost() + ":"
                + port + " with HTTP " + response.status());
    }

    /** A short, credential-free description of why an exchange failed. */
    static HttpResult failure(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BlockedAddressException blocked) {
                return new HttpResult.Blocked(blocked.rule(), blocked.getMessage());
            }
        }
        if (e instanceof ConnectTimeoutException) {
            return new HttpResult.Failure(HttpResult.Kind.CONNECT, "connect timed out");
        }
        if (e instanceof ConnectException) {
            // "Connect to http://host:port [/address] failed: Connection refused": no path, no query.
            return new HttpResult.Failure(HttpResult.Kind.CONNECT, shortMessage(e));
        }
        if (e instanceof UnknownHostException) {
            return new HttpResult.Failure(HttpResult.Kind.CONNECT, "unknown host");
        }
        if (e instanceof SSLException) {
            return new HttpResult.Failure(HttpResult.Kind.CONNECT, "TLS failed: " + shortMessage(e));
        }
        if (e instanceof SocketTimeoutException) {
            return new HttpResult.Failure(HttpResult.Kind.TIMEOUT, "endpoint went quiet: " + shortMessage(e));
        }
        if (e instanceof ConnectionClosedException) {
            return new HttpResult.Failure(HttpResult.Kind.IO, "connection closed before the response was complete");
        }
        if (e instanceof HttpException) {
            return new HttpResult.Failure(HttpResult.Kind.IO, "bad HTTP from endpoint: " + shortMessage(e));
        }
        if (e instanceof IOException) {
            return new HttpResult.Failure(HttpResult.Kind.IO, e.getClass().getSimpleName() + ": " + shortMessage(e));
        }
        return new HttpResult.Failure(HttpResult.Kind.IO, "unexpected " + e.getClass().getSimpleName() + ": "
                + shortMessage(e));
    }

    private static String shortMessage(Exception e) {
        String message = e.getMessage() == null ? "no details" : e.getMessage().strip();
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    /**
     * Closes connections and stops the I/O threads within a second or so; exchanges still
     * running end as failures. Callers wait for the requests they care about before closing.
     */
    @Override
    public void close() {
        for (Runnable waiting : connectors.shutdownNow()) {
            if (waiting instanceof PendingSend pending) {
                pending.result.complete(CLOSED);
            }
        }
        for (PendingSend waiting; (waiting = waitingForConnection.poll()) != null; ) {
            waiting.result.complete(CLOSED);
        }
        client.close(CloseMode.GRACEFUL);
        deadlines.shutdownNow();
        // httpclient5 closes their connections without a word to their callbacks
        for (CompletableFuture<HttpResult> running : exchanging) {
            running.complete(CLOSED);
        }
    }
}
