package dev.imagehub.steps.ai;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bytedeco.opencv.opencv_core.Mat;

import dev.imagehub.image.Resampler;
import dev.imagehub.watermark.WatermarkAssets;
import dev.imagehub.image.WorkingImage;

/**
 * The contact sheet of a model comparison: the original and each model's result in a grid of at most
 * {@value #COLUMNS} columns, each scaled to fit a {@value #CELL} px square cell (so sizes compare at a glance) above a label with the
 * model's name and, below it, what the run cost and how long it took.
 */
public final class ContactSheet {
    public static final int COLUMNS = 3;
    public static final int CELL = 360;
    public static final int LABEL = 52;
    public static final int PAD = 12;
    private static final Color BACKGROUND = new Color(32, 32, 32);
    private static final Color TEXT = new Color(240, 240, 240);
    private static final Color DIM = new Color(180, 180, 180);

    /** One picture of the sheet and its two label lines. */
    public record Cell(WorkingImage image, String title, String detail) {
    }

    private ContactSheet() {
    }

    /** The sheet's size for {@code cells} pictures: width and height in pixels. */
    public static int[] size(int cells) {
        int cols = Math.min(COLUMNS, cells);
        int rows = (cells + cols - 1) / cols;
        return new int[] {cols * CELL + (cols + 1) * PAD, rows * (CELL + LABEL) + (rows + 1) * PAD};
    }

    /** The shipped DejaVu Sans (templates/fonts) when present, else the JDK's sans-serif. */
    static Font font(Path home) {
        Path file = home.resolve("templates").resolve("fonts").resolve("DejaVuSans.ttf");
        if (Files.isRegularFile(file)) {
            try {
                return WatermarkAssets.font(file);
            } catch (IOException e) {
                // a damaged font file only costs the labels their typeface
            }
        }
        return new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    }

    public static WorkingImage compose(List<Cell> cells, Font font) {
        int[] size = size(cells.size());
        int cols = Math.min(COLUMNS, cells.size());
        BufferedImage sheet = new BufferedImage(size[0], size[1], BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, size[0], size[1]);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            Font title = font.deriveFont(Font.BOLD, 17f);
            Font detail = font.deriveFont(Font.PLAIN, 15f);
            for (int i = 0; i < cells.size(); i++) {
                int x = PAD + (i % cols) * (CELL + PAD);
                int y = PAD + (i / cols) * (CELL + LABEL + PAD);
                Cell c = cells.get(i);
                BufferedImage picture = fitted(c.image());
                g.drawImage(picture, x + (CELL - picture.getWidth()) / 2, y + (CELL - picture.getHeight()) / 2, null);
                text(g, title, TEXT, c.title(), x, y + CELL + 20);
                text(g, detail, DIM, c.detail(), x, y + CELL + 42);
            }
        } finally {
            g.dispose();
        }
        return WorkingImage.fromBufferedImage(sheet);
    }

    private static BufferedImage fitted(WorkingImage image) {
        double scale = Math.min((double) CELL / image.width(), (double) CELL / image.height());
        int w = Math.max(1, (int) Math.round(image.width() * scale));
        int h = Math.max(1, (int) Math.round(image.height() * scale));
        Mat small = Resampler.resize(image.mat(), w, h);
        try (WorkingImage s = new WorkingImage(small)) {
            return s.toBufferedImage();
        }
    }

    // centred in the cell, cut with an ellipsis when too long
    private static void text(Graphics2D g, Font font, Color colour, String text, int x, int baseline) {
        g.setFont(font);
        g.setColor(colour);
        String shown = text;
        while (g.getFontMetrics().stringWidth(shown) > CELL - 8 && shown.length() > 2) {
            shown = shown.substring(0, shown.length() - 2) + "…";
        }
        g.drawString(shown, x + (CELL - g.getFontMetrics().stringWidth(shown)) / 2, baseline);
    }
}
