package io.hookline.router.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a subscription's event-type pattern is filed in the route index, and which files an
 * event type must look in: matching reads only those, never all of a tenant's patterns.
 *
 * <ul>
 *   <li>a pattern without wildcards, {@code order.created}, is filed under the type itself
 *       ({@code =order.created}): one look-up;</li>
 *   <li>a pattern whose only wildcard is a final {@code **}, {@code order.**}, under its prefix
 *       ({@code >order}; {@code **} alone under {@code >}): a type of n segments looks under
 *       each of its n proper prefixes;</li>
 *   <li>a pattern with {@code *}, under its segment count and its first named segment
 *       ({@code *2:0:order} for {@code order.*}, {@code *2:1:created} for {@code *.created},
 *       {@code *2:-1:} for {@code *.*}); with a final {@code **} as well, under that first named
 *       segment alone ({@code +0:order} for {@code order.*.**}). A type looks under each of its
 *       segments at its position, so it finds only patterns that agree with it on at least one
 *       named segment (or have none), and checks those.</li>
 * </ul>
 *
 * A type of n segments makes 3n + 2 look-ups. Pattern segments never contain '/', ':' or
 * the markers, so a key never runs into another.
 */
public final class PatternIndex {
    private static final String EXACT = "=";
    private static final String PREFIX = ">";
    private static final String STARS = "*";
    private static final String STARS_THEN_ANY = "+";
    private static final int NO_NAMED_SEGMENT = -1;

    private PatternIndex() {
    }

    /** The index key {@code pattern} is filed under; {@code pattern} must be a valid pattern. */
    public static String keyOf(String pattern) {
        String[] segments = pattern.split("\\.", -1);
        boolean anyTail = segments[segments.length - 1].equals("**");
        int fixed = anyTail ? segments.length - 1 : segments.length;
        int firstNamed = NO_NAMED_SEGMENT;
        boolean stars = false;
        for (int i = fixed - 1; i >= 0; i--) {
            if (segments[i].equals("*")) {
                stars = true;
            } else {
                firstNamed = i;
            }
        }
        if (!stars) {
            return anyTail ? PREFIX + String.join(".", List.of(segments).subList(0, fixed)) : EXACT + pattern;
        }
        String named = firstNamed == NO_NAMED_SEGMENT ? "" : segments[firstNamed];
        return anyTail ? STARS_THEN_ANY + firstNamed + ':' + named
                : STARS + fixed + ':' + firstNamed + ':' + named;
    }

    /** True if a pattern filed under {@code key} may still not match a type that looked it up. */
    public static boolean needsCheck(String key) {
        return key.startsWith(STARS) || key.startsWith(STARS_THEN_ANY);
    }

    /** Every index key under which a pattern matching {@code type} can be filed. */
    public static List<String> keysFor(String type) {
        String[] segments = type.split("\\.", -1);
        int n = segments.length;
        List<String> keys = new ArrayList<>(3 * n + 2);
        keys.add(EXACT + type);
        StringBuilder prefix = new StringBuilder();
        for (int k = 0; k < n; k++) { // the proper prefixes: `**` needs at least one more segment
            keys.add(PREFIX + prefix);
            if (k > 0) {
                prefix.append('.');
            }
            prefix.append(segments[k]);
        }
        keys.add(STARS + n + ':' + NO_NAMED_SEGMENT + ':');
        for (int i = 0; i < n; i++) {
            keys.add(STARS + n + ':' + i + ':' + segments[i]);
        }
        keys.add(STARS_THEN_ANY + NO_NAMED_SEGMENT + ':');
        for (int i = 0; i < n - 1; i++) { // `**` takes at least the last segment
            keys.add(STARS_THEN_ANY + i + ':' + segments[i]);
        }
        return keys;
    }
}
