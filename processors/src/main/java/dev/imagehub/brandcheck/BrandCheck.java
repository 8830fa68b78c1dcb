package dev.imagehub.brandcheck;

import dev.imagehub.brand.BrandKit;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.imagehub.image.Rgba;
import dev.imagehub.watermark.WatermarkAssets;
import dev.imagehub.layout.RenderedLayout;

/**
 * The brand compliance check of one image: its colours against the palette, the logo where it should be, and the
 * contrast of every text a template drew. Reads pixels only; the verdicts go to {@link Report}.
 */
public final class BrandCheck {
    // below this chroma (C*ab) a colour reads as white, black or grey
    static final double NEUTRAL_CHROMA = 6;
    // the colour check looks at a copy at most this long on its longer side
    private static final int SAMPLE_SIDE = 160;
    // a dominant colour this common that is off the palette is named in the reason
    private static final double NAMED_SHARE = 0.05;

    /** Where a plain image's logo is looked for. */
    public enum Region { ANYWHERE, TOP_LEFT, TOP_CENTER, TOP_RIGHT, CENTER_LEFT, CENTER, CENTER_RIGHT, BOTTOM_LEFT, BOTTOM_CENTER, BOTTOM_RIGHT }

    /** One dominant colour with its nearest brand role. */
    public record Swatch(Rgba color, double share, String nearestRole, double distance, boolean neutral, boolean onPalette) {
    }

    /** The colour check: the on-palette share and the dominant colours. */
    public record Colors(boolean passed, double share, double minShare, double tolerance, List<Swatch> dominant, String reason) {
    }

    /** The logo check of one place (a layout's logo slot, or a region of a plain image). */
    public record Logo(String where, boolean passed, double score, RenderedLayout.Box found, String file, String reason) {
    }

    /** Everything the check found; a null part was not checked. */
    public record Report(String brand, boolean passed, Colors colors, List<Logo> logos, List<TextContrast.Result> contrast,
                         List<String> failures) {
    }

    /** What to check. */
    public record Settings(boolean colors, boolean logoRequired, Region logoRegion, boolean contrast, boolean ignorePhotos, double tolerance,
                           double minShare) {
    }

    private BrandCheck() {
    }

    /** Checks {@code image} (the final pixels) against {@code brand}; {@code layout} is what a template drew, or null. */
    public static Report run(BufferedImage image, RenderedLayout layout, BrandKit brand, Settings s) throws IOException {
        List<String> failures = new ArrayList<>();
        Colors colors = null;
        if (s.colors()) {
            colors = colors(image, layout, brand, s);
            if (!colors.passed()) failures.add(colors.reason());
        }
        List<Logo> logos = new ArrayList<>();
        if (s.logoRequired()) {
            logos = logos(image, layout, brand, s.logoRegion());
            for (Logo l : logos) if (!l.passed()) failures.add(l.reason());
        }
        List<TextContrast.Result> contrast = new ArrayList<>();
        if (s.contrast() && layout != null) {
            for (RenderedLayout.Text t : layout.texts()) {
                TextContrast.Result r = TextContrast.measure(image, t, brand.check().contrast());
                contrast.add(r);
                if (!r.passed()) {
                    failures.add(String.format(Locale.ROOT, "text '%s' has a contrast of %.2f:1 against its background, below the %.1f:1 it needs",
                            t.slot(), r.ratio(), r.required()));
                }
            }
        }
        return new Report(brand.name(), failures.isEmpty(), colors, logos, contrast, failures);
    }

    static Colors colors(BufferedImage image, RenderedLayout layout, BrandKit brand, Settings s) {
        List<RenderedLayout.Box> photos = new ArrayList<>();
        if (s.ignorePhotos() && layout != null) {
            RenderedLayout scaled = layout.scaleTo(image.getWidth(), image.getHeight());
            for (RenderedLayout.Picture p : scaled.pictures()) photos.add(p.box());
        }
        Map<String, Rgba> palette = brand.colors();
        List<double[]> paletteLab = palette.values().stream().map(Ciede2000::lab).toList();
        List<String> roles = List.copyOf(palette.keySet());
        int step = Math.max(1, (int) Math.ceil(Math.max(image.getWidth(), image.getHeight()) / (double) SAMPLE_SIDE));
        List<double[]> samples = new ArrayList<>();
        int on = 0;
        for (int y = step / 2; y < image.getHeight(); y += step) {
            for (int x = step / 2; x < image.getWidth(); x += step) {
                if (inside(photos, x, y)) continue;
                int p = image.getRGB(x, y);
                if ((p >>> 24) < 128) continue; // transparent: no colour of the design
                double[] lab = Ciede2000.lab((p >> 16) & 255, (p >> 8) & 255, p & 255);
                samples.add(lab);
                if (onPalette(lab, paletteLab, brand.check().neutrals(), s.tolerance())) on++;
            }
        }
        if (samples.isEmpty()) {
            return new Colors(true, 100, s.minShare(), s.tolerance(), List.of(), "");
        }
        double share = 100.0 * on / samples.size();
        List<Swatch> dominant = new ArrayList<>();
        for (DominantColors.Swatch d : DominantColors.of(samples)) {
            int best = 0;
            double bestD = Double.MAX_VALUE;
            for (int i = 0; i < paletteLab.size(); i++) {
                double dist = Ciede2000.distance(d.lab(), paletteLab.get(i));
                if (dist < bestD) {
                    bestD = dist;
                    best = i;
                }
            }
            boolean neutral = Ciede2000.chroma(d.lab()) < NEUTRAL_CHROMA;
            dominant.add(new Swatch(d.color(), d.share(), roles.get(best), bestD, neutral,
                    bestD <= s.tolerance() || (neutral && brand.check().neutrals())));
        }
        boolean passed = share + 1e-9 >= s.minShare();
        String reason = "";
        if (!passed) {
            List<String> off = new ArrayList<>();
            for (Swatch d : dominant) {
                if (!d.onPalette() && d.share() >= NAMED_SHARE) {
                    off.add(String.format(Locale.ROOT, "%s (%.0f%% of the design, %.0f from the nearest brand colour '%s')", d.color(), d.share() * 100,
                            d.distance(), d.nearestRole()));
                }
            }
            reason = String.format(Locale.ROOT, "only %.0f%% of the design is in the brand colours (needs %.0f%%)", share, s.minShare())
                    + (off.isEmpty() ? "" : "; off-palette: " + String.join(", ", off));
        }
        return new Colors(passed, share, s.minShare(), s.tolerance(), dominant, reason);
    }

    static boolean onPalette(double[] lab, List<double[]> palette, boolean neutrals, double tolerance) {
        if (neutrals && Ciede2000.chroma(lab) < NEUTRAL_CHROMA) return true;
        for (double[] p : palette) if (Ciede2000.distance(lab, p) <= tolerance) return true;
        return false;
    }

    static List<Logo> logos(BufferedImage image, RenderedLayout layout, BrandKit brand, Region region) throws IOException {
        List<Logo> out = new ArrayList<>();
        if (layout != null && (!layout.logos().isEmpty() || !layout.missing().isEmpty())) {
            RenderedLayout scaled = layout.scaleTo(image.getWidth(), image.getHeight());
            for (String slot : scaled.missing()) {
                out.add(new Logo(slot, false, 0, null, null, "the layout's logo slot '" + slot + "' stayed empty"));
            }
            for (RenderedLayout.Logo l : scaled.logos()) {
                LinkedHashSet<Path> files = variants(brand);
                if (l.file() != null) files.add(l.file());
                List<Path> fileList = List.copyOf(files);
                List<BufferedImage> pixels = load(fileList);
                RenderedLayout.Box b = l.box();
                BufferedImage first = pixels.get(0);
                double fitted = Math.min(b.width(), b.height() * (double) first.getWidth() / first.getHeight());
                int padX = Math.max(4, b.width() / 10);
                int padY = Math.max(4, b.height() / 10);
                RenderedLayout.Box search = new RenderedLayout.Box(b.x() - padX, b.y() - padY, b.width() + 2 * padX, b.height() + 2 * padY);
                LogoFinder.Match m = LogoFinder.find(image, search, fileList, pixels, fitted * 0.8, fitted * 1.1);
                out.add(logo(l.slot(), m));
            }
            return out;
        }
        List<Path> fileList = List.copyOf(variants(brand));
        if (fileList.isEmpty()) {
            out.add(new Logo("brand", false, 0, null, null, "the brand has no logo to look for (add logos: to " + BrandKit.FILE + ")"));
            return out;
        }
        RenderedLayout.Box area = area(region == null ? Region.ANYWHERE : region, image.getWidth(), image.getHeight());
        LogoFinder.Match m = LogoFinder.find(image, area, fileList, load(fileList), image.getWidth() * 0.05,
                Math.min(area.width(), image.getWidth() * 0.45));
        out.add(logo(display(region == null ? Region.ANYWHERE : region), m));
        return out;
    }

    private static Logo logo(String where, LogoFinder.Match m) {
        String file = m.logo() == null ? null : m.logo().getFileName().toString();
        return new Logo(where, m.found(), m.score(), m.found() ? m.box() : null, m.found() ? file : null, m.found() ? ""
                : String.format(Locale.ROOT, "no brand logo at '%s' (best match %.2f, needs %.2f)", where, m.score(), LogoFinder.THRESHOLD));
    }

    private static LinkedHashSet<Path> variants(BrandKit brand) {
        LinkedHashSet<Path> files = new LinkedHashSet<>();
        if (brand.logoLight() != null) files.add(brand.logoLight());
        if (brand.logoDark() != null) files.add(brand.logoDark());
        return files;
    }

    private static List<BufferedImage> load(List<Path> files) throws IOException {
        List<BufferedImage> out = new ArrayList<>();
        for (Path f : files) out.add(WatermarkAssets.logo(f));
        return out;
    }

    /** The part of a w x h image where a logo at {@code r} would lie: 45% of each side at that anchor. */
    static RenderedLayout.Box area(Region r, int w, int h) {
        if (r == Region.ANYWHERE) return new RenderedLayout.Box(0, 0, w, h);
        int i = r.ordinal() - 1;
        int col = i % 3;
        int row = i / 3;
        int aw = (int) Math.ceil(w * 0.45);
        int ah = (int) Math.ceil(h * 0.45);
        int x = col == 0 ? 0 : col == 1 ? (w - aw) / 2 : w - aw;
        int y = row == 0 ? 0 : row == 1 ? (h - ah) / 2 : h - ah;
        return new RenderedLayout.Box(x, y, aw, ah);
    }

    static String display(Region r) {
        String[] parts = r.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder b = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) b.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        return b.toString();
    }

    private static boolean inside(List<RenderedLayout.Box> boxes, int x, int y) {
        for (RenderedLayout.Box b : boxes) {
            if (x >= b.x() && y >= b.y() && x < b.x() + b.width() && y < b.y() + b.height()) return true;
        }
        return false;
    }
}
