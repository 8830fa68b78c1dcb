package dev.imagehub.calendar;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Maps a calendar platform name to the resize preset of config/presets.yaml that sizes its posts. */
public final class Platforms {
    // The feed format each platform shows best; any preset name (instagram-story, linkedin-cover, ...) is a platform too.
    private static final Map<String, String> ALIASES = new LinkedHashMap<>();

    static {
        ALIASES.put("instagram", "instagram-portrait");
        ALIASES.put("facebook", "facebook-post");
        ALIASES.put("linkedin", "linkedin-post");
        ALIASES.put("x", "x-post");
        ALIASES.put("twitter", "x-post");
        ALIASES.put("pinterest", "pinterest-pin");
        ALIASES.put("youtube", "youtube-thumbnail");
        ALIASES.put("blog", "blog-hero");
        ALIASES.put("newsletter", "email-header");
        ALIASES.put("shop", "ecommerce-square");
    }

    private Platforms() {
    }

    /** The platform names that are aliases, with their presets, in documentation order. */
    public static Map<String, String> aliases() {
        return Map.copyOf(ALIASES);
    }

    /** The preset for {@code platform} (case-insensitive), or null when it is neither an alias nor a preset name. */
    public static String preset(String platform, Set<String> presets) {
        String p = platform.toLowerCase(Locale.ROOT);
        if (ALIASES.containsKey(p)) return ALIASES.get(p);
        return presets.contains(p) ? p : null;
    }
}
