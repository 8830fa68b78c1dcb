package dev.imagehub.steps;

import java.util.Locale;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

import dev.imagehub.chain.DecodeHint;
import dev.imagehub.chain.AbstractStep;
import dev.imagehub.chain.StepContext;
import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.Option;
import dev.imagehub.image.ImageFrame;
import dev.imagehub.image.SmartCrop;
import dev.imagehub.steps.ResizeStep.Gravity;

/**
 * Cuts out a rectangle without scaling: given in pixels or percent ({@code x, y, width, height}), or the largest
 * window of an aspect ratio ({@code aspect: 16:9}); a rectangle without {@code x, y}, and an aspect window, go where
 * {@code gravity} says, {@code smart} included. Pixels are those of the image as it reaches the step at full size.
 */
public final class CropStep extends AbstractStep<CropStep.Options> {

    /** Options of crop. */
    public record Options(
            @Option("left edge of the rectangle: pixels (120) or percent of the width (10%); with y") String x,
            @Option("top edge of the rectangle: pixels or percent of the height; with x") String y,
            @Option("width of the rectangle: pixels (800) or percent of the width (50%)") String width,
            @Option("height of the rectangle: pixels or percent of the height") String height,
            @Option("cut the largest window of this aspect ratio instead: 16:9, 1:1, 4:5, 1.91") String aspect,
            @Option("where the window goes when x and y are not given: center (default), north, southEast, ..., or smart "
                    + "(sidecar focus point, else faces, else detail)") Gravity gravity) {
    }

    /** A length written as pixels ({@code 120}, {@code 120px}) or percent of the side ({@code 12.5%}). */
    record Length(double value, boolean percent) {
        static Length parse(String text, String option, boolean allowZero, ConfigNode at) {
            if (text == null) return null;
            String t = text.trim().toLowerCase(Locale.ROOT);
            boolean percent = t.endsWith("%");
            if (percent) t = t.substring(0, t.length() - 1).trim();
            else if (t.endsWith("px")) t = t.substring(0, t.length() - 2).trim();
            double v;
            try {
                v = Double.parseDouble(t);
            } catch (NumberFormatException e) {
                throw new ConfigException(at, "step 'crop': option '" + option + "': '" + text + "' is not pixels (120) or a percentage (25%)");
            }
            if (Double.isNaN(v) || Double.isInfinite(v) || v < 0 || (!allowZero && v == 0)) {
                throw new ConfigException(at, "step 'crop': option '" + option + "' must be " + (allowZero ? "0 or more" : "more than 0")
                        + ", was " + text);
            }
            if (!percent && v != Math.rint(v)) {
                throw new ConfigException(at, "step 'crop': option '" + option + "': " + text + " is not a whole number of pixels");
            }
            if (percent && v > 100) {
                throw new ConfigException(at, "step 'crop': option '" + option + "' cannot exceed 100%, was " + text);
            }
            return new Length(v, percent);
        }

        /** Pixels along a side of {@code full} pixels. */
        int of(int full) {
            return percent ? (int) Math.round(value * full / 100.0) : (int) value;
        }

        @Override
        public String toString() {
            return percent ? fmt(value) + "%" : fmt(value);
        }
    }

    public CropStep() {
        super("crop", "cut out a rectangle (pixels or percent) or an aspect ratio, at a gravity or smart (faces, detail)", Options.class);
    }

    @Override
    public void validate(Options o, ConfigNode at) {
        boolean rect = o.width() != null || o.height() != null || o.x() != null || o.y() != null;
        if (o.aspect() != null && rect) {
            throw new ConfigException(at, "step 'crop': give either aspect or a rectangle (width, height, x, y), not both");
        }
        if (o.aspect() != null) {
            aspect(o.aspect(), at);
            return;
        }
        if (o.width() == null || o.height() == null) {
            throw new ConfigException(at, "step 'crop' needs width and height (pixels or percent), or aspect (e.g. 16:9)");
        }
        if ((o.x() == null) != (o.y() == null)) {
            throw new ConfigException(at, "step 'crop': give both x and y, or neither (then gravity places the rectangle)");
        }
        if (o.x() != null && o.gravity() != null) {
            throw new ConfigException(at, "step 'crop': x and y place the rectangle already; remove gravity or remove x and y");
        }
        Length w = Length.parse(o.width(), "width", false, at);
        Length h = Length.parse(o.height(), "height", false, at);
        Length x = Length.parse(o.x(), "x", true, at);
        Length y = Length.parse(o.y(), "y", true, at);
        if (x != null && x.percent() && w.percent() && x.value() + w.value() > 100) {
            throw new ConfigException(at, "step 'crop': x " + x + " + width " + w + " goes past the right edge (more than 100%)");
        }
        if (y != null && y.percent() && h.percent() && y.value() + h.value() > 100) {
            throw new ConfigException(at, "step 'crop': y " + y + " + height " + h + " goes past the bottom edge (more than 100%)");
        }
    }

    /** Width divided by height from {@code 16:9}, {@code 16/9}, {@code 1.91} or {@code 1.91:1}. */
    static double aspect(String text, ConfigNode at) {
        String[] parts = text.trim().split("\\s*[:/]\\s*");
        try {
            if (parts.length > 2) throw new NumberFormatException(text);
            double w = Double.parseDouble(parts[0]);
            double h = parts.length == 2 ? Double.parseDouble(parts[1]) : 1;
            if (!(w > 0) || !(h > 0) || Double.isInfinite(w) || Double.isInfinite(h)) {
                throw new ConfigException(at, "step 'crop': aspect " + text + " is impossible: both sides of the ratio must be more than 0");
            }
            double r = w / h;
            if (r > 100 || r < 0.01) throw new ConfigException(at, "step 'crop': aspect " + text + " is too extreme (limits 1:100 to 100:1)");
            return r;
        } catch (NumberFormatException e) {
            throw new ConfigException(at, "step 'crop': aspect '" + text + "' is not a ratio like 16:9, 4:5 or 1.91");
        }
    }

    /** The largest {@code ratio} window inside {@code w x h}. */
    static int[] aspectWindow(double ratio, int w, int h) {
        if ((double) w / h > ratio) return new int[] {Math.max(1, Math.min(w, (int) Math.round(h * ratio))), h};
        return new int[] {w, Math.max(1, Math.min(h, (int) Math.round(w / ratio)))};
    }

    @Override
    public DecodeHint decodeHint(Options o, int w, int h) {
        // a crop keeps full resolution, so a decode may shrink only as far as the step after it allows
        if (o.aspect() != null) {
            int[] win = aspectWindow(aspect(o.aspect(), null), w, h);
            return DecodeHint.keeps(win[0], win[1]);
        }
        Length lw = Length.parse(o.width(), "width", false, null);
        Length lh = Length.parse(o.height(), "height", false, null);
        return DecodeHint.keeps(Math.min(w, lw.of(w)), Math.min(h, lh.of(h)));
    }

    @Override
    public void apply(StepContext ctx, Options o) {
        CropPlacement.upright(ctx);
        Mat src = ctx.image().mat();
        ImageFrame frame = ctx.frame();
        int fullW = frame.logicalWidth();
        int fullH = frame.logicalHeight();
        String size = fullW + "x" + fullH;
        int lw;
        int lh;
        Integer lx = null;
        Integer ly = null;
        if (o.aspect() != null) {
            int[] win = aspectWindow(aspect(o.aspect(), null), fullW, fullH);
            lw = win[0];
            lh = win[1];
        } else {
            lw = Length.parse(o.width(), "width", false, null).of(fullW);
            lh = Length.parse(o.height(), "height", false, null).of(fullH);
            if (lw > fullW) throw new IllegalArgumentException("crop: width " + o.width() + " is larger than the image (" + size + ")");
            if (lh > fullH) throw new IllegalArgumentException("crop: height " + o.height() + " is larger than the image (" + size + ")");
            if (lw < 1 || lh < 1) {
                throw new IllegalArgumentException("crop: width " + o.width() + " x height " + o.height() + " is less than one pixel of the image (" + size + ")");
            }
            if (o.x() != null) {
                lx = Length.parse(o.x(), "x", true, null).of(fullW);
                ly = Length.parse(o.y(), "y", true, null).of(fullH);
                if (lx >= fullW) throw new IllegalArgumentException("crop: x " + o.x() + " is outside the image (" + size + ")");
                if (ly >= fullH) throw new IllegalArgumentException("crop: y " + o.y() + " is outside the image (" + size + ")");
                if (lx + lw > fullW) {
                    throw new IllegalArgumentException("crop: x " + o.x() + " + width " + o.width() + " = " + (lx + lw)
                            + " goes past the right edge of the image (" + size + "); move the rectangle left or make it narrower");
                }
                if (ly + lh > fullH) {
                    throw new IllegalArgumentException("crop: y " + o.y() + " + height " + o.height() + " = " + (ly + lh)
                            + " goes past the bottom edge of the image (" + size + "); move the rectangle up or make it lower");
                }
            }
        }
        // the same rectangle in the pixels at hand, which are smaller when the JPEG was shrunk while decoding
        int w = Math.max(1, Math.min(src.cols(), (int) Math.round(lw * frame.scaleX())));
        int h = Math.max(1, Math.min(src.rows(), (int) Math.round(lh * frame.scaleY())));
        SmartCrop.Window win;
        if (lx != null) {
            int x = Math.min(src.cols() - w, (int) Math.round(lx * frame.scaleX()));
            int y = Math.min(src.rows() - h, (int) Math.round(ly * frame.scaleY()));
            win = new SmartCrop.Window(x, y, w, h, "x, y given");
        } else {
            win = CropPlacement.place(ctx, name(), o.gravity() == null ? Gravity.CENTER : o.gravity(), w, h);
        }
        String rect = CropPlacement.describe(win, frame);
        if (win.width() != src.cols() || win.height() != src.rows()) {
            Mat part;
            try (Rect r = new Rect(win.x(), win.y(), win.width(), win.height()); Mat view = new Mat(src, r)) {
                part = view.clone();
            }
            ctx.image().replace(part);
            ctx.frame(frame.cropped(win.x(), win.y(), win.width(), win.height(), lw, lh));
            ctx.note("crop " + size + " -> " + rect + " (" + win.basis() + ")");
        } else {
            ctx.note("crop " + size + ": the window is the whole image, nothing cut");
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
