package io.hookline.dispatcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VersionTest {

    @Test
    void isTheBuildsVersionFilteredInByMaven() {
        assertTrue(Version.version().matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), Version.version());
        assertEquals("Hookline/" + Version.version(), Version.userAgent());
    }
}
