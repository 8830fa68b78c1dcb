package dev.imagehub.layout;

import java.nio.file.Path;
import java.util.List;

import dev.imagehub.chain.StepContext;
import dev.imagehub.image.Rgba;

/**
 * What a template step drew and where, kept in the {@link StepContext} for later steps of the chain: the brand check
 * looks for the logo where the layout put it, measures the contrast of each text against the pixels around it, and
 * may leave photo areas out of its colour check. Boxes are in pixels of the rendered canvas ({@link #width} x
 * {@link #height}); a later step that resizes the whole canvas scales them by {@link #scaleTo}.
 *
 * @param layout   the layout's name (e.g. {@code quote-card})
 * @param width    the canvas width the boxes refer to
 * @param height   the canvas height the boxes refer to
 * @param texts    every text drawn, in drawing order
 * @param logos    every logo drawn
 * @param pictures every image slot filled (photos, whose colours are not the brand's)
 * @param missing  logo slots the layout has but that stayed empty (no logo in the brand, or the value {@code none})
 */
public record RenderedLayout(String layout, int width, int height, List<Text> texts, List<Logo> logos, List<Picture> pictures,
                             List<String> missing) implements AutoCloseable {
    /** The key under which the template step keeps its layout in the context ({@link StepContext#kept}). */
    public static final String KEY = "layout.rendered";

    public RenderedLayout {
        texts = List.copyOf(texts);
        logos = List.copyOf(logos);
        pictures = List.copyOf(pictures);
        missing = List.copyOf(missing);
    }

    /** A rectangle of the canvas, in pixels. */
    public record Box(int x, int y, int width, int height) {
        Box scaled(double sx, double sy) {
            return new Box((int) Math.floor(x * sx), (int) Math.floor(y * sy), (int) Math.ceil(width * sx), (int) Math.ceil(height * sy));
        }
    }

    /**
     * A text slot as drawn.
     *
     * @param slot     the slot's name
     * @param text     the text as drawn (after wrapping and case changes, lines joined by \n)
     * @param box      the slot's box
     * @param inked    the rectangle the glyphs actually cover, inside {@code box}
     * @param color    the text colour
     * @param fontSize the pixel size it was drawn at (after shrink-to-fit)
     * @param bold     whether the font is bold (WCAG counts bold text from 18.66 px as large)
     */
    public record Text(String slot, String text, Box box, Box inked, Rgba color, float fontSize, boolean bold) {
    }

    /** A logo as drawn: where its pixels are, which file, and whether the light variant (for dark ground) was chosen. */
    public record Logo(String slot, Box box, Path file, boolean lightVariant) {
    }

    /** An image slot as filled: a photo area. */
    public record Picture(String slot, Box box) {
    }

    /** The layout kept by a template step earlier in this chain, or null. */
    public static RenderedLayout of(StepContext ctx) {
        return ctx.kept(KEY) instanceof RenderedLayout r ? r : null;
    }

    /** This layout with every box scaled to a canvas of {@code w x h} (after a whole-canvas resize). */
    public RenderedLayout scaleTo(int w, int h) {
        if (w == width && h == height) return this;
        double sx = (double) w / width;
        double sy = (double) h / height;
        return new RenderedLayout(layout, w, h,
                texts.stream().map(t -> new Text(t.slot(), t.text(), t.box().scaled(sx, sy), t.inked().scaled(sx, sy), t.color(),
                        (float) (t.fontSize() * Math.min(sx, sy)), t.bold())).toList(),
                logos.stream().map(l -> new Logo(l.slot(), l.box().scaled(sx, sy), l.file(), l.lightVariant())).toList(),
                pictures.stream().map(p -> new Picture(p.slot(), p.box().scaled(sx, sy))).toList(), missing);
    }

    @Override
    public void close() {
        // holds no pixels; AutoCloseable only because the context keeps AutoCloseables
    }
}
