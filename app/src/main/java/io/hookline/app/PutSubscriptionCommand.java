package io.hookline.app;

import io.hookline.app.internal.SubscriptionAdmin;
import io.hookline.common.HooklineException;
import io.hookline.common.config.Durations;
import io.hookline.common.config.HooklineConfig;
import io.hookline.common.net.AddressPolicy;
import io.hookline.common.net.UrlCheck;
import io.hookline.common.net.UrlGuard;
import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.wire.InvalidRecordException;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Subscription;
import io.hookline.router.RouterConfig;
import io.hookline.router.RouterSync;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hookline subscriptions put}: publish a subscription, checked as the stages will read it. */
@Command(name = "put", mixinStandardHelpOptions = true,
        description = {"Create or replace a subscription, from a JSON file or from flags.", "",
            "From flags, a secret is generated when none is given, and shown once.",
            "The URL must be https:// and its host public (not loopback, private, link-local, metadata, …), "
                    + "now and when the dispatcher connects; see http.allow.* in docs/configuration.md.",
            "Example: hookline subscriptions put --id sub_1 --tenant acme --url https://example.com/hook "
                    + "--event-type 'order.*' --header 'Authorization: Bearer s3cr3t'"})
final class PutSubscriptionCommand extends SubscriptionsCommand.AdminCommand {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Mixin
    UrlCheckOptions urlCheck;

    @Option(names = "--wait", description = "Return only once the routers route with the change, so that an "
            + "event produced afterwards reaches the subscription (waits for router.application.id's group).")
    boolean await;

    @Option(names = "--wait-timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "How long --wait waits for the routers (default: ${DEFAULT-VALUE}); the change is "
                    + "published either way.")
    String awaitTimeout;

    static final class Source {
        @Option(names = "--file", paramLabel = "FILE", required = true,
                description = "Subscription JSON: id, tenant, url, eventTypes, secrets, … "
                        + "(see docs/design.md#subscription).")
        Path file;

        @ArgGroup(exclusive = false)
        Fields fields;
    }

    static final class Fields {
        @Option(names = "--id", required = true, description = "Subscription id (the record key).")
        String id;

        @Option(names = "--tenant", required = true, description = "Tenant whose events it receives.")
        String tenant;

        @Option(names = "--url", required = true,
                description = "Where to POST: https://, or http:// with --allow-plain-http.")
        String url;

        @Option(names = "--event-type", required = true, paramLabel = "PATTERN",
                description = "Event type or pattern (order.created, order.*, order.**, **); repeatable.")
        List<String> eventTypes;

        @Option(names = "--secret", paramLabel = "whsec_…",
                description = "Signing secret; repeatable (every one signs). Generated if absent.")
        List<String> secrets;

        @Option(names = "--header", paramLabel = "'Name: value'",
                description = "Extra request header; repeatable.")
        List<String> headers;

        @Option(names = "--max-attempts", paramLabel = "N", description = "Cap on delivery attempts.")
        Integer maxAttempts;

        @Option(names = "--disabled", description = "Publish it disabled (nothing is routed to it).")
        boolean disabled;

        @Option(names = "--description", description = "Free text for people.")
        String description;
    }

    @Override
    public Integer call() {
        HooklineConfig config = config();
        UrlGuard guard = SubscriptionsCommand.urlGuard(config);
        String generated = null;
        Subscription subscription;
        if (source.file != null) {
            subscription = readFile(source.file, guard);
        } else {
            Fields f = source.fields;
            // Before Kafka is contacted: a refused URL needs no broker to be explained.
            URI url = accepted(guard.check(f.url)).url();
            List<WebhookSecret> secrets = new ArrayList<>();
            if (f.secrets == null || f.secrets.isEmpty()) {
                WebhookSecret secret = WebhookSecret.generate();
                generated = secret.encoded();
                secrets.add(secret);
            } else {
                for (String s : f.secrets) {
                    secrets.add(WebhookSecret.parse(s));
                }
            }
            subscription = build(() -> new Subscription(f.id, f.tenant, url, f.eventTypes, secrets,
                    parseHeaders(f.headers), !f.disabled, f.maxAttempts, f.description, Subscription.VERSION));
        }
        Duration timeout = await ? Durations.parse(awaitTimeout) : Duration.ZERO;
        UrlCheck.Accepted accepted;
        Optional<Integer> sealedTo;
        RecordMetadata written;
        try (SubscriptionAdmin admin = connect(config)) {
            accepted = admin.put(subscription);
            sealedTo = admin.sealingKey();
            written = admin.lastWritten().orElseThrow();
        }
        kafka.out().println("put subscription " + subscription.id() + " (tenant " + subscription.tenant() + ", "
                + subscription.eventTypes() + " → " + accepted.url() + ")");
        SubscriptionsCommand.noteSealing(kafka, sealedTo);
        if (await) {
            RouterConfig router = new RouterConfig(kafka.values(RouterConfig.definition(), Map.of()));
            new RouterSync(KafkaOptions.commandClients(router), router.applicationId(), Clock.systemUTC())
                    .await(new TopicPartition(written.topic(), written.partition()), written.offset(), timeout);
            kafka.out().println("the routers route with it now");
        }
        if (accepted.addresses().isEmpty()) {
            kafka.out().println("note: " + accepted.url().getHost() + " does not resolve from here; the "
                    + "dispatcher checks its addresses when it connects");
        }
        if (generated != null) {
            kafka.out().println("generated signing secret (shown only now; give it to the receiver): " + generated);
        }
        return 0;
    }

    private HooklineConfig config() {
        return new HooklineConfig(kafka.values(HooklineConfig.baseDefinition(), urlCheck.flags()));
    }

    /** The check if the URL was accepted; else one line naming the rule, and the flag that accepts it. */
    private static UrlCheck.Accepted accepted(UrlCheck check) {
        if (check instanceof UrlCheck.Refused refused) {
            String hint = switch (refused.rule()) {
                case UrlGuard.PLAIN_HTTP -> "; --allow-plain-http accepts it";
                case AddressPolicy.LOOPBACK -> "; --allow-loopback accepts it";
                default -> "";
            };
            throw new HooklineException("invalid subscription: " + refused.message() + hint);
        }
        return (UrlCheck.Accepted) check;
    }

    private static Subscription readFile(Path file, UrlGuard guard) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new HooklineException("cannot read " + file + ": " + e.getMessage());
        }
        try {
            return Json.read(bytes, Subscription.class);
        } catch (InvalidRecordException e) {
            // java.net.URI, and so Subscription, reads fewer URL notations than browsers do
            // (http://127.1/, IDN): normalize the URL, or refuse it by its rule, before giving up.
            byte[] normalized = withNormalizedUrl(bytes, guard).orElseThrow(
                    () -> new HooklineException("invalid subscription: " + e.getMessage()));
            return build(() -> Json.read(normalized, Subscription.class));
        }
    }

    /** The JSON with its url normalized by the guard; empty when the url was not what was wrong. */
    private static Optional<byte[]> withNormalizedUrl(byte[] json, UrlGuard guard) {
        Map<?, ?> fields;
        try {
            fields = Json.read(json, Map.class);
        } catch (InvalidRecordException e) {
            return Optional.empty();
        }
        if (!(fields.get("url") instanceof String url)) {
            return Optional.empty();
        }
        URI normalized = accepted(guard.check(url)).url();
        if (normalized.toString().equals(url)) {
            return Optional.empty();
        }
        Map<Object, Object> rewritten = new LinkedHashMap<>(fields);
        rewritten.put("url", normalized.toString());
        return Optional.of(Json.write(rewritten));
    }

    private static Subscription build(java.util.function.Supplier<Subscription> builder) {
        try {
            return builder.get();
        } catch (InvalidRecordException e) {
            throw new HooklineException("invalid subscription: " + e.getMessage());
        }
    }

    static Map<String, String> parseHeaders(List<String> headers) {
        Map<String, String> parsed = new LinkedHashMap<>();
        if (headers == null) {
            return parsed;
        }
        for (String header : headers) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                // Not echoed: a malformed header is likely a credential typed with '=' instead of ':'.
                throw new HooklineException("--header must look like 'Name: value' (a name, a colon, a value)");
            }
            parsed.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        return parsed;
    }
}
