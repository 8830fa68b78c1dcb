package dev.imagehub.wavespeed.client;

import java.util.Optional;

import dev.imagehub.HubSettings;

/**
 * The WaveSpeed API key, from the environment variable {@code WAVESPEED_API_KEY} only (never from a settings file or a
 * system property, where it would end up in backups and process listings). Its {@code toString} never shows it, and
 * {@link #redact} removes it from any text the server might echo it in.
 */
public final class ApiKey {
    public static final String ENV = "WAVESPEED_API_KEY";
    private final String value;

    private ApiKey(String value) {
        this.value = value;
    }

    /** The key from the hub's environment, or empty when it is unset or blank. */
    public static Optional<ApiKey> from(HubSettings settings) {
        String v = settings.environment(ENV);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(new ApiKey(v.trim()));
    }

    String bearer() {
        return "Bearer " + value;
    }

    /** {@code text} with every occurrence of the key replaced by {@code ***}. */
    public String redact(String text) {
        return text == null ? null : text.replace(value, "***");
    }

    @Override
    public String toString() {
        return "ApiKey[***]";
    }
}
