package io.hookline.app;

import io.hookline.app.internal.SubscriptionAdmin.Entry;
import io.hookline.app.internal.SubscriptionAdmin;
import io.hookline.common.HooklineException;
import io.hookline.common.config.Durations;
import io.hookline.common.config.HooklineConfig;
import io.hookline.common.net.AddressPolicy;
import io.hookline.common.net.HostResolver;
import io.hookline.common.net.UrlCheck;
import io.hookline.common.net.UrlGuard;
import io.hookline.common.secrets.Envelope;
import io.hookline.common.secrets.PrivateKeys;
import io.hookline.common.secrets.SecretOpener;
import io.hookline.common.signing.SealedSecret;
import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.wire.DeadLetterReason;
import io.hookline.common.wire.InvalidRecordException;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Subscription;
import io.hookline.deadletter.DeadLetterFilter;
import io.hookline.deadletter.DeadLetters;
import io.hookline.deadletter.Progress;
import io.hookline.dispatcher.DispatcherConfig;
import io.hookline.router.RouterConfig;
import io.hookline.router.RouterSync;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hookline subscriptions …}: publish, inspect and delete subscriptions. Never prints a secret. */
@Command(name = "subscriptions", mixinStandardHelpOptions = true,
        description = "Manage subscriptions (the compacted <prefix>.subscriptions topic).",
        subcommands = {SubscriptionsCommand.Put.class, SubscriptionsCommand.Get.class,
            SubscriptionsCommand.ListCommand.class, SubscriptionsCommand.Delete.class,
            SubscriptionsCommand.Disable.class, SubscriptionsCommand.Enable.class,
            SubscriptionsCommand.RotateSecret.class, SubscriptionsCommand.ReEncrypt.class})
final class SubscriptionsCommand {

    static UrlGuard urlGuard(HooklineConfig config) {
        return new UrlGuard(config.egressPolicy(), HostResolver.SYSTEM);
    }

    /**
     * Says whether what was just published was encrypted: a note on stderr when no public key
     * is published and secrets went to the topic in plain text.
     */
    static void noteSealing(KafkaOptions kafka, Optional<Integer> sealedTo) {
        if (sealedTo.isPresent()) {
            kafka.out().println("secrets and header values encrypted to key " + Envelope.keyIdText(sealedTo.get()));
        } else {
            kafka.err().println("note: no public key is published, so secrets and header values are stored in plain "
                    + "text; run `hookline keys rotate`, then `hookline subscriptions re-encrypt`");
        }
    }

    /** What every subcommand has: the Kafka options, and an admin of the subscriptions topic. */
    abstract static class AdminCommand implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        /** An admin for the configured cluster, after checking that Kafka answers. */
        SubscriptionAdmin connect() {
            return connect(kafka.config());
        }

        /** An admin for the cluster of {@code config}, its URLs checked by the guard of its http.allow.* settings. */
        static SubscriptionAdmin connect(HooklineConfig config) {
            KafkaOptions.requireReachable(config);
            return new SubscriptionAdmin(KafkaOptions.commandClients(config), config.topics(), urlGuard(config));
        }
    }

    /** A subcommand about one subscription, named by its id. */
    abstract static class OneSubscription extends AdminCommand {
        @Parameters(paramLabel = "ID", description = "Subscription id.")
        String id;

        /** The subscription's entry, valid or not; one line saying so when there is none. */
        Entry existing(SubscriptionAdmin admin) {
            return admin.get(id).orElseThrow(() -> new HooklineException("no subscription with id " + id));
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true,
            description = {"Create or replace a subscription, from a JSON file or from flags.", "",
                "From flags, a secret is generated when none is given, and shown once.",
                "The URL must be https:// and its host public (not loopback, private, link-local, metadata, …), "
                        + "now and when the dispatcher connects; see http.allow.* in docs/configuration.md.",
                "Example: hookline subscriptions put --id sub_1 --tenant acme --url https://example.com/hook "
                        + "--event-type 'order.*' --header 'Authorization: Bearer s3cr3t'"})
    static final class Put extends AdminCommand {
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
            UrlGuard guard = urlGuard(config);
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
            noteSealing(kafka, sealedTo);
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

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List subscriptions (no secrets), including invalid records and why they are skipped.")
    static final class ListCommand extends AdminCommand {
        @Option(names = "--tenant", description = "Only this tenant's subscriptions.")
        String tenant;

        @Override
        public Integer call() {
            Map<String, Entry> all;
            try (SubscriptionAdmin admin = connect()) {
                all = admin.readAll();
            }
            kafka.out().printf("%-24s %-16s %-8s %-28s %s%n", "ID", "TENANT", "ENABLED", "EVENT TYPES", "URL");
            int shown = 0;
            for (Entry entry : all.values()) {
                Subscription s = entry.subscription();
                if (tenant != null && (s == null || !s.tenant().equals(tenant))) {
                    continue;
                }
                shown++;
                if (s == null) {
                    kafka.out().printf("%-24s INVALID: %s%n", entry.id(), entry.invalidReason());
                } else {
                    kafka.out().printf("%-24s %-16s %-8s %-28s %s%n", s.id(), s.tenant(), s.enabled() ? "yes" : "no",
                            String.join(",", s.eventTypes()), s.url());
                }
            }
            kafka.out().println(shown + " subscription(s)");
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Show one subscription as JSON, secrets and header values redacted.")
    static final class Get extends OneSubscription {
        @Override
        public Integer call() {
            Entry entry;
            try (SubscriptionAdmin admin = connect()) {
                entry = existing(admin);
            }
            if (!entry.valid()) {
                kafka.out().println(id + " is INVALID and skipped by the stages: " + entry.invalidReason());
                return 0;
            }
            kafka.out().println(Json.writePretty(redacted(entry.subscription())));
            return 0;
        }

        /** The subscription as a map, with every secret and header value replaced. */
        static Map<String, Object> redacted(Subscription s) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", s.id());
            view.put("tenant", s.tenant());
            view.put("url", s.url().toString());
            view.put("eventTypes", s.eventTypes());
            // sealed values show the key they are encrypted to (enc:v1:<key id>:…), never the ciphertext
            view.put("secrets", s.secrets().stream().map(secret -> secret instanceof SealedSecret sealed
                    ? sealed.toString() : "whsec_(redacted)").toList());
            Map<String, String> headers = new LinkedHashMap<>();
            s.headers().forEach((name, value) -> headers.put(name, Envelope.isSealed(value)
                    ? Envelope.parse(value).toString() : "(redacted)"));
            view.put("headers", headers);
            view.put("enabled", s.enabled());
            if (s.disabledReason() != null) {
                view.put("disabledReason", s.disabledReason());
            }
            if (s.maxAttempts() != null) {
                view.put("maxAttempts", s.maxAttempts());
            }
            if (s.description() != null) {
                view.put("description", s.description());
            }
            return view;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a subscription (writes a tombstone). Queued deliveries to it are dead-lettered.")
    static final class Delete extends OneSubscription {
        @Override
        public Integer call() {
            try (SubscriptionAdmin admin = connect()) {
                existing(admin);
                admin.delete(id);
            }
            kafka.out().println("deleted subscription " + id);
            return 0;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = {"Stop deliveries to a subscription, keeping it.", "",
                "The router routes nothing more to it; deliveries and retries already queued are dead-lettered as "
                        + "endpoint_disabled, to be replayed once it is enabled again. Operators subscribed to the "
                        + "ops tenant get an endpoint.disabled event."})
    static final class Disable extends OneSubscription {
        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the operator event and the log.")
        String reason;

        @Override
        public Integer call() {
            HooklineConfig config = kafka.config();
            Subscription before;
            try (SubscriptionAdmin admin = connect(config)) {
                before = admin.setEnabled(id, false);
            }
            if (!before.enabled()) {
                kafka.out().println(id + " is disabled already");
                return 0;
            }
            OperatorEvents.endpointChanged(config, "endpoint.disabled", "subscriptions disable", before, reason);
            kafka.out().println("disabled " + id + "; queued deliveries to it will be dead-lettered as "
                    + "endpoint_disabled, and can be replayed after `hookline subscriptions enable " + id + "`");
            return 0;
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true,
            description = {"Resume deliveries to a disabled subscription.", "",
                "Its URL is checked again, as by put. Says how many dead letters wait for it (those of "
                        + "endpoint_disabled) and the dlq replay command that sends them."})
    static final class Enable extends OneSubscription {
        @Mixin
        UrlCheckOptions urlCheck;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the operator event and the log.")
        String reason;

        @Override
        public Integer call() {
            HooklineConfig config = new HooklineConfig(kafka.values(HooklineConfig.baseDefinition(),
                    urlCheck.flags()));
            Subscription before;
            try (SubscriptionAdmin admin = connect(config)) {
                before = admin.setEnabled(id, true);
            }
            if (before.enabled()) {
                kafka.out().println(id + " is enabled already");
                return 0;
            }
            OperatorEvents.endpointChanged(config, "endpoint.enabled", "subscriptions enable", before, reason);
            long waiting;
            try (DeadLetters letters = new DeadLetters(KafkaOptions.commandClients(config), config.topics())) {
                waiting = letters.list(DeadLetterFilter.parse(List.of(id), List.of(),
                        List.of(DeadLetterReason.ENDPOINT_DISABLED.wireName()), List.of(), null, null, Instant.now()),
                        1, Progress.NONE).matched();
            }
            kafka.out().println("enabled " + id);
            if (waiting > 0) {
                kafka.out().println(waiting + " dead letter(s) of " + id + " wait from while it was disabled; send them "
                        + "with: hookline dlq replay --subscription " + id + " --reason endpoint_disabled");
            }
            return 0;
        }
    }

    @Command(name = "rotate-secret", mixinStandardHelpOptions = true,
            description = {"Rotate a subscription's signing secret, in two steps.", "",
                "rotate-secret ID adds a new secret (generated and shown once, or given with --secret): from then "
                        + "on each delivery carries a signature by every secret, so the receiver switches to the "
                        + "new one at its own pace.",
                "rotate-secret ID --drop-old then removes every secret but the newest.",
                "No secret the subscription had before is ever printed. The URL is checked again, as by put."})
    static final class RotateSecret extends OneSubscription {
        @Mixin
        UrlCheckOptions urlCheck;

        @ArgGroup(exclusive = true)
        Step step;

        static final class Step {
            @Option(names = "--secret", paramLabel = "whsec_…",
                    description = "The new secret, instead of a generated one.")
            String secret;

            @Option(names = "--drop-old",
                    description = "Remove every secret but the newest, once the receiver verifies with it.")
            boolean dropOld;
        }

        @Override
        public Integer call() {
            HooklineConfig config = new HooklineConfig(kafka.values(HooklineConfig.baseDefinition(),
                    urlCheck.flags()));
            if (step != null && step.dropOld) {
                int dropped;
                try (SubscriptionAdmin admin = connect(config)) {
                    dropped = admin.dropOldSecrets(id);
                }
                kafka.out().println(dropped == 0 ? id + " has one secret; nothing to drop"
                        : "dropped " + dropped + " old secret(s) of " + id + "; only the newest signs now");
                return 0;
            }
            boolean generate = step == null || step.secret == null;
            // parsed before Kafka is contacted: a malformed secret needs no broker to be explained
            WebhookSecret secret = generate ? WebhookSecret.generate() : WebhookSecret.parse(step.secret);
            Subscription rotated;
            Optional<Integer> sealedTo;
            try (SubscriptionAdmin admin = connect(config)) {
                rotated = admin.addSecret(id, secret);
                sealedTo = admin.sealingKey();
            }
            if (sealedTo.isEmpty()) {
                noteSealing(kafka, sealedTo);
            }
            int old = rotated.secrets().size() - 1;
            kafka.out().println("added a signing secret to " + id + "; it signs alongside the " + old
                    + " old one(s) until `hookline subscriptions rotate-secret " + id + " --drop-old`");
            if (generate) {
                kafka.out().println("new signing secret (shown only now; give it to the receiver): "
                        + secret.encoded());
            }
            return 0;
        }
    }

    @Command(name = "re-encrypt", mixinStandardHelpOptions = true,
            description = {"Encrypt the secrets and header values of every subscription to the newest published "
                    + "key: those stored in plain text (published before keys existed) and, with the private key "
                    + "file, those encrypted to an older key.", "",
                "Nothing else of a subscription changes, and nothing secret is printed. Run it after "
                        + "`hookline keys rotate`; once no record uses an old key, that key may leave the file."})
    static final class ReEncrypt extends AdminCommand {
        @Option(names = "--private-keys-file", paramLabel = "FILE",
                description = "The dispatchers' private key file, to move values off older keys "
                        + "(default: secrets.private.keys.file; without either, plain values only).")
        Path privateKeysFile;

        @Override
        public Integer call() {
            Map<String, Object> flags = new LinkedHashMap<>();
            if (privateKeysFile != null) {
                flags.put(DispatcherConfig.SECRETS_PRIVATE_KEYS_FILE, privateKeysFile.toString());
            }
            DispatcherConfig config = new DispatcherConfig(kafka.values(DispatcherConfig.definition(), flags));
            Optional<SecretOpener> opener = config.privateKeysFile().map(PrivateKeys::read);
            List<SubscriptionAdmin.ReEncrypted> results;
            try (SubscriptionAdmin admin = connect(config)) {
                results = admin.reEncrypt(opener);
            }
            Map<SubscriptionAdmin.ReEncryption, Integer> counts = new java.util.EnumMap<>(
                    SubscriptionAdmin.ReEncryption.class);
            for (SubscriptionAdmin.ReEncrypted result : results) {
                counts.merge(result.outcome(), 1, Integer::sum);
                String line = switch (result.outcome()) {
                    case SEALED -> "encrypted (it was in plain text)";
                    case MOVED -> "encrypted again to the newest key, " + result.detail();
                    case CURRENT -> "already encrypted to the newest key";
                    case OLDER_KEY -> "left as is: " + result.detail() + "; give --private-keys-file to move it";
                    case SKIPPED -> "skipped: " + result.detail();
                };
                kafka.out().println(result.id() + ": " + line);
            }
            kafka.out().println(counts.getOrDefault(SubscriptionAdmin.ReEncryption.SEALED, 0)
                    + counts.getOrDefault(SubscriptionAdmin.ReEncryption.MOVED, 0) + " of " + results.size()
                    + " subscription(s) published again");
            return 0;
        }
    }
}
