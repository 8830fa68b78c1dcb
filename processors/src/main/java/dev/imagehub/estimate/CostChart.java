package dev.imagehub.estimate;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import javax.imageio.ImageIO;

/** A PNG bar chart of an estimate's cost per model, for people who read pictures faster than tables. */
public final class CostChart {
    private static final int WIDTH = 900;
    private static final int ROW = 34;
    private static final int TOP = 56;
    private static final int LABEL = 330;
    private static final Color BAR = new Color(0x3b82f6);

    private CostChart() {
    }

    /** Writes the chart to {@code file}: one bar per model, longest = dearest, each labelled with its USD total. */
    public static void write(Path file, String title, Map<String, BigDecimal> byModel, Path fontFile) throws IOException {
        int height = TOP + Math.max(1, byModel.size()) * ROW + 24;
        BufferedImage img = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            Font base = font(fontFile);
            g.setColor(Color.BLACK);
            g.setFont(base.deriveFont(Font.BOLD, 18f));
            g.drawString(title, 16, 32);
            g.setFont(base.deriveFont(14f));
            BigDecimal max = byModel.values().stream().max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
            int barSpace = WIDTH - LABEL - 120;
            int y = TOP;
            if (byModel.isEmpty()) g.drawString("no priced AI calls", 16, y + 20);
            for (Map.Entry<String, BigDecimal> e : byModel.entrySet()) {
                g.setColor(Color.DARK_GRAY);
                g.drawString(fit(g, e.getKey(), LABEL - 24), 16, y + 21);
                int w = max.signum() == 0 ? 0 : (int) Math.round(e.getValue().doubleValue() / max.doubleValue() * barSpace);
                g.setColor(BAR);
                g.fillRect(LABEL, y + 6, Math.max(w, 2), ROW - 12);
                g.setColor(Color.BLACK);
                g.drawString(EstimateCommand.usd(e.getValue()), LABEL + Math.max(w, 2) + 8, y + 21);
                y += ROW;
            }
        } finally {
            g.dispose();
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        if (!ImageIO.write(img, "png", file.toFile())) throw new IOException("no PNG writer available");
    }

    private static String fit(Graphics2D g, String text, int width) {
        String t = text;
        while (t.length() > 4 && g.getFontMetrics().stringWidth(t) > width) t = t.substring(0, t.length() - 2);
        return t.equals(text) ? t : t + "…";
    }

    // the shipped DejaVu Sans renders the same everywhere; the logical font is the fallback when it is missing
    private static Font font(Path fontFile) {
        if (fontFile != null && Files.isRegularFile(fontFile)) {
            try {
                return Font.createFont(Font.TRUETYPE_FONT, fontFile.toFile());
            } catch (FontFormatException | IOException e) {
                return new Font(Font.SANS_SERIF, Font.PLAIN, 14);
            }
        }
        return new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    }
}
