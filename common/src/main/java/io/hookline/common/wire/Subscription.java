package io.hookline.common.wire;

import io.hookline.common.LogSafe;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.hookline.common.HooklineException;
import io.hookline.common.secrets.Envelope;
import io.hookline.common.secrets.SecretOpener;
import io.hookline.common.secrets.SecretSealer;
import io.hookline.common.signing.SealedSecret;
import io.hookline.common.signing.StoredSecret;
import io.hookline.common.signing.WebhookSecret;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What admins publish to the compacted {@code webhooks.subscriptions} topic (key = {@code id}):
 * where to POST which event types of which tenant, signed with which secrets.
 *
 * <p>Secrets and header values are stored {@linkplain #seal sealed} to the dispatchers' public
 * key once one is published (a header value starting with {@code enc:} is read as sealed); each
 * sealed value is bound to this subscription's id and its field, so it cannot be moved to
 * another subscription, nor a secret into a header sent to the endpoint. Records published
 * before hold them in the clear and still work. Only a dispatcher {@linkplain #open opens} them.
 *
 * @param secrets     every listed secret signs each request (rotation: add the new, later drop the old);
 *                    in the clear or sealed
 * @param headers     extra request headers, e.g. {@code Authorization}; values in the clear or sealed
 * @param maxAttempts caps the attempts of this subscription's deliveries; null = the global schedule
 * @param version        the record format version; only {@value #VERSION} is understood
 * @param disabledReason why it is disabled, when the dispatcher disabled it (e.g. failing since a
 *                       time); null when enabled or when nobody said why
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Subscription(String id, String tenant, URI url, List<String> eventTypes,
                           List<? extends StoredSecret> secrets, Map<String, String> headers, boolean enabled,
                           Integer maxAttempts, String description, int version, String disabledReason) {

    public static final int VERSION = 1;
    public static final int MAX_ATTEMPTS_LIMIT = 100;
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");
    /** Headers Hookline sets itself; a subscription may not override them. */
    private static final Set<String> RESERVED_HEADERS = Set.of("webhook-id", "webhook-timestamp",
            "webhook-signature", "content-type", "content-length", "host", "transfer-encoding", "connection",
            "expect", "upgrade", "te", "trailer", "keep-alive");
    private static final int MAX_HEADER_VALUE = 4096;
    /** A sealed value of {@value #MAX_HEADER_VALUE} characters: HPKE's overhead, base64's growth, the prefix. */
    private static final int MAX_SEALED_HEADER_VALUE = 6000;
    private static final int MAX_DISABLED_REASON = 500;

    public Subscription {
        Checks.name(id, "id");
        Checks.name(tenant, "tenant");
        checkUrl(Checks.required(url, "url"));
        Checks.required(eventTypes, "eventTypes");
        if (eventTypes.isEmpty()) {
            throw new InvalidRecordException("eventTypes must list at least one type or pattern");
        }
        EventTypePattern.parseAll(eventTypes); // before copyOf, whose NullPointerException says nothing
        eventTypes = List.copyOf(eventTypes);
        Checks.required(secrets, "secrets");
        if (secrets.isEmpty()) {
            throw new InvalidRecordException("secrets must list at least one secret");
        }
        secrets = List.copyOf(secrets);
        headers = checkHeaders(headers == null ? Map.of() : headers);
        if (maxAttempts != null && (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT)) {
            throw new InvalidRecordException("maxAttempts must be 1-" + MAX_ATTEMPTS_LIMIT + ", got " + maxAttempts);
        }
        if (version != VERSION) {
            throw new InvalidRecordException("unknown subscription version " + version + " (this Hookline reads "
                    + VERSION + ")");
        }
        if (enabled || disabledReason != null && disabledReason.isBlank()) {
            disabledReason = null; // only a disabled subscription has a reason to be
        } else if (disabledReason != null && disabledReason.length() > MAX_DISABLED_REASON) {
            disabledReason = disabledReason.substring(0, MAX_DISABLED_REASON);
        }
    }

    /** A subscription without a disabled reason, as admins publish it. */
    public Subscription(String id, String tenant, URI url, List<String> eventTypes,
                        List<? extends StoredSecret> secrets, Map<String, String> headers, boolean enabled, Integer maxAttempts, String description,
                        int version) {
        this(id, tenant, url, eventTypes, secrets, headers, enabled, maxAttempts, description, version, null);
    }

    /** The JSON form: {@code enabled} defaults to true and {@code version} to {@value #VERSION}. */
    @JsonCreator
    static Subscription fromJson(@JsonProperty("id") String id, @JsonProperty("tenant") String tenant,
                                 @JsonProperty("url") String url,
                                 @JsonProperty("eventTypes") List<String> eventTypes,
                                 @JsonProperty("secrets") List<String> secrets,
                                 @JsonProperty("headers") Map<String, String> headers,
                                 @JsonProperty("enabled") Boolean enabled,
                                 @JsonProperty("maxAttempts") Integer maxAttempts,
                                 @JsonProperty("description") String description,
                                 @JsonProperty("version") Integer version,
                                 @JsonProperty("disabledReason") String disabledReason) {
        return new Subscription(id, tenant, parseUrl(url), eventTypes, parseSecrets(secrets), headers,
                enabled == null || enabled, maxAttempts, description, version == null ? VERSION : version,
                disabledReason);
    }

    public static URI parseUrl(String url) {
        Checks.required(url, "url");
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidRecordException("url is not a valid URL: " + e.getReason());
        }
    }

    private static List<StoredSecret> parseSecrets(List<String> secrets) {
        if (secrets == null) {
            return null;
        }
        try {
            return secrets.stream().<StoredSecret>map(secret -> Envelope.isSealed(secret) ? SealedSecret.parse(secret)
                    : WebhookSecret.parse(secret)).toList();
        } catch (HooklineException e) {
            throw new InvalidRecordException("secrets: " + e.getMessage());
        }
    }

    private static void checkUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidRecordException("url must be http:// or https://");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new InvalidRecordException("url must name a host");
        }
        if (url.getRawUserInfo() != null) {
            throw new InvalidRecordException("url must not carry credentials; use a header instead");
        }
        if (url.getRawFragment() != null) {
            throw new InvalidRecordException("url must not have a #fragment");
        }
    }

    private static Map<String, String> checkHeaders(Map<String, String> headers) {
        Map<String, String> checked = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, value) -> {
            if (name == null || !HEADER_NAME.matcher(name).matches()) {
                throw new InvalidRecordException("header name '" + LogSafe.printable(String.valueOf(name))
                        + "' is not a valid HTTP header name");
            }
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new InvalidRecordException("header '" + name + "' is set by Hookline and cannot be overridden");
            }
            if (value == null || value.length() > MAX_SEALED_HEADER_VALUE
                    || value.length() > MAX_HEADER_VALUE && !Envelope.isSealed(value)) {
                throw new InvalidRecordException("header '" + name + "' needs a value of at most "
                        + MAX_HEADER_VALUE + " characters");
            }
            for (char c : value.toCharArray()) {
                if (c == '\r' || c == '\n' || c == 0 || c > 0xff) {
                    throw new InvalidRecordException("header '" + name + "' has a line break or a character "
                            + "not allowed in HTTP headers");
                }
            }
            if (Envelope.isSealed(value)) {
                try {
                    Envelope.parse(value);
                } catch (HooklineException e) {
                    throw new InvalidRecordException("header '" + name + "': " + e.getMessage());
                }
            }
            if (checked.put(name, value) != null) {
                throw new InvalidRecordException("header '" + name + "' is given twice");
            }
        });
        return java.util.Collections.unmodifiableMap(checked);
    }

    /** This subscription enabled or disabled; enabling clears the disabled reason. */
    public Subscription withEnabled(boolean newEnabled) {
        return new Subscription(id, tenant, url, eventTypes, secrets, headers, newEnabled, maxAttempts,
                description, version, newEnabled ? null : disabledReason);
    }

    /** This subscription disabled, saying why (kept in the record, so operators see it). */
    public Subscription disabledBecause(String reason) {
        return new Subscription(id, tenant, url, eventTypes, secrets, headers, false, maxAttempts, description,
                version, reason);
    }

    /** Whether any secret or header value is still in the clear: what {@link #seal} would change. */
    public boolean hasPlainValues() {
        return secrets.stream().anyMatch(WebhookSecret.class::isInstance)
                || headers.values().stream().anyMatch(value -> !Envelope.isSealed(value));
    }

    /** Whether any secret or header value is sealed: what {@link #open} would change. */
    public boolean hasSealedValues() {
        // loops, not streams: the dispatcher asks once per request it signs
        for (StoredSecret secret : secrets) {
            if (secret instanceof SealedSecret) {
                return true;
            }
        }
        for (String value : headers.values()) {
            if (Envelope.isSealed(value)) {
                return true;
            }
        }
        return false;
    }

    /** The keys its sealed values are sealed to, in ascending order; empty when nothing is sealed. */
    public SortedSet<Integer> sealedKeyIds() {
        SortedSet<Integer> ids = new TreeSet<>();
        secrets.stream().filter(SealedSecret.class::isInstance).map(SealedSecret.class::cast)
                .forEach(secret -> ids.add(secret.keyId()));
        headers.values().stream().filter(Envelope::isSealed).forEach(value -> ids.add(Envelope.parse(value).keyId()));
        return ids;
    }

    /** This subscription with every secret and header value sealed by {@code sealer}; sealed ones stay as they are. */
    public Subscription seal(SecretSealer sealer) {
        List<StoredSecret> sealed = secrets.stream().<StoredSecret>map(secret -> secret instanceof WebhookSecret plain
                ? SealedSecret.seal(plain, sealer, secretContext()) : secret).toList();
        Map<String, String> sealedHeaders = new LinkedHashMap<>();
        headers.forEach((name, value) -> sealedHeaders.put(name, Envelope.isSealed(value) ? value
                : sealer.seal(value, headerContext(name))));
        return new Subscription(id, tenant, url, eventTypes, sealed, sealedHeaders, enabled, maxAttempts,
                description, version, disabledReason);
    }

    /**
     * This subscription with every sealed secret and header value opened: what a dispatcher
     * delivers with.
     *
     * @throws InvalidRecordException naming the field that does not open and why (never a secret)
     */
    public Subscription open(SecretOpener opener) {
        if (!hasSealedValues()) {
            return this;
        }
        List<WebhookSecret> opened = new ArrayList<>();
        for (int i = 0; i < secrets.size(); i++) {
            StoredSecret secret = secrets.get(i);
            try {
                opened.add(secret instanceof SealedSecret sealed ? sealed.open(opener, secretContext())
                        : (WebhookSecret) secret);
            } catch (HooklineException e) {
                throw new InvalidRecordException("secrets[" + i + "] cannot be opened: " + e.getMessage());
            }
        }
        Map<String, String> openedHeaders = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            try {
                openedHeaders.put(name, Envelope.isSealed(value) ? opener.open(value, headerContext(name)) : value);
            } catch (HooklineException e) {
                throw new InvalidRecordException("header '" + name + "' cannot be opened: " + e.getMessage());
            }
        });
        return new Subscription(id, tenant, url, eventTypes, opened, openedHeaders, enabled, maxAttempts,
                description, version, disabledReason);
    }

    /**
     * The secrets that sign each request, of an {@linkplain #open opened} subscription.
     *
     * @throws IllegalStateException when anything is still sealed: a bug, as dispatchers open every record they read
     */
    public List<WebhookSecret> signingSecrets() {
        if (hasSealedValues()) {
            throw new IllegalStateException("subscription " + id + " is still sealed");
        }
        List<WebhookSecret> open = new ArrayList<>(secrets.size());
        for (StoredSecret secret : secrets) {
            open.add((WebhookSecret) secret);
        }
        return Collections.unmodifiableList(open);
    }

    /**
     * What a sealed secret is bound to: this subscription, and the secrets field. Ids and header
     * names hold no spaces, so no two fields of two subscriptions share a context.
     */
    private String secretContext() {
        return "hookline subscription " + id + " secret";
    }

    /** What a sealed header value is bound to: this subscription and the header (names are case-insensitive). */
    private String headerContext(String name) {
        return "hookline subscription " + id + " header " + name.toLowerCase(Locale.ROOT);
    }

    /** Never shows secrets or header values (they often hold credentials). */
    @Override
    public String toString() {
        return "Subscription[id=" + id + ", tenant=" + tenant + ", url=" + url + ", eventTypes=" + eventTypes
                + ", secrets=" + secrets.size() + ", headers=" + headers.keySet() + ", enabled=" + enabled
                + ", maxAttempts=" + maxAttempts + (disabledReason == null ? "" : ", disabledReason=" + disabledReason)
                + "]";
    }
}
