package io.hookline.app;

import io.hookline.app.internal.SubscriptionAdmin;
import io.hookline.app.internal.SubscriptionAdmin.Entry;
import io.hookline.app.internal.TerminalProgress;
import io.hookline.common.HooklineException;
import io.hookline.common.config.HooklineConfig;
import io.hookline.common.wire.SubscriptionRecord;
import io.hookline.deadletter.DeadLetterFilter;
import io.hookline.deadletter.DeadLetterFormat;
import io.hookline.deadletter.DeadLetterReport;
import io.hookline.deadletter.DeadLetterStats;
import io.hookline.deadletter.DeadLetters;
import io.hookline.deadletter.ListResult;
import io.hookline.deadletter.Progress;
import io.hookline.deadletter.ReplayRequest;
import io.hookline.deadletter.ReplaySummary;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hookline dlq …}: inspect and replay the dead-letter topic. The work is done by the
 * dead-letter module's {@link DeadLetters}; this class reads flags, asks, and prints.
 */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = {"Inspect and replay dead letters (<prefix>.dead-letter): deliveries the dispatcher gave up "
                + "on and events the router could not read.", "",
            "Filters (list, stats, replay): --subscription, --tenant, --reason, --stage, --since, --until; each "
                    + "may be repeated or comma-separated (any of them), different filters must all match."},
        subcommands = {DlqCommand.ListCommand.class, DlqCommand.Show.class, DlqCommand.Stats.class,
            DlqCommand.Replay.class})
final class DlqCommand {
    /** A list or stats read shows a progress bar on a terminal from this many records on. */
    private static final long BAR_FROM = 10_000;
    /** How long Ctrl-C waits for a replay to commit what it sent. */
    private static final long STOP_WAIT_SECONDS = 30;

    /** The filters every dlq command but show takes. */
    static final class Filters {
        @Option(names = "--subscription", paramLabel = "ID", description = "Only letters of this subscription.")
        List<String> subscriptions;

        @Option(names = "--tenant", paramLabel = "TENANT",
                description = "Only letters of this tenant (a router letter's tenant is its record key).")
        List<String> tenants;

        @Option(names = "--reason", paramLabel = "REASON",
                description = "Only letters of this reason: invalid_event, event_too_large, exhausted, gone, "
                        + "endpoint_disabled, blocked_address, subscription_deleted, invalid_subscription, "
                        + "tenant_mismatch.")
        List<String> reasons;

        @Option(names = "--stage", paramLabel = "STAGE", description = "Only letters of this stage: router, dispatcher.")
        List<String> stages;

        @Option(names = "--since", paramLabel = "TIME",
                description = "Only letters dead at or after TIME: ISO (2026-11-27T10:15:30Z; 2026-11-27T10:15 and "
                        + "2026-11-27 are UTC) or back from now (30m, 2h, 7d).")
        String since;

        @Option(names = "--until", paramLabel = "TIME", description = "Only letters dead before TIME (as --since).")
        String until;

        /** The filter; a bad value fails here, before Kafka is contacted. */
        DeadLetterFilter filter() {
            return DeadLetterFilter.parse(subscriptions, tenants, reasons, stages, since, until, Instant.now());
        }
    }

    static DeadLetters open(HooklineConfig config) {
        KafkaOptions.requireReachable(config);
        return new DeadLetters(KafkaOptions.commandClients(config), config.topics());
    }

    static PrintWriter err(KafkaOptions kafka) {
        return kafka.command.commandLine().getErr();
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List dead letters as a table (or --json, one object per line), oldest first: the most "
                    + "recent --limit of those matching the filters.", "",
                "The ID column is what `dlq show` takes: the delivery id (msg_…) of a dispatcher letter, "
                        + "PARTITION:OFFSET of a router letter.",
                "Example: hookline dlq list --reason exhausted --since 2h"})
    static final class ListCommand implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Mixin
        Filters filters;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "200",
                description = "Show at most the N most recent matching letters (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "One JSON object per line: id, partition, offset, key, deadLetter.")
        boolean json;

        @Override
        public Integer call() {
            DeadLetterFilter filter = filters.filter();
            if (limit < 1) {
                throw new HooklineException("--limit must be at least 1");
            }
            ListResult result;
            try (DeadLetters deadLetters = open(kafka.config())) {
                result = deadLetters.list(filter, limit, TerminalProgress.forTerminal(err(kafka), BAR_FROM));
                if (result.matched() == 0) {
                    err(kafka).println(empty(deadLetters.topic(), result.read(), filter));
                    return 0;
                }
            }
            PrintWriter out = kafka.out();
            if (json) {
                result.letters().forEach(stored -> out.println(DeadLetterFormat.json(stored)));
            } else {
                DeadLetterFormat.table(result.letters()).forEach(out::println);
                out.println(result.matched() > result.letters().size()
                        ? result.letters().size() + " most recent of " + result.matched() + " matching dead letter(s); "
                                + "--limit shows more"
                        : result.matched() + " dead letter(s)");
            }
            if (result.unreadable() > 0) {
                err(kafka).println("note: " + result.unreadable() + " record(s) of the topic are not dead letters this "
                        + "version reads (written by a newer Hookline?)");
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Show one dead letter in full: the delivery, every attempt of it recorded in "
                    + "<prefix>.attempts, and the start of the last response. Never a secret: dead letters hold none.",
                "",
                "ID is a delivery id (msg_…, the webhook-id) or, for a router letter, PARTITION:OFFSET as "
                        + "`dlq list` shows it."})
    static final class Show implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Parameters(paramLabel = "ID", description = "Delivery id (msg_…) or PARTITION:OFFSET.")
        String id;

        @Option(names = "--json", description = "As JSON: the letters and the attempts.")
        boolean json;

        @Override
        public Integer call() {
            HooklineConfig config = kafka.config();
            DeadLetterReport report;
            try (DeadLetters deadLetters = open(config)) {
                report = deadLetters.show(id, TerminalProgress.forTerminal(err(kafka), BAR_FROM))
                        .orElseThrow(() -> new HooklineException("no dead letter " + DeadLetterFormat.printable(id)
                                + " in " + deadLetters.topic()));
            }
            if (json) {
                kafka.out().println(DeadLetterFormat.json(report));
            } else {
                DeadLetterFormat.report(report, config.topics().deadLetter().name(), config.topics().attempts().name())
                        .forEach(kafka.out()::println);
            }
            return 0;
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Count dead letters by reason, by subscription and by hour, with the same filters as list.")
    static final class Stats implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Mixin
        Filters filters;

        @Override
        public Integer call() {
            DeadLetterFilter filter = filters.filter();
            DeadLetterStats stats;
            String topic;
            try (DeadLetters deadLetters = open(kafka.config())) {
                topic = deadLetters.topic();
                stats = deadLetters.stats(filter, TerminalProgress.forTerminal(err(kafka), BAR_FROM));
            }
            if (stats.total() == 0) {
                err(kafka).println(empty(topic, -1, filter));
                return 0;
            }
            DeadLetterFormat.stats(stats).forEach(kafka.out()::println);
            return 0;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = {"Send dead letters back: a dispatcher letter to <prefix>.deliveries with the same delivery "
                    + "id and a fresh attempt count, a router letter to <prefix>.events as its original record.",
                "",
                "Letters of deleted subscriptions, of disabled ones (unless --include-disabled) and of invalid ones "
                        + "are skipped and reported; event_too_large letters hold no bytes and are skipped.",
                "",
                "A replay is named (--name; by default from its filters) and keeps its place in Kafka, committed "
                        + "in the same transaction as what it sent: run again, it sends nothing twice; "
                        + "interrupted (Ctrl-C, a crash, --limit), it goes on where it stopped. Letters it skipped "
                        + "because their subscription was disabled or invalid are sent by a later run once that "
                        + "is fixed.",
                "",
                "On a terminal it asks before sending; elsewhere pass --yes.",
                "Example: hookline dlq replay --subscription sub_1 --since 1d --dry-run"})
    static final class Replay implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Mixin
        Filters filters;

        @Option(names = "--name", paramLabel = "NAME",
                description = "Name of this replay, which keeps its place (default: derived from the filters, "
                        + "'all' without any).")
        String name;

        @Option(names = "--dry-run", description = "Say what would be replayed and what skipped, and why; send "
                + "nothing and keep no place.")
        boolean dryRun;

        @Option(names = "--rate", paramLabel = "N", description = "Send at most N records a second (default: no "
                + "limit).")
        Double rate;

        @Option(names = "--limit", paramLabel = "N", description = "Replay at most N letters in this run; "
                + "the next run goes on after them.")
        Long limit;

        @Option(names = "--include-disabled", description = "Replay letters of disabled subscriptions too (the "
                + "dispatcher dead-letters them again unless the subscription is enabled by then).")
        boolean includeDisabled;

        @Option(names = {"--yes", "-y"}, description = "Do not ask for confirmation (for scripts).")
        boolean yes;

        @Override
        public Integer call() throws InterruptedException {
            DeadLetterFilter filter = filters.filter();
            if (limit != null && limit < 1) {
                throw new HooklineException("--limit must be at least 1");
            }
            if (rate != null && !(rate > 0)) {
                throw new HooklineException("--rate must be a positive number of records a second");
            }
            boolean ask = !dryRun && !yes;
            if (ask && !TerminalProgress.onTerminal()) {
                throw new HooklineException("dlq replay sends records and asks first, but there is no terminal to ask "
                        + "on: pass --yes to replay, or --dry-run to see what it would do");
            }
            ReplayRequest request = new ReplayRequest(filter, name, dryRun, limit == null ? 0 : limit,
                    rate == null ? 0 : rate, includeDisabled);
            HooklineConfig config = kafka.config();
            PrintWriter out = kafka.out();
            try (DeadLetters deadLetters = open(config)) {
                Map<String, Entry> subscriptions;
                try (SubscriptionAdmin admin = new SubscriptionAdmin(KafkaOptions.commandClients(config),
                        config.topics(), SubscriptionsCommand.urlGuard(config))) {
                    subscriptions = admin.readAll();
                }
                if (ask && !confirmed(deadLetters, request, subscriptions, config, out)) {
                    out.println("nothing replayed");
                    return 0;
                }
                // Ctrl-C stops the replay, which commits what it sent; the JVM waits until the summary is out
                CountDownLatch reported = new CountDownLatch(1);
                Thread stopper = new Thread(() -> {
                    deadLetters.stopReplay();
                    try {
                        reported.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "hookline-replay-stop");
                Runtime.getRuntime().addShutdownHook(stopper);
                try {
                    ReplaySummary summary = deadLetters.replay(request, states(subscriptions),
                            TerminalProgress.forTerminal(err(kafka), 0));
                    if (summary.matched() == 0 && summary.note() == null && !summary.stopped()) {
                        err(kafka).println(nothingToReplay(summary, deadLetters.topic(), filter));
                        return 0;
                    }
                    DeadLetterFormat.summary(summary, config.topics().deliveries().name(),
                            config.topics().events().name()).forEach(out::println);
                    out.flush();
                    return 0;
                } finally {
                    reported.countDown();
                    try {
                        Runtime.getRuntime().removeShutdownHook(stopper);
                    } catch (IllegalStateException shuttingDown) {
                        // the hook runs now, and returns as the latch was just counted down
                    }
                }
            }
        }

        /** Shows what the replay would do and asks; true when the answer is yes. */
        private boolean confirmed(DeadLetters deadLetters, ReplayRequest request, Map<String, Entry> subscriptions,
                                  HooklineConfig config, PrintWriter out) {
            ReplayRequest dry = new ReplayRequest(request.filter(), request.name(), true, request.limit(),
                    0, request.includeDisabled());
            ReplaySummary preview = deadLetters.replay(dry, states(subscriptions),
                    TerminalProgress.forTerminal(err(kafka), BAR_FROM));
            if (preview.total() == 0) {
                DeadLetterFormat.summary(preview, config.topics().deliveries().name(), config.topics().events().name())
                        .forEach(out::println);
                return false;
            }
            DeadLetterFormat.summary(preview, config.topics().deliveries().name(), config.topics().events().name())
                    .forEach(out::println);
            out.flush();
            String answer = System.console().readLine("Replay %d dead letter(s) as replay %s? [y/N] ", preview.total(),
                    preview.name());
            return answer != null && List.of("y", "yes").contains(answer.trim().toLowerCase(Locale.ROOT));
        }
    }

    /** The subscriptions as the admin read them: invalid ones as such, missing ones deleted. */
    static io.hookline.deadletter.SubscriptionStates states(Map<String, Entry> subscriptions) {
        return id -> {
            Entry entry = subscriptions.get(id);
            if (entry == null) {
                return new SubscriptionRecord.Deleted(id);
            }
            return entry.valid() ? new SubscriptionRecord.Valid(id, entry.subscription())
                    : new SubscriptionRecord.Invalid(id, entry.invalidReason());
        };
    }

    /** One line saying nothing matched, and whether the topic is empty or the filters too narrow. */
    static String empty(String topic, long read, DeadLetterFilter filter) {
        if (read == 0) {
            return "no dead letters: " + topic + " is empty";
        }
        return "no dead letter" + (read > 0 ? " of the " + read + " read from " + topic : " in " + topic)
                + " matches " + filter.describe();
    }

    /** One line saying why a replay found nothing to do. */
    static String nothingToReplay(ReplaySummary summary, String topic, DeadLetterFilter filter) {
        if (summary.read() == 0 && summary.resumed()) {
            return "nothing to replay: replay " + summary.name() + " has handled every dead letter of " + topic
                    + " up to now (another --name replays them again)";
        }
        return "nothing to replay: " + empty(topic, summary.read(), filter);
    }
}
