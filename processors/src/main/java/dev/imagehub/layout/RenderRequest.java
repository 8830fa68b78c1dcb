package dev.imagehub.layout;

import java.nio.file.Path;
import java.util.Map;

import dev.imagehub.brand.BrandKit;
import dev.imagehub.image.FocusPoint;
import dev.imagehub.image.WorkingImage;

/**
 * What to render a layout with.
 *
 * @param width         canvas width, or 0 for the layout's own size
 * @param height        canvas height, or 0 for the layout's own size
 * @param image         the picture of the main image slot (and of a blurred background), or null; not closed by the renderer
 * @param values        slot name to text (text slots) or path under the hub home (image and logo slots); "none" hides a slot
 * @param brand         colours, fonts and logos (a colour scheme is {@code brand.withColors(...)})
 * @param home          the hub home (font and picture paths are relative to it)
 * @param slotOverrides slot name to setting to value, replacing what layout.yaml says ({@code {"photo": {"fit": "fill"}}})
 * @param background    replaces the layout's background, or null
 * @param overflow      what text that does not fit at its minimum size does, unless its slot says otherwise
 * @param focus         the picture's focus point (from its sidecar) for smart image slots, or null
 */
public record RenderRequest(int width, int height, WorkingImage image, Map<String, String> values, BrandKit brand, Path home,
                            Map<String, Map<String, String>> slotOverrides, Layout.Background background, Layout.Overflow overflow,
                            FocusPoint focus) {

    public RenderRequest {
        values = values == null ? Map.of() : Map.copyOf(values);
        slotOverrides = slotOverrides == null ? Map.of() : Map.copyOf(slotOverrides);
        overflow = overflow == null ? Layout.Overflow.ELLIPSIS : overflow;
        if (width < 0 || height < 0) throw new IllegalArgumentException("the canvas size cannot be negative: " + width + "x" + height);
        if ((width == 0) != (height == 0)) throw new IllegalArgumentException("give both width and height, or neither (0x0: the layout's size)");
    }

    /** The common case: the brief's eight fields, ellipsis on overflow, no focus point. */
    public RenderRequest(int width, int height, WorkingImage image, Map<String, String> values, BrandKit brand, Path home,
                         Map<String, Map<String, String>> slotOverrides, Layout.Background background) {
        this(width, height, image, values, brand, home, slotOverrides, background, Layout.Overflow.ELLIPSIS, null);
    }

    /** A request at the layout's size with the brand of {@code home}, no overrides. */
    public static RenderRequest of(WorkingImage image, Map<String, String> values, Path home) {
        return new RenderRequest(0, 0, image, values, BrandKit.load(home), home, Map.of(), null);
    }
}
