package io.hookline.app;

import io.hookline.app.internal.KeyDirectory;
import io.hookline.common.HooklineException;
import io.hookline.common.secrets.Envelope;
import io.hookline.common.secrets.PrivateKeys;
import io.hookline.common.secrets.PublicKeys;
import io.hookline.dispatcher.DispatcherConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hookline keys …}: the dispatchers' key pairs, which subscription secrets are sealed
 * to. Private keys stay in the file the dispatchers read; only public keys go to Kafka.
 * Never prints key material.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = {"Manage the key pairs that subscription secrets and header values are encrypted to.", "",
            "The private keys are a file only dispatchers read (secrets.private.keys.file); their public halves "
                    + "are published in the compacted <prefix>.keys topic, so that `subscriptions put` encrypts "
                    + "without holding any secret."},
        subcommands = {KeysCommand.Rotate.class, KeysCommand.Publish.class, KeysCommand.Show.class})
final class KeysCommand {

    /** The Kafka options and the private key file, from --private-keys-file or secrets.private.keys.file. */
    abstract static class KeyFileCommand implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Option(names = "--private-keys-file", paramLabel = "FILE",
                description = "The dispatchers' private key file (default: secrets.private.keys.file).")
        Path file;

        DispatcherConfig config() {
            Map<String, Object> flags = new HashMap<>();
            if (file != null) {
                flags.put(DispatcherConfig.SECRETS_PRIVATE_KEYS_FILE, file.toString());
            }
            return new DispatcherConfig(kafka.values(DispatcherConfig.definition(), flags));
        }

        static Path requireFile(DispatcherConfig config) {
            return config.privateKeysFile().orElseThrow(() -> new HooklineException("name the private key file with "
                    + "--private-keys-file or " + DispatcherConfig.SECRETS_PRIVATE_KEYS_FILE));
        }

        KeyDirectory directory(DispatcherConfig config) {
            KafkaOptions.requireReachable(config);
            return new KeyDirectory(KafkaOptions.commandClients(config), config.topics());
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = {"Add a new key pair to the private key file (made if absent) and publish its public key: "
                    + "from then on secrets are encrypted to it. Older keys stay in the file, so what was encrypted "
                    + "to them still decrypts.", "",
                "With several dispatchers: rotate with --no-publish, give the new file to every dispatcher and "
                        + "restart them, then `hookline keys publish`; a secret encrypted to a key a dispatcher "
                        + "lacks makes its subscription invalid there.",
                "Afterwards `hookline subscriptions re-encrypt --private-keys-file FILE` moves every record to the "
                        + "new key; only then may an old key be removed from the file."})
    static final class Rotate extends KeyFileCommand {
        @Option(names = "--no-publish", description = "Only write the file; publish later with `hookline keys publish`.")
        boolean noPublish;

        @Override
        public Integer call() {
            DispatcherConfig config = config();
            Path path = requireFile(config);
            boolean created = !Files.exists(path);
            PrivateKeys keys = created ? PrivateKeys.generate() : PrivateKeys.read(path).rotate();
            KeyDirectory directory = noPublish ? null : directory(config); // Kafka checked before the file changes
            keys.write(path);
            String id = Envelope.keyIdText(keys.primaryKeyId());
            kafka.out().println((created ? "created " + path + " with key " : "added key " + id + " to " + path
                    + "; it now holds keys ") + keyIds(keys.keyIds()) + " (readable by its owner only; "
                    + "dispatchers need it as " + DispatcherConfig.SECRETS_PRIVATE_KEYS_FILE + ")");
            if (directory != null) {
                directory.publish(keys.publicKeys());
                kafka.out().println("published public key " + id + " to " + directory.topic()
                        + "; secrets are encrypted to it from now on");
            } else {
                kafka.out().println("not published: give the file to every dispatcher, restart them, then run "
                        + "`hookline keys publish`");
            }
            return 0;
        }
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Publish the public halves of the private key file, its newest key the one secrets are "
                    + "encrypted to: after `keys rotate --no-publish` reached every dispatcher, or to a new cluster.")
    static final class Publish extends KeyFileCommand {
        @Override
        public Integer call() {
            DispatcherConfig config = config();
            PrivateKeys keys = PrivateKeys.read(requireFile(config));
            KeyDirectory directory = directory(config);
            directory.publish(keys.publicKeys());
            kafka.out().println("published public keys " + keyIds(keys.keyIds()) + " to " + directory.topic()
                    + "; secrets are encrypted to key " + Envelope.keyIdText(keys.primaryKeyId()) + " from now on");
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show the key ids published in <prefix>.keys (and those of the private key file, if named).")
    static final class Show extends KeyFileCommand {
        @Override
        public Integer call() {
            DispatcherConfig config = config();
            Optional<PublicKeys> published = directory(config).current();
            if (published.isEmpty()) {
                kafka.out().println("no public keys published: secrets are stored in plain text until "
                        + "`hookline keys rotate`");
            } else {
                kafka.out().println("published: keys " + keyIds(published.get().keyIds()) + ", secrets encrypted to "
                        + Envelope.keyIdText(published.get().keyId()));
            }
            Optional<Path> path = config.privateKeysFile();
            if (path.isPresent()) {
                PrivateKeys keys = PrivateKeys.read(path.get());
                kafka.out().println(path.get() + ": keys " + keyIds(keys.keyIds()) + ", newest "
                        + Envelope.keyIdText(keys.primaryKeyId()));
            }
            return 0;
        }
    }

    static String keyIds(List<Integer> ids) {
        return String.join(", ", ids.stream().map(Envelope::keyIdText).toList());
    }
}
