package dev.imagehub.cards;

import java.awt.Color;
import java.awt.Font;

import dev.imagehub.layout.LabelText;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import org.bytedeco.opencv.opencv_core.Mat;

import dev.imagehub.image.Resampler;
import dev.imagehub.image.WorkingImage;

/**
 * A contact sheet of many cards, collected one at a time as small thumbnails (so a thousand cards never sit in memory
 * at full size), each labelled with its row number and name. Cells shrink as the count grows so the sheet stays a
 * size a mail client or chat can show.
 */
public final class CardSheet {
    private static final Color BACKGROUND = new Color(32, 32, 32);
    private static final Color TEXT = new Color(235, 235, 235);
    static final int PAD = 12;
    static final int LABEL = 26;

    private final int cell;
    private final List<BufferedImage> thumbs = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();

    /** A sheet for about {@code expected} cards: 240 px cells up to 30, 160 px up to 200, 96 px beyond. */
    public CardSheet(int expected) {
        this.cell = expected <= 30 ? 240 : expected <= 200 ? 160 : 96;
    }

    public int size() {
        return thumbs.size();
    }

    /** Adds a thumbnail of {@code card} (not kept) with its label. */
    public void add(WorkingImage card, String label) {
        double scale = Math.min((double) cell / card.width(), (double) cell / card.height());
        int w = Math.max(1, (int) Math.round(card.width() * scale));
        int h = Math.max(1, (int) Math.round(card.height() * scale));
        Mat small = Resampler.resize(card.mat(), w, h);
        try (WorkingImage s = new WorkingImage(small)) {
            thumbs.add(s.toBufferedImage());
        }
        labels.add(label);
    }

    /** The sheet: cards in rows of up to 10 (fewer for few cards, so the sheet is roughly square), labels below. */
    public WorkingImage compose(Font font, java.nio.file.Path home) {
        int n = thumbs.size();
        if (n == 0) throw new IllegalStateException("a contact sheet needs at least one card");
        int cols = Math.min(n, Math.min(cell <= 96 ? 16 : 10, (int) Math.ceil(Math.sqrt(n))));
        int rows = (n + cols - 1) / cols;
        int width = cols * cell + (cols + 1) * PAD;
        int height = rows * (cell + LABEL) + (rows + 1) * PAD;
        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(font.deriveFont(Font.PLAIN, cell <= 96 ? 11f : 14f));
            g.setColor(TEXT);
            for (int i = 0; i < n; i++) {
                int x = PAD + (i % cols) * (cell + PAD);
                int y = PAD + (i / cols) * (cell + LABEL + PAD);
                BufferedImage t = thumbs.get(i);
                g.drawImage(t, x + (cell - t.getWidth()) / 2, y + (cell - t.getHeight()) / 2, null);
                // labels carry the user's words (a Chinese or Arabic file name): drawn with the templates' font fallback
                LabelText.drawCentred(g, labels.get(i), g.getFont(), home, x + cell / 2f, y + cell + LABEL - 8, cell - 4);
            }
        } finally {
            g.dispose();
        }
        return WorkingImage.fromBufferedImage(sheet);
    }
}
