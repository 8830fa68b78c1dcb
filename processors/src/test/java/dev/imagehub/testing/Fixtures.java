package dev.imagehub.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The committed test images (see src/test/resources/fixtures/SOURCES.md) and the optional shared corpus. */
public final class Fixtures {
    private Fixtures() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code ../shared/corpus} when it exists (as in CI), else empty: corpus-wide tests then skip. */
    public static Optional<Path> corpus() {
        String p = System.getProperty("test.hub.corpus");
        if (p == null) return Optional.empty();
        Path dir = Path.of(p).normalize();
        return Files.isDirectory(dir.resolve("real")) ? Optional.of(dir) : Optional.empty();
    }
}
