package io.hookline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's behaviour when input is wrong or Kafka is absent: one clear line, no stack trace. */
class CliTest {

    @Test
    void unknownFlagGivesOneLineAndUsageExitCode() {
        Cli result = Cli.run("events", "send", "--type", "a.b", "--data", "{}", "--typo", "x");
        assertEquals(2, result.exitCode());
        assertTrue(result.err().startsWith("hookline: Unknown options: '--typo'"), result.err());
        assertTrue(result.err().contains("Try 'hookline events send --help'"), result.err());
        assertFalse(result.err().contains("\tat "), "no stack trace: " + result.err());
    }

    @Test
    void missingRequiredOptionIsNamed() {
        Cli result = Cli.run("events", "send", "--data", "{}");
        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("--type"), result.err());
    }

    @Test
    void invalidJsonDataIsRejectedBeforeKafkaIsContacted() {
        Cli result = Cli.run("events", "send", "--type", "order.created", "--data", "{not json",
                "--bootstrap-server", "127.0.0.1:1");
        assertEquals(1, result.exitCode());
        assertTrue(result.err().startsWith("hookline: --data is not valid JSON"), result.err());
    }

    @Test
    void invalidEventTypeIsRejected() {
        Cli result = Cli.run("events", "send", "--type", "order..created", "--data", "{}");
        assertEquals(1, result.exitCode());
        assertTrue(result.err().startsWith("hookline: invalid event: type 'order..created'"), result.err());
    }

    @Test
    void invalidSubscriptionFlagsAreExplained() {
        Cli result = Cli.run("subscriptions", "put", "--id", "s1", "--tenant", "acme", "--url", "ftp://x/y",
                "--event-type", "order.*");
        assertEquals(1, result.exitCode());
        assertEquals("hookline: invalid subscription: url must be http:// or https://", result.err().strip());
    }

    @Test
    void aBadRetryScheduleIsRefusedBeforeKafkaIsContacted(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("hookline.properties"), "retry.schedule=1s,0s\n");

        Cli result = Cli.run("topics", "create", "--bootstrap-server", "127.0.0.1:1", "--config", config.toString());

        assertEquals(1, result.exitCode());
        assertEquals("hookline: Invalid value 1s,0s for configuration retry.schedule: delay 2 of the retry schedule "
                + "is zero; every delay must be longer than zero", result.err().strip());
    }

    @Test
    void aUrlTheGuardRefusesIsOneLineNamingTheRuleBeforeKafkaIsContacted() {
        Cli metadata = Cli.run("subscriptions", "put", "--id", "s1", "--tenant", "acme", "--url",
                "https://0xA9FEA9FE/latest/meta-data/?token=s3cr3t", "--event-type", "order.*", "--bootstrap-server",
                "127.0.0.1:1");
        assertEquals(1, metadata.exitCode());
        assertEquals("hookline: invalid subscription: url refused by rule cloud-metadata: host 0xA9FEA9FE is "
                + "169.254.169.254 (http.allow.cidrs allows address ranges on purpose)", metadata.err().strip());

        Cli plain = Cli.run("subscriptions", "put", "--id", "s1", "--tenant", "acme", "--url", "http://x/y",
                "--event-type", "order.*", "--bootstrap-server", "127.0.0.1:1");
        assertEquals(1, plain.exitCode());
        assertEquals("hookline: invalid subscription: url must be https://; plain http:// is refused unless "
                + "http.allow.plain=true; --allow-plain-http accepts it", plain.err().strip());
    }

    @Test
    void headerWithLineBreakIsRefused() {
        Cli result = Cli.run("subscriptions", "put", "--id", "s1", "--tenant", "acme", "--url", "https://x/y",
                "--event-type", "order.*", "--header", "X-A: b\r\nX-Injected: 1");
        assertEquals(1, result.exitCode());
        assertTrue(result.err().contains("line break"), result.err());
    }

    @Test
    void unreachableBrokerIsOneClearLine() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Cli result = Cli.run("events", "send", "--type", "order.created", "--data", "{}",
                "--bootstrap-server", "127.0.0.1:" + closedPort);
        assertEquals(1, result.exitCode());
        assertTrue(result.err().startsWith("hookline: cannot reach Kafka at 127.0.0.1:" + closedPort), result.err());
        assertEquals(1, result.err().strip().lines().count(), result.err());
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] command : new String[][] {{"--help"}, {"standalone", "--help"}, {"router", "--help"},
            {"dispatcher", "--help"}, {"topics", "create", "--help"}, {"subscriptions", "put", "--help"},
            {"subscriptions", "list", "--help"}, {"subscriptions", "get", "--help"},
            {"subscriptions", "delete", "--help"}, {"subscriptions", "rotate-secret", "--help"},
            {"subscriptions", "disable", "--help"}, {"subscriptions", "enable", "--help"},
            {"events", "send", "--help"}, {"dlq", "--help"}, {"dlq", "list", "--help"}, {"dlq", "show", "--help"},
            {"dlq", "stats", "--help"}, {"dlq", "replay", "--help"}}) {
            Cli result = Cli.run(command);
            assertEquals(0, result.exitCode(), String.join(" ", command));
            assertTrue(result.out().startsWith("Usage: hookline"), result.out());
        }
    }

    @Test
    void aMalformedNewSecretIsRefusedBeforeKafkaIsContactedWithoutEchoingIt() {
        Cli result = Cli.run("subscriptions", "rotate-secret", "sub_1", "--secret", "whsec_not-base64!",
                "--bootstrap-server", "127.0.0.1:1");
        assertEquals(1, result.exitCode());
        assertEquals("hookline: a webhook secret must be 'whsec_' followed by base64", result.err().strip());
    }

    @Test
    void badDlqFiltersAreOneLineBeforeKafkaIsContacted() {
        Cli reason = Cli.run("dlq", "list", "--reason", "exhausted,nope", "--bootstrap-server", "127.0.0.1:1");
        assertEquals(1, reason.exitCode());
        assertTrue(reason.err().startsWith("hookline: --reason: unknown reason 'nope'; one of invalid_event, "), reason.err());
        assertEquals(1, reason.err().strip().lines().count(), reason.err());

        Cli range = Cli.run("dlq", "replay", "--dry-run", "--since", "1h", "--until", "2h", "--bootstrap-server",
                "127.0.0.1:1");
        assertEquals(1, range.exitCode());
        assertTrue(range.err().startsWith("hookline: --since ("), range.err());

        Cli name = Cli.run("dlq", "replay", "--yes", "--name", "no spaces", "--bootstrap-server", "127.0.0.1:1");
        assertEquals("hookline: --name must be 1-100 characters of A-Z a-z 0-9 . _ -", name.err().strip());
    }

    @Test
    void aReplayWithoutATerminalOrYesIsRefusedBeforeKafkaIsContacted() {
        Cli result = Cli.run("dlq", "replay", "--bootstrap-server", "127.0.0.1:1");
        assertEquals(1, result.exitCode());
        assertEquals("hookline: dlq replay sends records and asks first, but there is no terminal to ask on: pass "
                + "--yes to replay, or --dry-run to see what it would do", result.err().strip());
    }

    @Test
    void dlqWithAnUnreachableBrokerIsOneClearLine() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Cli result = Cli.run("dlq", "list", "--bootstrap-server", "127.0.0.1:" + closedPort);
        assertEquals(1, result.exitCode());
        assertTrue(result.err().startsWith("hookline: cannot reach Kafka at 127.0.0.1:" + closedPort), result.err());
        assertEquals(1, result.err().strip().lines().count(), result.err());
    }
}
