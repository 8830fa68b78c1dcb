package dev.imagehub.wavespeed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shipped config/models.yaml, for tests that load it or break a copy of it. */
final class RegistryFiles {
    private RegistryFiles() {
    }

    static Path configDir() {
        return Path.of(System.getProperty("test.hub.source", "..")).resolve("config");
    }

    static String shippedText() {
        try {
            return Files.readString(configDir().resolve(ModelRegistry.FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ModelRegistry shipped() {
        return ModelRegistry.load(configDir());
    }

    /** The 1-based line of the first occurrence of {@code needle} in {@code text}. */
    static int lineOf(String text, String needle) {
        int at = text.indexOf(needle);
        if (at < 0) throw new IllegalArgumentException("not in the text: " + needle);
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }
}
