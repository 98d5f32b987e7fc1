package io.hookline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.testkit.TestKafka;
import io.hookline.testkit.TestTopics;
import org.junit.jupiter.api.Test;

/** A stage that cannot run ends its command with one clear line and exit code 1, not a hang. */
class StageCommandIT {
    private final String bootstrap = TestKafka.shared().bootstrapServers();

    @Test
    void dispatcherWithoutItsTopicsEndsTheProcess() {
        Cli result = Cli.run("dispatcher", "--bootstrap-server", bootstrap, "--topic-prefix",
                TestTopics.unique("missing"), "--ops-port", "0");
        assertEquals(1, result.exitCode(), result.out() + result.err());
        assertTrue(result.err().startsWith("hookline: the dispatcher failed and stopped: "), result.err());
        assertEquals(1, result.err().strip().lines().count(), result.err());
    }
}
