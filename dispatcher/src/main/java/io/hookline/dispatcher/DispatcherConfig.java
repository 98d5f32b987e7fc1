package io.hookline.dispatcher;

import io.hookline.common.config.Durations;
import io.hookline.common.config.HooklineConfig;
import io.hookline.common.config.ParseValidator;
import io.hookline.dispatcher.internal.EndpointCircuits;
import io.hookline.dispatcher.http.AsyncWebhookClient;
import io.hookline.dispatcher.http.EgressProxy;
import io.hookline.dispatcher.http.TlsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of the dispatcher stage: the keys every stage shares ({@link HooklineConfig}) plus
 * the ones declared in {@link #definition()}. Durations are written like {@code 500ms},
 * {@code 5s}, {@code 1m}.
 */
public final class DispatcherConfig extends HooklineConfig {
    public static final String GROUP_ID = "dispatcher.group.id";
    public static final String MAX_IN_FLIGHT = "dispatcher.max.in.flight";
    public static final String COMMIT_INTERVAL = "dispatcher.commit.interval";
    public static final String SHUTDOWN_TIMEOUT = "dispatcher.shutdown.timeout";
    public static final String RETRY_AFTER_MAX = "dispatcher.retry.after.max";
    public static final String HTTP_CONNECT_TIMEOUT = "http.connect.timeout";
    public static final String HTTP_REQUEST_TIMEOUT = "http.request.timeout";
    public static final String HTTP_MAX_RESPONSE_BYTES = "http.max.response.bytes";
    public static final String HTTP_MAX_CONNECTIONS = "http.max.connections";
    /**
     * Room for 100 busy endpoints at the default per-endpoint bound. With as many connections
     * as deliveries in flight (1,000, the default before), the pool closed and opened
     * connections all the time once a hundred endpoints shared it: in the benchmark the
     * dispatcher spent most of its HTTP time connecting.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 5000;
    public static final String HTTP_POOL = "http.pool";
    public static final String MAX_IN_FLIGHT_PER_ENDPOINT = "dispatcher.max.in.flight.per.endpoint";
    public static final String CIRCUIT_FAILURES = "endpoint.circuit.failures";
    public static final String OPS_NOTIFY_INTERVAL = "ops.notify.interval";
    public static final String CIRCUIT_COOLDOWN = "endpoint.circuit.cooldown";
    public static final String CIRCUIT_COOLDOWN_MAX = "endpoint.circuit.cooldown.max";
    public static final String ENDPOINT_DISABLE_AFTER = "endpoint.disable.after";
    public static final String HTTP_TLS_CA_FILE = "http.tls.ca.file";
    public static final String HTTP_TLS_CA_ONLY = "http.tls.ca.only";
    public static final String HTTP_TLS_CLIENT_CERT_FILE = "http.tls.client.cert.file";
    public static final String HTTP_TLS_CLIENT_KEY_FILE = "http.tls.client.key.file";
    public static final String HTTP_PROXY = "http.proxy";
    public static final String SECRETS_PRIVATE_KEYS_FILE = "secrets.private.keys.file";

    /** The least of each duration setting here: a zero timeout or interval would be a typo, not a wish. */
    private static final Duration ONE_MILLISECOND = Duration.ofMillis(1);

    /** A proxy setting is host:port; checked as {@link EgressProxy} will read it. */
    private static final ConfigDef.Validator PROXY_VALIDATOR =
            ParseValidator.optional("host:port, or empty for none", EgressProxy::parse);

    private final TlsSettings tls;
    private final Optional<EgressProxy> proxy;

    /** @throws ConfigException for a bad value, or settings that only make sense together given apart */
    public DispatcherConfig(Map<?, ?> values) {
        super(definition(), values);
        this.tls = tlsSettings();
        this.proxy = optionalString(HTTP_PROXY).map(EgressProxy::parse);
    }

    /** Every key the dispatcher understands, with type, default, validator and doc. */
    public static ConfigDef definition() {
        return baseDefinition()
                .define(GROUP_ID, Type.STRING, "hookline-dispatcher", new ConfigDef.NonEmptyString(),
                        Importance.HIGH, "Consumer group of the dispatchers. Every dispatcher of one Hookline "
                                + "installation uses the same group, so that each delivery is sent by one of them.")
                .define(MAX_IN_FLIGHT, Type.INT, 1000, Range.atLeast(1), Importance.MEDIUM,
                        "Deliveries being sent and not yet final, across all endpoints. At this bound the "
                                + "dispatcher pauses consuming until some finish. The bound is soft: the records "
                                + "of one poll (kafka.max.poll.records) may exceed it.")
                .define(COMMIT_INTERVAL, Type.STRING, "200ms", Durations.atLeast(ONE_MILLISECOND), Importance.LOW,
                        "How often offsets of finished deliveries are committed. A crash re-sends what "
                                + "finished within the last interval.")
                .define(SHUTDOWN_TIMEOUT, Type.STRING, "20s", Durations.atLeast(ONE_MILLISECOND),
                        Importance.LOW, "How long a shutdown or a partition revocation waits for deliveries in flight. "
                                + "Those still unfinished are not committed and are sent again by the next "
                                + "consumer of their partition.")
                .define(RETRY_AFTER_MAX, Type.STRING, "1h", Durations.atLeast(ONE_MILLISECOND), Importance.LOW,
                        "Upper bound on a Retry-After an endpoint asks for with 429 or 503.")
                .define(HTTP_CONNECT_TIMEOUT, Type.STRING, "5s", Durations.atLeast(ONE_MILLISECOND),
                        Importance.MEDIUM, "Time to establish a connection to an endpoint.")
                .define(HTTP_REQUEST_TIMEOUT, Type.STRING, "15s", Durations.atLeast(ONE_MILLISECOND),
                        Importance.MEDIUM, "Deadline of a whole request, from sending to the last byte of the response "
                                + "(a response that trickles in slowly is cut off too).")
                .define(HTTP_MAX_RESPONSE_BYTES, Type.INT, 65_536, Range.atLeast(0), Importance.LOW,
                        "Bytes of a response body read at most; the connection of a longer one is closed.")
                .define(HTTP_MAX_CONNECTIONS, Type.INT, DEFAULT_MAX_CONNECTIONS, Range.atLeast(1), Importance.LOW,
                        "HTTP connections in total, in use or idle (an idle one is closed after 30 s). At "
                                + "most this many requests are sent at once, the others wait for one to end; "
                                + "beyond the bound, idle connections are closed within a second, so keep it "
                                + "above what the busy endpoints use together: below that, connections are "
                                + "opened and closed all the time. Each open connection costs a file descriptor "
                                + "and about 30 KiB of heap.")
                .define(HTTP_POOL, Type.STRING, "lax",
                        ConfigDef.CaseInsensitiveValidString.in("lax", "strict"), Importance.LOW,
                        "How pooled connections are kept. lax: each endpoint's apart, so taking one costs "
                                + "the same however many are pooled, but every endpoint connected to since the "
                                + "dispatcher started keeps about 600 bytes of heap until it stops. strict: one "
                                + "list of all, which forgets endpoints no longer used, but each request scans "
                                + "it (17 µs per request at 5,000 idle connections, measured). Keep lax unless "
                                + "the dispatcher runs for long against millions of distinct endpoints.")
                .define(MAX_IN_FLIGHT_PER_ENDPOINT, Type.INT, 50, Range.atLeast(1), Importance.MEDIUM,
                        "Requests in flight to one endpoint (scheme, host and port), and the HTTP connections "
                                + "pooled for it. A delivery whose endpoint is at this bound waits in memory for "
                                + "a place: always while fewer than this many wait, beyond that while the "
                                + "endpoint's recent answers would give it a place within a second. Otherwise it "
                                + "is queued on the first retry tier, without using an attempt, so a slow or "
                                + "stalled endpoint never holds up the others. Keep twice this well below "
                                + MAX_IN_FLIGHT + ".")
                .define(OPS_NOTIFY_INTERVAL, Type.STRING, "1m", Durations.atLeast(Duration.ofSeconds(1)),
                        Importance.LOW, "At most one delivery.dead_lettered event per subscription per "
                                + "interval, with the count since the last.")
                .define(CIRCUIT_FAILURES, Type.INT, 10, Range.atLeast(1), Importance.MEDIUM,
                        "Failed attempts in a row (5xx, timeouts, connection errors, …) to one endpoint that "
                                + "open its circuit: its deliveries then fail fast, without a request, each "
                                + "counted as an attempt and retried on the schedule, until a probe succeeds.")
                .define(CIRCUIT_COOLDOWN, Type.STRING, "30s", Durations.atLeast(ONE_MILLISECOND), Importance.LOW,
                        "How long an endpoint's circuit stays open before one probe request is let through; "
                                + "it doubles each time the probe fails.")
                .define(CIRCUIT_COOLDOWN_MAX, Type.STRING, "30m", Durations.atLeast(ONE_MILLISECOND), Importance.LOW,
                        "The longest an endpoint's circuit stays open before the next probe.")
                .define(ENDPOINT_DISABLE_AFTER, Type.STRING, "5d", Durations.atLeast(Duration.ofSeconds(1)),
                        Importance.MEDIUM, "How long a subscription's endpoint may fail without a single success "
                                + "before the dispatcher disables the subscription: it republishes it with "
                                + "enabled=false and the reason, and tells operators with an endpoint.disabled "
                                + "event. Counted from the first failure of the run, shared by every dispatcher and "
                                + "kept across restarts in the endpoint-health topic; any success starts it "
                                + "again. The default matches the longest retry schedules. Never applies to the "
                                + "subscriptions of " + OPS_TENANT + ".")
                .define(HTTP_TLS_CA_FILE, Type.STRING, null, Importance.MEDIUM,
                        "PEM file of certificates trusted to issue endpoints' certificates, for endpoints of a "
                                + "private PKI: added to the JDK's default authorities, so public endpoints keep "
                                + "working (see " + HTTP_TLS_CA_ONLY + "). Certificates and host names are always "
                                + "verified, over TLS 1.2 or 1.3 only; there is no setting to turn that off. Unset "
                                + "or empty: the JDK's default authorities alone.")
                .define(HTTP_TLS_CA_ONLY, Type.BOOLEAN, false, Importance.LOW,
                        "Trust only the certificates of " + HTTP_TLS_CA_FILE + ", not the JDK's default "
                                + "authorities: for a dispatcher whose endpoints are all in one private PKI.")
                .define(HTTP_TLS_CLIENT_CERT_FILE, Type.STRING, null, Importance.MEDIUM,
                        "PEM certificate chain (the client certificate first, then its intermediates) that "
                                + "deliveries present to endpoints that require mutual TLS; set together with "
                                + HTTP_TLS_CLIENT_KEY_FILE + ". One certificate for every endpoint: it is sent to "
                                + "those that ask for a certificate from its issuer. Unset or empty: none.")
                .define(HTTP_TLS_CLIENT_KEY_FILE, Type.STRING, null, Importance.MEDIUM,
                        "PEM private key of " + HTTP_TLS_CLIENT_CERT_FILE + ", unencrypted PKCS#8 (-----BEGIN "
                                + "PRIVATE KEY-----); convert other forms with `openssl pkcs8 -topk8 -nocrypt`. "
                                + "Keep the file readable by the dispatcher only.")
                .define(HTTP_PROXY, Type.STRING, null, PROXY_VALIDATOR, Importance.MEDIUM,
                        "HTTP proxy that every delivery goes through as a CONNECT tunnel, for setups that "
                                + "enforce egress centrally (Smokescreen, …): host:port, e.g. "
                                + "smokescreen.internal:4750. The proxy's own address is not checked by the SSRF "
                                + "guard; every endpoint still is: the dispatcher resolves and checks its host "
                                + "before asking for the tunnel (so it must be able to resolve endpoint names), and "
                                + "the proxy resolves it again, so a name that changes in between is for the "
                                + "proxy's own policy to catch. TLS runs end to end inside the tunnel. No proxy "
                                + "authentication. Unset or empty: direct connections.")
                .define(SECRETS_PRIVATE_KEYS_FILE, Type.STRING, null, Importance.HIGH,
                        "Tink keyset file (JSON) of the dispatchers' private keys, which open the secrets and "
                                + "header values of subscriptions, sealed to the public keys published in the keys "
                                + "topic. Made and rotated by `hookline keys rotate`; every dispatcher needs the same "
                                + "file, readable by the dispatcher only. It keeps older keys, so records sealed "
                                + "before a rotation still open. Unset or empty: only subscriptions stored in plain "
                                + "text work; sealed ones are invalid. standalone uses <data-dir>/keys/private-keys.json, "
                                + "made when absent.");
    }

    /** The {@code http.tls.*} settings, checked to go together. */
    private TlsSettings tlsSettings() {
        Optional<Path> caFile = optionalString(HTTP_TLS_CA_FILE).map(Path::of);
        Optional<Path> certFile = optionalString(HTTP_TLS_CLIENT_CERT_FILE).map(Path::of);
        Optional<Path> keyFile = optionalString(HTTP_TLS_CLIENT_KEY_FILE).map(Path::of);
        if (getBoolean(HTTP_TLS_CA_ONLY) && caFile.isEmpty()) {
            throw new ConfigException(HTTP_TLS_CA_ONLY + "=true needs " + HTTP_TLS_CA_FILE
                    + ": there would be no authority to trust");
        }
        if (certFile.isPresent() != keyFile.isPresent()) {
            throw new ConfigException(HTTP_TLS_CLIENT_CERT_FILE + " and " + HTTP_TLS_CLIENT_KEY_FILE
                    + " go together: set both for mutual TLS, or neither");
        }
        TlsSettings settings = TlsSettings.DEFAULT;
        if (caFile.isPresent()) {
            settings = settings.trusting(caFile.get(), getBoolean(HTTP_TLS_CA_ONLY));
        }
        if (certFile.isPresent()) {
            settings = settings.presenting(certFile.get(), keyFile.get());
        }
        return settings;
    }

    /** A string setting, empty when unset or blank: an empty environment variable unsets it too. */
    private Optional<String> optionalString(String key) {
        return Optional.ofNullable(getString(key)).map(String::strip).filter(value -> !value.isEmpty());
    }

    public String groupId() {
        return getString(GROUP_ID);
    }

    public int maxInFlight() {
        return getInt(MAX_IN_FLIGHT);
    }

    public Duration commitInterval() {
        return duration(COMMIT_INTERVAL);
    }

    public Duration shutdownTimeout() {
        return duration(SHUTDOWN_TIMEOUT);
    }

    public Duration retryAfterMax() {
        return duration(RETRY_AFTER_MAX);
    }

    public Duration httpConnectTimeout() {
        return duration(HTTP_CONNECT_TIMEOUT);
    }

    public Duration httpRequestTimeout() {
        return duration(HTTP_REQUEST_TIMEOUT);
    }

    public int httpMaxResponseBytes() {
        return getInt(HTTP_MAX_RESPONSE_BYTES);
    }

    public int httpMaxConnections() {
        return getInt(HTTP_MAX_CONNECTIONS);
    }

    public AsyncWebhookClient.Pool httpPool() {
        return AsyncWebhookClient.Pool.valueOf(getString(HTTP_POOL).toUpperCase(Locale.ROOT));
    }

    public Duration opsNotifyInterval() {
        return duration(OPS_NOTIFY_INTERVAL);
    }

    public EndpointCircuits.Settings circuits() {
        return new EndpointCircuits.Settings(getInt(CIRCUIT_FAILURES), duration(CIRCUIT_COOLDOWN),
                duration(CIRCUIT_COOLDOWN_MAX));
    }

    public Duration endpointDisableAfter() {
        return duration(ENDPOINT_DISABLE_AFTER);
    }

    public int maxInFlightPerEndpoint() {
        return getInt(MAX_IN_FLIGHT_PER_ENDPOINT);
    }

    /** The {@code http.tls.*} settings; their files are read when the HTTP client starts. */
    public TlsSettings httpTls() {
        return tls;
    }

    /** The {@code secrets.private.keys.file} setting; read when the dispatcher starts. */
    public Optional<Path> privateKeysFile() {
        return optionalString(SECRETS_PRIVATE_KEYS_FILE).map(Path::of);
    }

    /** The {@code http.proxy} setting. */
    public Optional<EgressProxy> httpProxy() {
        return proxy;
    }
}
