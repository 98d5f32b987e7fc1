package io.hookline.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The name and event-type checks are loops, for the dispatcher's poll thread; these hold them
 * to the regular expressions that state the contract, character by character.
 */
class ChecksTest {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:@~-]{1,128}");
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    @Test
    void aNameIsWhatTheContractsPatternSays() {
        for (String name : candidates()) {
            assertEquals(NAME.matcher(name).matches(), Checks.isName(name), "'" + name + "'");
        }
    }

    @Test
    void anEventTypeIsWhatTheContractsPatternSays() {
        List<String> types = candidates();
        types.addAll(List.of("a.b", "a..b", ".a", "a.", ".", "order.item-added.v_2", "a.*", "a.**",
                "a".repeat(128) + "." + "b".repeat(127), "a".repeat(128) + "." + "b".repeat(128)));
        for (String type : types) {
            boolean valid = type.length() <= 256 && TYPE.matcher(type).matches();
            boolean accepted;
            try {
                accepted = EventTypePattern.requireValidType(type) == type;
            } catch (InvalidRecordException e) {
                accepted = false;
            }
            assertEquals(valid, accepted, "'" + type + "'");
        }
    }

    /** Every character up to U+02FF alone and inside a name, the empty name and the lengths around 128. */
    private static List<String> candidates() {
        List<String> candidates = new ArrayList<>(List.of("", "a".repeat(127), "a".repeat(128), "a".repeat(129),
                "\uD83D\uDE00", "sub_f5-t0.3:x@y~z"));
        for (char c = 0; c < 0x300; c++) {
            candidates.add(String.valueOf(c));
            candidates.add("ab" + c + "cd");
        }
        return candidates;
    }
}
