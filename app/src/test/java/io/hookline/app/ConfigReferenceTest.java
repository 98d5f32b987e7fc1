package io.hookline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is generated from the declarations: it must not drift from them. */
class ConfigReferenceTest {

    @Test
    void committedReferenceMatchesTheDeclarations() throws Exception {
        Path committed = Path.of("..", "docs", "configuration.md");
        String generated = ConfigCommand.reference();
        assertEquals(generated, Files.readString(committed),
                "docs/configuration.md is stale: regenerate it with bin/hookline config docs > docs/configuration.md");
    }

    @Test
    void referenceNamesEachSettingWithItsEnvironmentVariable() {
        String reference = ConfigCommand.reference();
        assertTrue(reference.contains("| `bootstrap.servers` | `HOOKLINE_BOOTSTRAP_SERVERS` | string | "
                + "`127.0.0.1:9092` |"), reference);
        assertTrue(reference.contains("| `router.dedupe.window` | `HOOKLINE_ROUTER_DEDUPE_WINDOW` |"), reference);
        assertTrue(reference.contains("| `http.request.timeout` | `HOOKLINE_HTTP_REQUEST_TIMEOUT` |"), reference);
    }

    @Test
    void docsCommandPrintsTheReference() {
        Cli result = Cli.run("config", "docs");
        assertEquals(0, result.exitCode());
        assertEquals(ConfigCommand.reference(), result.out());
    }
}
