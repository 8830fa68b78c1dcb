package dev.imagehub.layout;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import javax.imageio.ImageIO;

import dev.imagehub.brand.BrandKit;
import dev.imagehub.image.WorkingImage;
import dev.imagehub.testing.Fixtures;

/** Test helpers: the repository as hub home, fixture photos as working images, renders saved for viewing. */
final class Renders {
    private Renders() {
    }

    static Path home() {
        return Path.of(System.getProperty("test.hub.source", "..")).toAbsolutePath().normalize();
    }

    static WorkingImage photo(String fixture) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Fixtures.bytes(fixture)));
            return WorkingImage.fromBufferedImage(img);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Rendering render(Path home, String layout, WorkingImage image, Map<String, String> values) {
        LayoutCatalog catalog = LayoutCatalog.load(home);
        Layout l = catalog.get(layout);
        if (l == null) throw new IllegalArgumentException("no layout " + layout + " in " + catalog.names());
        return LayoutRenderer.render(l, new RenderRequest(0, 0, image, values, BrandKit.load(home), home, Map.of(), null));
    }

    /** Writes the rendering to target/layouts/NAME.png so a person can look at it; returns the file. */
    static Path save(Rendering r, String name) {
        try {
            Path dir = Path.of("target", "layouts");
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            ImageIO.write(r.image().toBufferedImage(), "png", file.toFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
