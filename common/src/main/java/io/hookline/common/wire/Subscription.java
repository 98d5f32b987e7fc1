package io.hookline.common.wire;

import io.hookline.common.LogSafe;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.hookline.common.HooklineException;
import io.hookline.common.signing.WebhookSecret;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What admins publish to the compacted {@code webhooks.subscriptions} topic (key = {@code id}):
 * where to POST which event types of which tenant, signed with which secrets.
 *
 * @param secrets     every listed secret signs each request (rotation: add the new, later drop the old)
 * @param headers     extra request headers, e.g. {@code Authorization}
 * @param maxAttempts caps the attempts of this subscription's deliveries; null = the global schedule
 * @param version        the record format version; only {@value #VERSION} is understood
 * @param disabledReason why it is disabled, when the dispatcher disabled it (e.g. failing since a
 *                       time); null when enabled or when nobody said why
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Subscription(String id, String tenant, URI url, List<String> eventTypes,
                           List<WebhookSecret> secrets, Map<String, String> headers, boolean enabled,
                           Integer maxAttempts, String description, int version, String disabledReason) {

    public static final int VERSION = 1;
    public static final int MAX_ATTEMPTS_LIMIT = 100;
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");
    /** Headers Hookline sets itself; a subscription may not override them. */
    private static final Set<String> RESERVED_HEADERS = Set.of("webhook-id", "webhook-timestamp",
            "webhook-signature", "content-type", "content-length", "host", "transfer-encoding", "connection",
            "expect", "upgrade", "te", "trailer", "keep-alive");
    private static final int MAX_HEADER_VALUE = 4096;
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
    public Subscription(String id, String tenant, URI url, List<String> eventTypes, List<WebhookSecret> secrets,
                        Map<String, String> headers, boolean enabled, Integer maxAttempts, String description,
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

    private static List<WebhookSecret> parseSecrets(List<String> secrets) {
        if (secrets == null) {
            return null;
        }
        try {
            return secrets.stream().map(WebhookSecret::parse).toList();
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
            if (value == null || value.length() > MAX_HEADER_VALUE) {
                throw new InvalidRecordException("header '" + name + "' needs a value of at most "
                        + MAX_HEADER_VALUE + " characters");
            }
            for (char c : value.toCharArray()) {
                if (c == '\r' || c == '\n' || c == 0 || c > 0xff) {
                    throw new InvalidRecordException("header '" + name + "' has a line break or a character "
                            + "not allowed in HTTP headers");
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

    /** Never shows secrets or header values (they often hold credentials). */
    @Override
    public String toString() {
        return "Subscription[id=" + id + ", tenant=" + tenant + ", url=" + url + ", eventTypes=" + eventTypes
                + ", secrets=" + secrets.size() + ", headers=" + headers.keySet() + ", enabled=" + enabled
                + ", maxAttempts=" + maxAttempts + (disabledReason == null ? "" : ", disabledReason=" + disabledReason)
                + "]";
    }
}
