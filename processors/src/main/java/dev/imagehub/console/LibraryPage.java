package dev.imagehub.console;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import dev.imagehub.HubServices;
import dev.imagehub.brand.BrandKit;
import dev.imagehub.chain.ChainDefinition;
import dev.imagehub.chain.ChainResult;
import dev.imagehub.chain.ChainRunner;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.image.Rgba;
import dev.imagehub.layout.Layout;
import dev.imagehub.layout.LayoutCatalog;
import dev.imagehub.layout.LayoutSheet;

/**
 * What a team shares, as the hub has it now: the chains (steps, review, the folders that use them), the layouts with the
 * contact sheet the hub renders of them, the brand kit (colours, fonts, logos) and the named watermarks, each drawn on a
 * neutral picture. Read from the files at each request, so an edited layout or brand shows at once; the pictures are
 * rendered again only when their files changed.
 */
final class LibraryPage {
    private final HubServices hub;
    private final Map<String, String> hotFolders;
    private byte[] sheet;
    private long sheetStamp = -1;
    private final Map<String, byte[]> watermarks = new java.util.concurrent.ConcurrentHashMap<>();
    private long watermarkStamp = -1;

    LibraryPage(HubServices hub, Map<String, String> hotFolders) {
        this.hub = hub;
        this.hotFolders = hotFolders;
    }

    Map<String, Object> model() {
        Map<String, Object> m = new HashMap<>();
        m.put("title", "Library");
        m.put("navLibrary", true);
        Map<String, List<String>> folders = new TreeMap<>();
        hotFolders.forEach((folder, chain) -> folders.computeIfAbsent(chain, k -> new ArrayList<>()).add(folder));
        List<Map<String, Object>> chains = new ArrayList<>();
        for (ChainDefinition c : hub.chains().all().values()) {
            chains.add(Map.of("name", c.name(), "description", c.description(), "steps", c.stepNames(), "review", c.review(), "paid", c.paid(),
                    "folders", String.join(", ", folders.getOrDefault(c.name(), List.of()))));
        }
        m.put("chains", chains);
        try {
            LayoutCatalog catalog = LayoutCatalog.load(hub.home());
            List<Map<String, Object>> layouts = new ArrayList<>();
            for (String name : catalog.names()) {
                Layout l = catalog.get(name);
                layouts.add(Map.of("name", name, "size", l.width() + "x" + l.height(), "description", l.description(),
                        "slots", String.join(", ", l.slots().stream().map(Layout.Slot::name).filter(x -> x != null).toList())));
            }
            m.put("layouts", layouts);
        } catch (RuntimeException e) {
            m.put("layoutError", e.getMessage());
        }
        try {
            BrandKit brand = BrandKit.load(hub.home());
            m.put("brandName", brand.name());
            m.put("colors", brand.colors().entrySet().stream().map(e -> Map.<String, Object>of("role", e.getKey(), "hex", hex(e.getValue()))).toList());
            m.put("fonts", brand.fonts().entrySet().stream().map(e -> Map.<String, Object>of("role", e.getKey(), "file",
                    String.valueOf(e.getValue().getFileName()))).toList());
            m.put("hasLogos", brand.logoLight() != null || brand.logoDark() != null);
        } catch (RuntimeException e) {
            m.put("brandError", e.getMessage());
        }
        List<Map<String, Object>> marks = new ArrayList<>();
        for (Map.Entry<String, ConfigNode> e : watermarkTemplates().entrySet()) {
            marks.add(Map.of("name", e.getKey(), "options", describe(e.getValue()), "link", WebRequest.PREFIX + "/library/watermark/" + e.getKey()));
        }
        m.put("watermarks", marks);
        return m;
    }

    /** The layouts' contact sheet, rendered again when a layout or the brand changed. */
    synchronized byte[] sheet() throws IOException {
        long stamp = stamp(hub.home().resolve("templates/layouts"), hub.home().resolve(BrandKit.FILE));
        if (sheet == null || stamp != sheetStamp) {
            sheet = LayoutSheet.render(hub.home(), LayoutCatalog.load(hub.home()), BrandKit.load(hub.home()), name -> null);
            sheetStamp = stamp;
        }
        return sheet;
    }

    /** A brand logo ({@code light} for dark grounds, {@code dark} for light ones), when it lies in the hub folder. */
    Optional<Path> logo(String which) {
        BrandKit brand = BrandKit.load(hub.home());
        Path p = "light".equals(which) ? brand.logoLight() : "dark".equals(which) ? brand.logoDark() : null;
        if (p == null) return Optional.empty();
        Path home = hub.home().toAbsolutePath().normalize();
        Path f = home.resolve(p).normalize();
        return f.startsWith(home) && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) ? Optional.of(f) : Optional.empty();
    }

    /** A named watermark drawn on a neutral 800x500 gradient, as the watermark step draws it. */
    Optional<byte[]> watermark(String name) throws Exception {
        if (!watermarkTemplates().containsKey(name)) return Optional.empty();
        long stamp = stamp(hub.home().resolve("config/watermarks.yaml"), hub.home().resolve(BrandKit.FILE));
        if (stamp != watermarkStamp) {
            watermarks.clear();
            watermarkStamp = stamp;
        }
        byte[] kept = watermarks.get(name);
        if (kept != null) return Optional.of(kept);
        ChainDefinition chain = hub.chains().compose("library-watermark-" + name,
                "steps:\n  - watermark: { template: " + name + " }\n  - convert: { format: jpeg }\n", "config/watermarks.yaml", hub.steps());
        byte[] ground = ground();
        ChainResult r = ChainRunner.run(chain, "sample.jpg", ground, ImageProbe.probe(ground));
        byte[] out = r.outputs().get(0).bytes();
        watermarks.put(name, out);
        return Optional.of(out);
    }

    private Map<String, ConfigNode> watermarkTemplates() {
        return hub.chains().config().libraries().getOrDefault("watermarks", Map.of());
    }

    private static String describe(ConfigNode n) {
        if (!n.isMap()) return "";
        List<String> parts = new ArrayList<>();
        n.entries().forEach((k, v) -> parts.add(k + ": " + (v.isScalar() ? v.text() : String.valueOf(v.toPlain()))));
        return String.join(", ", parts);
    }

    // a sky-to-sand gradient: light and dark grounds both, so a watermark's contrast shows
    private static byte[] ground() throws IOException {
        BufferedImage img = new BufferedImage(800, 500, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(0x2E, 0x4A, 0x6B), 800, 500, new Color(0xE9, 0xD8, 0xB4)));
        g.fillRect(0, 0, 800, 500);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        return out.toByteArray();
    }

    private static long stamp(Path... paths) throws IOException {
        long sum = 0;
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    for (Path f : (Iterable<Path>) s::iterator) sum = sum * 31 + Files.getLastModifiedTime(f).toMillis() + f.toString().hashCode();
                }
            } else if (Files.exists(p)) {
                sum = sum * 31 + Files.getLastModifiedTime(p).toMillis();
            }
        }
        return sum;
    }

    private static String hex(Rgba c) {
        return String.format(Locale.ROOT, "#%02X%02X%02X", c.r(), c.g(), c.b());
    }
}
