package dev.imagehub.steps;

import java.util.Locale;

import dev.imagehub.chain.StepContext;
import dev.imagehub.image.FocusPoint;
import dev.imagehub.image.ImageFrame;
import dev.imagehub.image.Orientation;
import dev.imagehub.image.SmartCrop;

/**
 * Where a crop window goes in the current image, for the crop step and resize's fill mode: at a fixed gravity, or
 * {@code smart} (sidecar focus point, faces, saliency). Translates the sidecar's source coordinates through shrink-on-load
 * and earlier crops via the context's {@link ImageFrame}. Not a step itself.
 */
final class CropPlacement {
    private CropPlacement() {
    }

    /** Applies a pending EXIF orientation, since sizes, gravity and focus points all describe the image as displayed. */
    static void upright(StepContext ctx) {
        if (ctx.orientation() != 1) {
            Orientation.apply(ctx.image(), ctx.orientation());
            ctx.note("applied EXIF orientation " + ctx.orientation() + " first");
            ctx.orientation(1);
        }
    }

    /** The {@code w x h} window (current pixels) placed by {@code gravity}; {@code step} names the step in messages. */
    static SmartCrop.Window place(StepContext ctx, String step, ResizeStep.Gravity gravity, int w, int h) {
        int imgW = ctx.image().width();
        int imgH = ctx.image().height();
        if (gravity != ResizeStep.Gravity.SMART) {
            int x = (int) Math.round((imgW - w) * gravity.x);
            int y = (int) Math.round((imgH - h) * gravity.y);
            return new SmartCrop.Window(x, y, w, h, "gravity " + dev.imagehub.config.OptionBinder.display(gravity.name()));
        }
        ImageFrame frame = ctx.frame();
        double[] focus = null;
        String label = null;
        FocusPoint point;
        try {
            point = FocusPoint.fromSidecar(ctx.sidecar(), ctx.fileName());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(step + ": " + e.getMessage(), e);
        }
        if (point != null) {
            label = point + " from " + ctx.fileName() + ".json";
            if (!frame.knowsSource()) {
                ctx.note("focus point " + label + " ignored: an earlier step reshaped the image in a way it cannot be traced through");
            } else {
                double[] src;
                try {
                    src = point.inSource(ctx.source().orientedWidth(), ctx.source().orientedHeight(), ctx.fileName());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(step + ": " + e.getMessage(), e);
                }
                double[] px = frame.toPixels(src[0], src[1]);
                if (px[0] < 0 || px[1] < 0 || px[0] > imgW || px[1] > imgH) {
                    ctx.note("focus point " + label + " ignored: an earlier step cut it away");
                } else {
                    focus = px;
                }
            }
        }
        SmartCrop.Window chosen = SmartCrop.place(ctx.image().mat(), w, h, focus, label, 1 / frame.scaleX());
        return new SmartCrop.Window(chosen.x(), chosen.y(), chosen.width(), chosen.height(), "smart: " + chosen.basis());
    }

    /** The window as the ledger states it: in pixels of the image at full size, {@code WxH+X+Y}. */
    static String describe(SmartCrop.Window win, ImageFrame frame) {
        return String.format(Locale.ROOT, "%dx%d+%d+%d", Math.round(win.width() / frame.scaleX()), Math.round(win.height() / frame.scaleY()),
                Math.round(win.x() / frame.scaleX()), Math.round(win.y() / frame.scaleY()));
    }
}
