package io.hookline.app;

import io.hookline.app.internal.SubscriptionAdmin;
import io.hookline.common.config.HooklineConfig;
import io.hookline.common.secrets.PrivateKeys;
import io.hookline.common.secrets.SecretOpener;
import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.wire.Subscription;
import io.hookline.dispatcher.DispatcherConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hookline subscriptions rotate-secret} and {@code re-encrypt}: the commands that change how secrets are kept. */
final class SubscriptionSecretCommands {
    private SubscriptionSecretCommands() {
    }

    @Command(name = "rotate-secret", mixinStandardHelpOptions = true,
            description = {"Rotate a subscription's signing secret, in two steps.", "",
                "rotate-secret ID adds a new secret (generated and shown once, or given with --secret): from then "
                        + "on each delivery carries a signature by every secret, so the receiver switches to the "
                        + "new one at its own pace.",
                "rotate-secret ID --drop-old then removes every secret but the newest.",
                "No secret the subscription had before is ever printed. The URL is checked again, as by put."})
    static final class RotateSecret extends SubscriptionsCommand.OneSubscription {
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
                SubscriptionsCommand.noteSealing(kafka, sealedTo);
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
    static final class ReEncrypt extends SubscriptionsCommand.AdminCommand {
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
