package dev.imagehub;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.imagehub.brand.BrandKit;
import dev.imagehub.config.ConfigException;
import dev.imagehub.image.BadImageException;
import dev.imagehub.image.ImageDecoder;
import dev.imagehub.image.ImageInfo;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.image.Orientation;
import dev.imagehub.image.WorkingImage;
import dev.imagehub.layout.Layout;
import dev.imagehub.layout.LayoutCatalog;
import dev.imagehub.layout.LayoutSheet;

/**
 * {@code hub templates}: checks and lists the layouts of templates/layouts with their slots; with
 * {@code --sheet file.png} also renders each one in the current brand with its sample texts onto a labelled contact
 * sheet ({@code --photo file} for all layouts, {@code --photo layout=file} for one).
 */
final class TemplatesCommand {
    static final String USAGE = "usage: hub templates [--sheet out.png] [--photo photo.jpg | --photo layout=photo.jpg ...]";

    private TemplatesCommand() {
    }

    static int print(Path home, String[] args, PrintStream out) throws IOException {
        Path sheet = null;
        Map<String, Path> photos = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--sheet") && i + 1 < args.length) {
                sheet = Path.of(args[++i]);
            } else if (args[i].equals("--photo") && i + 1 < args.length) {
                String v = args[++i];
                int eq = v.indexOf('=');
                photos.put(eq > 0 ? v.substring(0, eq) : "*", Path.of(eq > 0 ? v.substring(eq + 1) : v));
            } else {
                out.println(USAGE);
                return 2;
            }
        }
        LayoutCatalog catalog;
        BrandKit brand;
        try {
            brand = BrandKit.load(home);
            catalog = LayoutCatalog.load(home);
        } catch (ConfigException e) {
            out.println("Configuration error: " + e.getMessage());
            return 2;
        }
        out.println("Layouts (" + LayoutCatalog.FOLDER + "), in the colours of brand '" + brand.name() + "':");
        for (String name : catalog.names()) {
            Layout l = catalog.get(name);
            out.printf("  %-20s %dx%d  %s%n", name, l.width(), l.height(), l.description());
            out.printf("  %-20s slots: %s%n", "", slots(l));
        }
        if (sheet == null) return 0;
        for (String key : photos.keySet()) {
            if (!key.equals("*") && catalog.get(key) == null) {
                out.println("--photo names layout '" + key + "', which does not exist (layouts: " + String.join(", ", catalog.names()) + ")");
                return 2;
            }
        }
        byte[] png;
        try {
            png = LayoutSheet.render(home, catalog, brand, name -> {
                Path photo = photos.getOrDefault(name, photos.get("*"));
                try {
                    return photo == null ? null : decode(photo);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            return 1;
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        Files.write(sheet, png);
        out.println("Contact sheet: " + sheet + " (" + png.length / 1024 + " KB)");
        return 0;
    }

    private static String slots(Layout l) {
        List<String> parts = new ArrayList<>();
        for (Layout.Slot s : l.slots()) {
            if (s.name() == null) continue;
            String extra = s instanceof Layout.TextSlot t ? (t.required() ? " (required)" : "") : s == l.mainImage() ? " (the chain's image)" : "";
            parts.add(s.name() + " " + s.type() + extra);
        }
        return String.join(", ", parts);
    }

    private static WorkingImage decode(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            ImageInfo info = ImageProbe.probe(bytes);
            WorkingImage img = ImageDecoder.decode(bytes, info, 1);
            if (info.orientation() != 1) Orientation.apply(img, info.orientation());
            return img;
        } catch (BadImageException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
