package dev.imagehub.steps;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.imagehub.chain.ChainCatalog;
import dev.imagehub.chain.ChainResult;
import dev.imagehub.chain.ChainRunner;
import dev.imagehub.chain.StepCatalog;
import dev.imagehub.chain.StepFailure;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;

/**
 * Runs watermark chains the way the hub does (real config/watermarks.yaml and templates/ copied into a temporary
 * home, chains checked by {@link ChainCatalog}) and decodes the lossless PNG result for pixel comparisons.
 */
final class WatermarkRun {
    private static final StepCatalog STEPS = StepCatalog.discover();
    private final Path home;

    WatermarkRun(Path home) {
        this.home = TestHub.prepareHome(home);
    }

    Path home() { return home; }

    /** Loads a chain made of {@code steps} (YAML list items, one per line) followed by a fast lossless PNG encode. */
    ChainCatalog catalog(String... steps) {
        return catalogEncoding("png", "pngCompression: 1", steps);
    }

    /** Loads a chain made of {@code steps} followed by {@code convert: { format: <format> }} and {@code compress: { <compress> }}. */
    ChainCatalog catalogEncoding(String format, String compress, String... steps) {
        StringBuilder yaml = new StringBuilder("test:\n  steps:\n");
        for (String s : steps) yaml.append("    ").append(s).append('\n');
        yaml.append("    - convert: { format: ").append(format).append(" }\n");
        yaml.append("    - compress: { ").append(compress).append(" }\n");
        try {
            Files.writeString(home.resolve("config").resolve(ChainCatalog.CHAINS_FILE), yaml.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ChainCatalog.load(home.resolve("config"), "config", STEPS);
    }

    ChainResult result(byte[] image, String... steps) throws Exception {
        return ChainRunner.run(catalog(steps).get("test"), "photo.jpg", image, ImageProbe.probe(image));
    }

    BufferedImage run(byte[] image, String... steps) throws Exception {
        return Images.read(result(image, steps).outputs().get(0).bytes());
    }
}
