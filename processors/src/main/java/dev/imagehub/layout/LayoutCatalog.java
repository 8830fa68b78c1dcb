package dev.imagehub.layout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import dev.imagehub.brand.BrandKit;
import dev.imagehub.config.ConfigException;

/**
 * All layouts of {@code templates/layouts/<name>/layout.yaml}, checked against the brand kit; read again only when a
 * layout file (or the brand) changed. A broken layout is a {@link ConfigException} with file, line and key.
 */
public final class LayoutCatalog {
    /** Where the layouts live, relative to the hub home. */
    public static final String FOLDER = "templates/layouts";
    public static final String FILE = "layout.yaml";
    private static final Map<Path, Cached> CACHE = new ConcurrentHashMap<>();

    private record Cached(List<String> stamp, LayoutCatalog catalog) {
    }

    private final Map<String, Layout> layouts;
    private final Map<String, Map<String, String>> samples;

    private LayoutCatalog(Map<String, Layout> layouts, Map<String, Map<String, String>> samples) {
        this.layouts = Collections.unmodifiableMap(new TreeMap<>(layouts));
        this.samples = Map.copyOf(samples);
    }

    /** The layouts of {@code home}; none when the folder is absent. */
    public static LayoutCatalog load(Path home) {
        Path root = home.resolve(FOLDER).toAbsolutePath().normalize();
        BrandKit brand = BrandKit.load(home);
        List<Path> files = files(root);
        List<String> stamp = new ArrayList<>();
        stamp.add(String.valueOf(brand.source()) + "@" + modified(brand.source()));
        for (Path f : files) stamp.add(f + "@" + modified(f));
        Cached cached = CACHE.get(root);
        if (cached != null && cached.stamp.equals(stamp)) return cached.catalog;
        Map<String, Layout> layouts = new TreeMap<>();
        Map<String, Map<String, String>> samples = new TreeMap<>();
        for (Path f : files) {
            String name = f.getParent().getFileName().toString();
            String display = FOLDER + "/" + name + "/" + FILE;
            if (!name.matches("[a-z0-9][a-z0-9-]*")) {
                throw new ConfigException(display, 0, "", "the folder name '" + name + "' is not a usable layout name: use lower-case letters, "
                        + "digits and dashes (quote-card)");
            }
            LayoutParser.Parsed parsed = LayoutParser.read(f, display, name, brand, home.toAbsolutePath().normalize());
            layouts.put(name, parsed.layout());
            samples.put(name, parsed.sample());
        }
        LayoutCatalog catalog = new LayoutCatalog(layouts, samples);
        CACHE.put(root, new Cached(stamp, catalog));
        return catalog;
    }

    /** The layout called {@code name}, or null. */
    public Layout get(String name) {
        return layouts.get(name);
    }

    /** The sample texts of layout {@code name} ({@code sample:} in its layout.yaml), for previews; empty when it has none. */
    public Map<String, String> sample(String name) {
        return samples.getOrDefault(name, Map.of());
    }

    /** Every layout's name, sorted. */
    public Set<String> names() {
        return layouts.keySet();
    }

    private static List<Path> files(Path root) {
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).map(d -> d.resolve(FILE)).filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException(FOLDER, 0, "", "cannot list the layouts: " + e.getMessage());
        }
    }

    private static String modified(Path p) {
        if (p == null) return "-";
        try {
            return Files.getLastModifiedTime(p).toMillis() + "/" + Files.size(p);
        } catch (IOException e) {
            return "gone";
        }
    }
}
