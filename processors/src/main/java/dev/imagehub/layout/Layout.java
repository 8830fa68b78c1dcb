package dev.imagehub.layout;

import java.nio.file.Path;
import java.util.List;

import dev.imagehub.config.ConfigNode;

/**
 * A composition template of {@code templates/layouts/<name>/layout.yaml}: a canvas of {@code width x height} design
 * pixels, a background and slots drawn in order. Colours and fonts stay as written (brand roles or literals) and are
 * resolved when rendering, so a colour scheme or a changed brand applies without reloading the layout.
 *
 * @param name        the folder's name, used by the template step ({@code template: quote-card})
 * @param description one line for users
 * @param width       design width in pixels
 * @param height      design height in pixels
 * @param background  what fills the canvas before the slots
 * @param slots       drawn in order
 * @param folder      the layout's folder (absolute), where its assets live
 */
public record Layout(String name, String description, int width, int height, Background background, List<Slot> slots, Path folder) {

    public Layout {
        slots = List.copyOf(slots);
    }

    /** The slot named {@code slotName}, or null. */
    public Slot slot(String slotName) {
        for (Slot s : slots) {
            if (slotName.equals(s.name())) return s;
        }
        return null;
    }

    /** The image slot that receives the chain's picture: the one marked {@code source: image}, else the first image slot; or null. */
    public ImageSlot mainImage() {
        ImageSlot first = null;
        for (Slot s : slots) {
            if (s instanceof ImageSlot i) {
                if (i.main()) return i;
                if (first == null && i.file() == null) first = i;
            }
        }
        return first;
    }

    /** A rectangle in design pixels. */
    public record Box(int x, int y, int width, int height) {
        /** This box on a canvas scaled by {@code sx, sy}. */
        public RenderedLayout.Box scaled(double sx, double sy) {
            int x0 = (int) Math.round(x * sx);
            int y0 = (int) Math.round(y * sy);
            int x1 = (int) Math.round((x + width) * sx);
            int y1 = (int) Math.round((y + height) * sy);
            return new RenderedLayout.Box(x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0));
        }
    }

    /** What fills the canvas first. */
    public sealed interface Background permits Solid, Gradient, Blur, Picture {
    }

    /** A plain colour (brand role or literal). */
    public record Solid(String color) implements Background {
    }

    /**
     * A linear gradient between two colours; {@code angle} in degrees, 0 runs left to right, 90 top to bottom, 135
     * from the top-left corner to the bottom-right one.
     */
    public record Gradient(String from, String to, double angle) implements Background {
    }

    /**
     * The chain's picture, cropped to the canvas, blurred and darkened by {@code darken} percent; {@code color} is
     * used when the chain gives no picture.
     */
    public record Blur(double radius, double darken, String color) implements Background {
    }

    /** A picture file covering the canvas (cropped to its aspect, centred), darkened by {@code darken} percent. */
    public record Picture(Path file, double darken) implements Background {
    }

    /** One item drawn on the canvas. */
    public sealed interface Slot permits ImageSlot, ShapeSlot, TextSlot, LogoSlot {
        /** The slot's name (values and overrides address it), or null for an unnamed decoration. */
        String name();

        Box box();

        /** Where the slot was written (for error messages and overrides). */
        ConfigNode at();

        /** The type word of layout.yaml: image, shape, text or logo. */
        String type();
    }

    /** How a picture meets its box. */
    public enum Fit { FIT, FILL, SMART }

    /**
     * A picture: the chain's image (the main slot), an asset of the layout ({@code file}) or a path from the values.
     *
     * @param fit     fit (whole picture inside the box), fill (cover, cropped at {@code gravity}) or smart (cover,
     *                cropped around the focus point, faces or detail)
     * @param gravity for fill: center, top, bottom, left, right, topLeft, topRight, bottomLeft, bottomRight
     * @param radius  corner radius in design pixels
     * @param opacity percent
     * @param file    an asset file of the layout (absolute), or null
     * @param main    true when written {@code source: image}
     */
    public record ImageSlot(String name, Box box, Fit fit, String gravity, double radius, double opacity, Path file, boolean main,
                            ConfigNode at) implements Slot {
        @Override
        public String type() { return "image"; }
    }

    /**
     * A filled rectangle: a colour or a gradient, with opacity and rounded corners; {@code with} names a slot whose
     * value must be present for the shape to show (a price badge disappears with its price).
     */
    public record ShapeSlot(String name, Box box, String color, Gradient gradient, double opacity, double radius, String with,
                            ConfigNode at) implements Slot {
        @Override
        public String type() { return "shape"; }
    }

    /** Text case changes. */
    public enum Case { NONE, UPPER }

    /** What to do with text that does not fit at its minimum size. */
    public enum Overflow { ELLIPSIS, FAIL }

    /**
     * A text box: the text shrinks from {@code size} to {@code minSize} until it fits in {@code maxLines} lines
     * inside the box.
     *
     * @param font       a brand font role, a .ttf/.otf path relative to the hub home, or an installed family
     * @param size       font size in design pixels
     * @param minSize    the smallest size shrink-to-fit may use
     * @param color      brand role or literal colour
     * @param align      left, center or right (mirrored for right-to-left paragraphs)
     * @param valign     top, middle or bottom
     * @param maxLines   at most this many lines
     * @param lineHeight line distance as a multiple of the size
     * @param textCase   none or upper
     * @param required   whether the text must have a value
     * @param fallback   the {@code default} text, or null
     * @param overflow   the slot's own overflow rule, or null to follow the request
     */
    public record TextSlot(String name, Box box, String font, float size, float minSize, String color, String align, String valign,
                           int maxLines, double lineHeight, Case textCase, boolean required, String fallback, Overflow overflow,
                           ConfigNode at) implements Slot {
        @Override
        public String type() { return "text"; }
    }

    /**
     * The brand logo (or a file from the values) kept in aspect inside the box.
     *
     * @param variant auto (light logo on dark ground, dark on light), light or dark
     * @param align   left, center or right inside the box
     */
    public record LogoSlot(String name, Box box, String variant, String align, double opacity, ConfigNode at) implements Slot {
        @Override
        public String type() { return "logo"; }
    }
}
