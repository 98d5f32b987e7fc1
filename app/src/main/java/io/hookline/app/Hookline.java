package io.hookline.app;

import io.hookline.common.HooklineException;
import java.io.PrintWriter;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** The {@code hookline} command: every subcommand has {@code --help}. */
@Command(name = "hookline", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Kafka-native webhook dispatch: route events to subscriptions, sign and POST them, "
                + "record every attempt, and dead-letter what cannot be delivered.", ""},
        subcommands = {StandaloneCommand.class, RouterCommand.class, DispatcherCommand.class,
            TopicsCommand.class, SubscriptionsCommand.class, KeysCommand.class, EventsCommand.class, DlqCommand.class,
            ConfigCommand.class,
            BenchCommand.class, CommandLine.HelpCommand.class})
public final class Hookline implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code (0 ok, 1 failed, 2 bad usage). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Hookline())
                .setParameterExceptionHandler(new UsageErrors())
                .setExecutionExceptionHandler(new Failures());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Bad flags: one line saying what is wrong, and where to read more. */
    private static final class UsageErrors implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException e, String[] args) {
            CommandLine cmd = e.getCommandLine();
            PrintWriter err = cmd.getErr();
            err.println("hookline: " + e.getMessage());
            err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
            return 2;
        }
    }

    /** Failures we expect (bad input, Kafka unreachable) are one line; bugs keep their stack trace. */
    private static final class Failures implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
            PrintWriter err = cmd.getErr();
            if (e instanceof HooklineException || e instanceof ConfigException) {
                err.println("hookline: " + e.getMessage());
            } else if (e instanceof KafkaException) {
                err.println("hookline: Kafka error: " + e.getMessage());
            } else {
                err.println("hookline: unexpected error (a bug; please report it with this trace):");
                e.printStackTrace(err);
            }
            err.flush();
            return 1;
        }
    }
}
