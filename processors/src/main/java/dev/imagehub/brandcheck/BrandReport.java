package dev.imagehub.brandcheck;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.imagehub.image.Rgba;

/** The brand check's report: a JSON file for machines and a small PNG a person reads at a glance. */
public final class BrandReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int W = 760;
    private static final Color INK = new Color(0x1B1B1B);
    private static final Color PASS = new Color(0x2E7D32);
    private static final Color FAIL = new Color(0xC62828);
    private static final double MIN_SHOWN = 0.01;

    private BrandReport() {
    }

    /** The report as JSON: passed, failures in words, and each check's values. */
    public static byte[] json(String file, BrandCheck.Report r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("file", file);
        root.put("brand", r.brand());
        root.put("passed", r.passed());
        root.put("failures", r.failures());
        if (r.colors() != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("passed", r.colors().passed());
            c.put("onPaletteShare", round(r.colors().share()));
            c.put("minShare", r.colors().minShare());
            c.put("tolerance", r.colors().tolerance());
            List<Map<String, Object>> dominant = new ArrayList<>();
            for (BrandCheck.Swatch s : r.colors().dominant()) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("color", s.color().toString());
                d.put("share", round(s.share() * 100));
                d.put("nearestRole", s.nearestRole());
                d.put("distance", round(s.distance()));
                d.put("neutral", s.neutral());
                d.put("onPalette", s.onPalette());
                dominant.add(d);
            }
            c.put("dominant", dominant);
            root.put("colors", c);
        }
        if (!r.logos().isEmpty()) {
            List<Map<String, Object>> logos = new ArrayList<>();
            for (BrandCheck.Logo l : r.logos()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("where", l.where());
                m.put("passed", l.passed());
                m.put("score", round(l.score()));
                if (l.found() != null) m.put("box", List.of(l.found().x(), l.found().y(), l.found().width(), l.found().height()));
                if (l.file() != null) m.put("logo", l.file());
                logos.add(m);
            }
            root.put("logo", logos);
        }
        if (!r.contrast().isEmpty()) {
            List<Map<String, Object>> texts = new ArrayList<>();
            for (TextContrast.Result t : r.contrast()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("slot", t.slot());
                m.put("passed", t.passed());
                m.put("ratio", round(t.ratio()));
                m.put("required", round(t.required()));
                texts.add(m);
            }
            root.put("contrast", texts);
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the brand check report could not be written as JSON: " + e.getMessage(), e);
        }
    }

    /** The report as a picture: verdict, dominant colour swatches with share and nearest brand colour, a line per check. */
    public static BufferedImage png(String file, BrandCheck.Report r, Font heading, Font body) {
        List<String[]> lines = new ArrayList<>();
        if (r.colors() != null) {
            lines.add(new String[] {mark(r.colors().passed()), String.format(Locale.ROOT, "Colours: %.0f%% on the palette (needs %.0f%%)",
                    r.colors().share(), r.colors().minShare())});
        }
        for (BrandCheck.Logo l : r.logos()) {
            lines.add(new String[] {mark(l.passed()), String.format(Locale.ROOT, "Logo '%s': %s (match %.2f)", l.where(),
                    l.passed() ? "found" : "missing", l.score())});
        }
        for (TextContrast.Result t : r.contrast()) {
            lines.add(new String[] {mark(t.passed()), String.format(Locale.ROOT, "Text '%s': contrast %.2f:1 (needs %.1f:1)", t.slot(), t.ratio(),
                    t.required())});
        }
        // clusters of a few stray pixels (anti-aliased edges) say nothing a person needs to see
        List<BrandCheck.Swatch> shown = r.colors() == null ? List.of()
                : r.colors().dominant().stream().filter(s -> s.share() >= MIN_SHOWN).toList();
        boolean swatches = !shown.isEmpty();
        int h = 84 + (swatches ? 150 : 0) + lines.size() * 34 + 16;
        BufferedImage img = new BufferedImage(W, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, h);
        g.setColor(r.passed() ? PASS : FAIL);
        g.fillRect(0, 0, W, 60);
        g.setColor(Color.WHITE);
        g.setFont(heading.deriveFont(24f));
        g.drawString((r.passed() ? "\u2713 On brand" : "\u2717 Off brand") + " \u2014 " + r.brand(), 20, 40);
        g.setFont(body.deriveFont(14f));
        String name = fit(g, file, W - 40 - g.getFontMetrics(heading.deriveFont(24f)).stringWidth("\u2717 Off brand \u2014 " + r.brand()) - 20);
        g.drawString(name, W - 20 - g.getFontMetrics().stringWidth(name), 38);
        int y = 84;
        if (swatches) {
            int x = 20;
            int cell = (W - 40) / Math.max(4, shown.size());
            for (BrandCheck.Swatch s : shown) {
                Rgba c = s.color();
                g.setColor(new Color(c.r(), c.g(), c.b()));
                g.fillRect(x, y, cell - 14, 70);
                g.setColor(new Color(0xCCCCCC));
                g.drawRect(x, y, cell - 14, 70);
                g.setColor(INK);
                g.setFont(body.deriveFont(Font.BOLD, 14f));
                g.drawString(String.format(Locale.ROOT, "%.0f%%  %s", s.share() * 100, c), x, y + 90);
                g.setFont(body.deriveFont(12f));
                g.setColor(s.onPalette() ? PASS : FAIL);
                String near = s.neutral() && s.onPalette() && s.distance() > 12 ? "neutral"
                        : String.format(Locale.ROOT, "%s %s \u0394E %.0f", s.onPalette() ? "\u2248" : "\u2260", s.nearestRole(), s.distance());
                g.drawString(fit(g, near, cell - 14), x, y + 110);
                x += cell;
            }
            y += 150;
        }
        for (String[] line : lines) {
            boolean ok = line[0].equals("\u2713");
            g.setFont(heading.deriveFont(20f));
            g.setColor(ok ? PASS : FAIL);
            g.drawString(line[0], 20, y + 20);
            g.setFont(body.deriveFont(16f));
            g.setColor(INK);
            g.drawString(fit(g, line[1], W - 70), 50, y + 20);
            y += 34;
        }
        g.dispose();
        return img;
    }

    private static String mark(boolean ok) {
        return ok ? "\u2713" : "\u2717";
    }

    private static String fit(Graphics2D g, String text, int width) {
        if (g.getFontMetrics().stringWidth(text) <= width) return text;
        String t = text;
        while (t.length() > 1 && g.getFontMetrics().stringWidth(t + "\u2026") > width) t = t.substring(0, t.length() - 1);
        return t + "\u2026";
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
