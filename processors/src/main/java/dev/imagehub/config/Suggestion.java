package dev.imagehub.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** The known name closest to a misspelt one ("hub.maxMegapixel" gives "hub.maxMegapixels"), for "did you mean" hints. */
public final class Suggestion {
    private Suggestion() {
    }

    /** The closest of {@code known} within a third of the name's length in edits, if any. */
    public static Optional<String> nearest(String name, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(name.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.max(2, name.length() / 3) ? Optional.of(best) : Optional.empty();
    }

    /** "; did you mean 'x'?" or nothing. */
    public static String hint(String name, Collection<String> known) {
        return nearest(name, known).map(k -> "; did you mean '" + k + "'?").orElse("");
    }

    // Levenshtein distance
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
