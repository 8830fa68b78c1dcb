package dev.imagehub.layout;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.LineBreakMeasurer;
import java.awt.font.TextLayout;
import java.awt.geom.Rectangle2D;
import java.text.AttributedString;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.imagehub.layout.Layout.Overflow;

/**
 * Fits a text into a box: wraps at word boundaries (breaking a word only when it fits no line), shrinks in small
 * steps from the slot's size to its minimum until all lines fit both the box and {@code maxLines}, and places the
 * lines by their INKED bounds (glyph outlines), so what is drawn stays inside the box. Text that does not fit even at
 * the minimum size gets an ellipsis on its last line, or fails when asked to. Bidi and shaping come from
 * {@link TextLayout}: Arabic and Hebrew run right to left and joined, and an RTL paragraph's left/right alignment is
 * mirrored (it starts at the right).
 */
final class TextFitter {
    static final String ELLIPSIS = "\u2026";
    /** Antialiased, fractional metrics: the same context measures and draws. */
    static final FontRenderContext FRC = new FontRenderContext(null, true, true);
    private static final double STEP = 0.96;

    private TextFitter() {
    }

    /** One laid-out line: where it is drawn and what it covers. */
    record Line(TextLayout layout, String text, float x, float baseline, Rectangle2D ink) {
    }

    /**
     * The fitted text.
     *
     * @param lines    the lines, positioned in canvas pixels
     * @param size     the font size used
     * @param shrunk   whether the size is below the slot's
     * @param ellipsis whether the text was cut
     * @param ink      the union of the lines' ink, in whole pixels
     */
    record Fitted(List<Line> lines, float size, boolean shrunk, boolean ellipsis, Rectangle ink) {
        String text() {
            return String.join("\n", lines.stream().map(Line::text).toList());
        }

        void draw(Graphics2D g) {
            hints(g);
            for (Line l : lines) l.layout().draw(g, l.x(), l.baseline());
        }
    }

    /** What to fit: the text and the slot's rules, with sizes and box in canvas pixels. */
    record Spec(String text, FontChain fonts, Rectangle box, float size, float minSize, int maxLines, double lineHeight, String align,
                String valign, Overflow overflow, String slot) {
    }

    static void hints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    }

    static Fitted fit(Spec s) {
        String text = s.text().replace("\r\n", "\n").replace('\r', '\n').replace('\t', ' ').strip();
        float size = s.size();
        while (true) {
            List<Raw> raw = wrap(text, s, size, s.maxLines() + 1, s.box().width);
            if (raw.size() <= s.maxLines()) {
                List<Line> placed = place(raw, s, size);
                if (placed != null) return fitted(balanced(text, s, size, raw, placed), size, size < s.size(), false);
            }
            if (size <= s.minSize()) break;
            size = Math.max(s.minSize(), Math.min(size * (float) STEP, size - 0.5f));
        }
        if (s.overflow() == Overflow.FAIL) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "text slot '%s': the text (%d characters) does not fit its %dx%d box "
                    + "in %d line(s) even at the minimum size of %.0f px; shorten it, lower minSize, or set overflow: ellipsis",
                    s.slot(), text.length(), s.box().width, s.box().height, s.maxLines(), s.minSize()));
        }
        return ellipsis(text, s, s.minSize());
    }

    /**
     * The same lines made even: the narrowest wrapping width that still gives as many lines, so a headline reads
     * "Autumn collection / is here" rather than leaving one word alone on its last line.
     */
    private static List<Line> balanced(String text, Spec s, float size, List<Raw> raw, List<Line> placed) {
        if (raw.size() < 2 || text.indexOf('\n') >= 0) return placed;
        int n = raw.size();
        float lo = s.box().width / 2f;
        float hi = s.box().width;
        List<Line> best = placed;
        for (int i = 0; i < 8 && hi - lo > 2; i++) {
            float mid = (lo + hi) / 2;
            List<Raw> narrower = wrap(text, s, size, n + 1, mid);
            List<Line> p = narrower.size() == n && wordsWhole(text, narrower) ? place(narrower, s, size) : null;
            if (p != null) {
                best = p;
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return best;
    }

    // a narrower width must not buy its line count by breaking a word in two
    private static boolean wordsWhole(String text, List<Raw> lines) {
        for (Raw r : lines) {
            int end = r.end();
            if (end <= 0 || end >= text.length()) continue;
            if (!Character.isWhitespace(text.charAt(end - 1)) && !Character.isWhitespace(text.charAt(end)) && text.charAt(end - 1) != '-') return false;
        }
        return true;
    }

    /** A line before placing: its layout and the part of the text it shows. */
    private record Raw(TextLayout layout, int start, int end, String text) {
    }

    // lines of text at size; stops after `limit` lines
    private static List<Raw> wrap(String text, Spec s, float size, int limit, float width) {
        List<Raw> out = new ArrayList<>();
        int offset = 0;
        for (String paragraph : text.split("\n", -1)) {
            if (out.size() >= limit) break;
            String p = paragraph.strip();
            if (p.isEmpty()) {
                out.add(new Raw(layout(" ", s.fonts(), size), offset, offset, ""));
            } else {
                int lead = paragraph.indexOf(p);
                AttributedString as = s.fonts().attributed(p, size);
                LineBreakMeasurer lbm = new LineBreakMeasurer(as.getIterator(), BreakIterator.getLineInstance(), FRC);
                while (lbm.getPosition() < p.length() && out.size() < limit) {
                    int start = lbm.getPosition();
                    TextLayout l = lbm.nextLayout(width);
                    int end = lbm.getPosition();
                    out.add(new Raw(l, offset + lead + start, offset + lead + end, p.substring(start, end).strip()));
                }
            }
            offset += paragraph.length() + 1;
        }
        return out;
    }

    private static TextLayout layout(String text, FontChain fonts, float size) {
        return new TextLayout(fonts.attributed(text, size).getIterator(), FRC);
    }

    // positions lines in the box by their ink; null when they do not fit
    private static List<Line> place(List<Raw> raw, Spec s, float size) {
        Rectangle box = s.box();
        double lh = s.lineHeight() * size;
        TextLayout first = raw.get(0).layout();
        TextLayout last = raw.get(raw.size() - 1).layout();
        double block = first.getAscent() + (raw.size() - 1) * lh + last.getDescent();
        double top = switch (s.valign()) {
            case "middle" -> box.y + (box.height - block) / 2;
            case "bottom" -> box.y + box.height - block;
            default -> box.y;
        };
        List<Line> lines = new ArrayList<>();
        double inkTop = Double.MAX_VALUE;
        double inkBottom = -Double.MAX_VALUE;
        for (int i = 0; i < raw.size(); i++) {
            TextLayout l = raw.get(i).layout();
            double baseline = top + first.getAscent() + i * lh;
            Rectangle2D b = l.getBounds();
            if (b.isEmpty() || raw.get(i).text().isEmpty()) {
                lines.add(new Line(l, raw.get(i).text(), box.x, (float) baseline, new Rectangle2D.Double()));
                continue;
            }
            if (b.getWidth() > box.width) return null;
            String align = s.align();
            if (!l.isLeftToRight()) align = align.equals("left") ? "right" : align.equals("right") ? "left" : align;
            double x = switch (align) {
                case "right" -> box.x + box.width - b.getMaxX();
                case "center" -> box.x + (box.width - b.getWidth()) / 2 - b.getX();
                default -> box.x - b.getX();
            };
            lines.add(new Line(l, raw.get(i).text(), (float) x, (float) baseline, null));
            inkTop = Math.min(inkTop, baseline + b.getY());
            inkBottom = Math.max(inkBottom, baseline + b.getMaxY());
        }
        if (inkTop == Double.MAX_VALUE) return lines;
        // tall marks can reach above the ascent: shift the block inside the box when there is room, else it does not fit
        double shift = 0;
        if (inkBottom - inkTop > box.height) return null;
        if (inkTop < box.y) shift = box.y - inkTop;
        if (inkBottom + shift > box.y + box.height) shift = box.y + box.height - inkBottom;
        List<Line> out = new ArrayList<>();
        for (Line l : lines) {
            float baseline = (float) (l.baseline() + shift);
            Rectangle2D ink = l.ink() != null ? l.ink() : pixels(l.layout(), l.x(), baseline);
            out.add(new Line(l.layout(), l.text(), l.x(), baseline, ink));
        }
        // the pixel bounds include antialiasing fringes: they too must stay in the box
        for (Line l : out) {
            Rectangle2D ink = l.ink();
            if (ink.isEmpty()) continue;
            if (ink.getMinX() < box.x || ink.getMaxX() > box.x + box.width || ink.getMinY() < box.y || ink.getMaxY() > box.y + box.height) {
                return nudge(out, box);
            }
        }
        return out;
    }

    // moves lines whose antialiased pixels touch outside the box by the pixel or two needed, or gives up
    private static List<Line> nudge(List<Line> lines, Rectangle box) {
        List<Line> out = new ArrayList<>();
        double dy = 0;
        for (Line l : lines) {
            if (l.ink().isEmpty()) continue;
            if (l.ink().getMinY() < box.y) dy = Math.max(dy, box.y - l.ink().getMinY());
            if (l.ink().getMaxY() > box.y + box.height) dy = Math.min(dy, box.y + box.height - l.ink().getMaxY());
        }
        for (Line l : lines) {
            double dx = 0;
            Rectangle2D ink = l.ink();
            if (!ink.isEmpty()) {
                if (ink.getMinX() < box.x) dx = box.x - ink.getMinX();
                else if (ink.getMaxX() > box.x + box.width) dx = box.x + box.width - ink.getMaxX();
            }
            float x = (float) (l.x() + dx);
            float baseline = (float) (l.baseline() + dy);
            Rectangle2D moved = ink.isEmpty() ? ink : pixels(l.layout(), x, baseline);
            if (!moved.isEmpty() && (moved.getMinX() < box.x || moved.getMaxX() > box.x + box.width || moved.getMinY() < box.y
                    || moved.getMaxY() > box.y + box.height)) {
                return null;
            }
            out.add(new Line(l.layout(), l.text(), x, baseline, moved));
        }
        return out;
    }

    private static Rectangle2D pixels(TextLayout l, float x, float baseline) {
        Rectangle r = l.getPixelBounds(FRC, x, baseline);
        return new Rectangle2D.Double(r.x, r.y, r.width, r.height);
    }

    private static Fitted fitted(List<Line> lines, float size, boolean shrunk, boolean ellipsis) {
        Rectangle ink = null;
        for (Line l : lines) {
            if (l.ink().isEmpty()) continue;
            Rectangle r = l.ink().getBounds();
            ink = ink == null ? r : ink.union(r);
        }
        return new Fitted(lines, size, shrunk, ellipsis, ink == null ? new Rectangle() : ink);
    }

    // the lines that fit at the minimum size, the last one cut with an ellipsis
    private static Fitted ellipsis(String text, Spec s, float size) {
        double lh = s.lineHeight() * size;
        List<Raw> all = wrap(text, s, size, s.maxLines() + 1, s.box().width);
        int keep = Math.min(s.maxLines(), all.size());
        while (keep > 1) {
            TextLayout first = all.get(0).layout();
            if (first.getAscent() + (keep - 1) * lh + first.getDescent() <= s.box().height) break;
            keep--;
        }
        List<Raw> lines = new ArrayList<>(all.subList(0, keep - 1));
        String rest = text.substring(all.get(keep - 1).start()).replace('\n', ' ').strip();
        Raw last = shortened(rest, s, size, all.get(keep - 1).start());
        lines.add(last);
        List<Line> placed = place(lines, s, size);
        if (placed == null) {
            // not even one line fits the box's height at the minimum size: the renderer clips to the box
            placed = new ArrayList<>();
            double baseline = s.box().y + lines.get(0).layout().getAscent();
            for (Raw r : lines) {
                placed.add(new Line(r.layout(), r.text(), s.box().x, (float) baseline, pixels(r.layout(), s.box().x, (float) baseline)
                        .createIntersection(new Rectangle2D.Double(s.box().x, s.box().y, s.box().width, s.box().height))));
                baseline += lh;
            }
        }
        return fitted(placed, size, size < s.size(), true);
    }

    // the longest start of `rest` that fits one line with an ellipsis, cut at a word boundary when one is near
    private static Raw shortened(String rest, Spec s, float size, int start) {
        int lo = 0;
        int hi = rest.length();
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (fitsLine(cut(rest, mid) + ELLIPSIS, s, size)) lo = mid;
            else hi = mid - 1;
        }
        String kept = cut(rest, lo);
        int space = kept.lastIndexOf(' ');
        if (space > kept.length() * 2 / 3) kept = kept.substring(0, space);
        String shown = kept.strip() + ELLIPSIS;
        return new Raw(layout(shown, s.fonts(), size), start, start + kept.length(), shown);
    }

    private static String cut(String text, int n) {
        if (n > 0 && n < text.length() && Character.isHighSurrogate(text.charAt(n - 1))) n--;
        return text.substring(0, n);
    }

    private static boolean fitsLine(String line, Spec s, float size) {
        return layout(line.strip(), s.fonts(), size).getBounds().getWidth() <= s.box().width - 2;
    }
}
