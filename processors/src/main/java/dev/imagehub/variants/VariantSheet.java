package dev.imagehub.variants;

import dev.imagehub.image.Resampler;
import dev.imagehub.image.WorkingImage;

import dev.imagehub.watermark.WatermarkAssets;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A contact sheet of many pictures (A/B variants), filled one cell at a time so only the sheet stays in memory: a
 * near-square grid whose cells shrink as the count grows so the sheet stays at most {@value #MAX_WIDTH} px wide, each
 * picture fitted into a square cell above its code (bold) and a short second line.
 */
public final class VariantSheet {
    public static final int MAX_WIDTH = 4096;
    public static final int MAX_CELL = 320;
    public static final int PAD = 12;
    public static final int LABEL = 46;
    private static final Color BACKGROUND = new Color(32, 32, 32);
    private static final Color TEXT = new Color(240, 240, 240);
    private static final Color DIM = new Color(180, 180, 180);

    private final int count;
    private final int columns;
    private final int rows;
    private final int cell;
    private final BufferedImage sheet;
    private final Font title;
    private final Font detail;

    /** An empty sheet for {@code count} pictures, labelled with the shipped DejaVu fonts of {@code home} (else the JDK's sans-serif). */
    public VariantSheet(int count, Path home) {
        if (count < 1) throw new IllegalArgumentException("a sheet needs at least one picture");
        this.count = count;
        this.columns = columns(count);
        this.rows = (count + columns - 1) / columns;
        this.cell = cell(columns);
        this.sheet = new BufferedImage(columns * cell + (columns + 1) * PAD, rows * (cell + LABEL) + (rows + 1) * PAD, BufferedImage.TYPE_3BYTE_BGR);
        float scale = Math.max(0.7f, Math.min(1f, cell / (float) MAX_CELL));
        this.title = font(home, "DejaVuSans-Bold.ttf", Font.BOLD).deriveFont(Font.BOLD, 17f * scale);
        this.detail = font(home, "DejaVuSans.ttf", Font.PLAIN).deriveFont(Font.PLAIN, 14f * scale);
        Graphics2D g = sheet.createGraphics();
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        g.dispose();
    }

    /** Columns for {@code count} cells: a near-square grid. */
    public static int columns(int count) {
        return Math.max(1, (int) Math.ceil(Math.sqrt(count)));
    }

    /** The square cell's side for {@code columns} columns: {@value #MAX_CELL} px, smaller to keep the sheet within {@value #MAX_WIDTH} px. */
    public static int cell(int columns) {
        return Math.max(48, Math.min(MAX_CELL, (MAX_WIDTH - (columns + 1) * PAD) / columns));
    }

    public int columns() { return columns; }
    public int rows() { return rows; }
    public int cellSize() { return cell; }

    /** Draws picture number {@code index} (0-based, row by row) with its two label lines; the picture is not kept. */
    public void put(int index, WorkingImage picture, String code, String line2) {
        if (index < 0 || index >= count) throw new IllegalArgumentException("cell " + index + " outside a sheet of " + count);
        int x = PAD + (index % columns) * (cell + PAD);
        int y = PAD + (index / columns) * (cell + LABEL + PAD);
        BufferedImage small = fitted(picture);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.drawImage(small, x + (cell - small.getWidth()) / 2, y + (cell - small.getHeight()) / 2, null);
            text(g, title, TEXT, code, x, y + cell + Math.round(title.getSize2D() * 1.25f));
            text(g, detail, DIM, line2, x, y + cell + Math.round(title.getSize2D() * 1.25f + detail.getSize2D() * 1.35f));
        } finally {
            g.dispose();
        }
    }

    /** The sheet as it stands. */
    public WorkingImage image() {
        return WorkingImage.fromBufferedImage(sheet);
    }

    private BufferedImage fitted(WorkingImage image) {
        double scale = Math.min((double) cell / image.width(), (double) cell / image.height());
        int w = Math.max(1, (int) Math.round(image.width() * scale));
        int h = Math.max(1, (int) Math.round(image.height() * scale));
        Mat small = Resampler.resize(image.mat(), w, h);
        try (WorkingImage s = new WorkingImage(small)) {
            return s.toBufferedImage();
        }
    }

    // centred under the cell, cut with an ellipsis when too long
    private void text(Graphics2D g, Font font, Color colour, String text, int x, int baseline) {
        if (text == null || text.isEmpty()) return;
        g.setFont(font);
        g.setColor(colour);
        String shown = text.replace('\n', ' ');
        while (g.getFontMetrics().stringWidth(shown) > cell - 6 && shown.length() > 2) {
            shown = shown.substring(0, shown.length() - 2) + "…";
        }
        g.drawString(shown, x + (cell - g.getFontMetrics().stringWidth(shown)) / 2, baseline);
    }

    private static Font font(Path home, String file, int style) {
        Path p = home == null ? null : home.resolve("templates").resolve("fonts").resolve(file);
        if (p != null && Files.isRegularFile(p)) {
            try {
                return WatermarkAssets.font(p);
            } catch (IOException e) {
                // a damaged font file only costs the labels their typeface
            }
        }
        return new Font(Font.SANS_SERIF, style, 12);
    }
}
