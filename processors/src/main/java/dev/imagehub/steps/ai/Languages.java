package dev.imagehub.steps.ai;

import java.util.Locale;
import java.util.Map;

/** Language codes as chains write them (es, de) and the English words some translators expect instead ("spanish"). */
final class Languages {
    private static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("en", "english"), Map.entry("zh", "chinese"), Map.entry("ja", "japanese"), Map.entry("ko", "korean"),
            Map.entry("fr", "french"), Map.entry("de", "german"), Map.entry("es", "spanish"), Map.entry("ru", "russian"),
            Map.entry("ar", "arabic"), Map.entry("it", "italian"), Map.entry("pt", "portuguese"), Map.entry("nl", "dutch"),
            Map.entry("pl", "polish"), Map.entry("tr", "turkish"), Map.entry("vi", "vietnamese"), Map.entry("th", "thai"),
            Map.entry("id", "indonesian"), Map.entry("hi", "hindi"), Map.entry("sv", "swedish"), Map.entry("da", "danish"),
            Map.entry("fi", "finnish"), Map.entry("no", "norwegian"), Map.entry("cs", "czech"), Map.entry("el", "greek"),
            Map.entry("he", "hebrew"), Map.entry("uk", "ukrainian"), Map.entry("ro", "romanian"), Map.entry("hu", "hungarian"));

    private Languages() {
    }

    static boolean known(String code) {
        return WORDS.containsKey(normal(code));
    }

    /** The English word for a code: {@code es} gives {@code spanish}. */
    static String word(String code) {
        return WORDS.get(normal(code));
    }

    static String normal(String code) {
        return code.trim().toLowerCase(Locale.ROOT);
    }

    static String codes() {
        return String.join(", ", new java.util.TreeSet<>(WORDS.keySet()));
    }
}
