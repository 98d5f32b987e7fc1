package io.hookline.app;

import io.hookline.app.internal.SubscriptionAdmin.Entry;
import io.hookline.app.internal.SubscriptionAdmin;
import io.hookline.common.HooklineException;
import io.hookline.common.config.HooklineConfig;
import io.hookline.common.net.HostResolver;
import io.hookline.common.net.UrlGuard;
import io.hookline.common.secrets.Envelope;
import io.hookline.common.signing.SealedSecret;
import io.hookline.common.wire.DeadLetterReason;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.Subscription;
import io.hookline.deadletter.DeadLetterFilter;
import io.hookline.deadletter.DeadLetters;
import io.hookline.deadletter.Progress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hookline subscriptions …}: publish, inspect and delete subscriptions. Never prints a secret. */
@Command(name = "subscriptions", mixinStandardHelpOptions = true,
        description = "Manage subscriptions (the compacted <prefix>.subscriptions topic).",
        subcommands = {PutSubscriptionCommand.class, SubscriptionsCommand.Get.class,
            SubscriptionsCommand.ListCommand.class, SubscriptionsCommand.Delete.class,
            SubscriptionsCommand.Disable.class, SubscriptionsCommand.Enable.class,
            SubscriptionSecretCommands.RotateSecret.class,
            SubscriptionSecretCommands.ReEncrypt.class})
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

}
