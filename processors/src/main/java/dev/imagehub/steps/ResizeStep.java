package dev.imagehub.steps;

import java.util.Locale;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

import dev.imagehub.chain.ChainConfig;
import dev.imagehub.chain.DecodeHint;
import dev.imagehub.chain.AbstractStep;
import dev.imagehub.chain.StepContext;
import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.Option;
import dev.imagehub.image.ImageFrame;
import dev.imagehub.image.Resampler;
import dev.imagehub.image.Rgba;
import dev.imagehub.image.SmartCrop;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2BGRA;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGRA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

/**
 * Resizes to a box, a single dimension, a percentage or a named preset: {@code fit} inside the box, {@code fill} it
 * (cropping the overflow at {@code gravity}, or where the subject is with {@code smart}), {@code stretch} to it, or
 * {@code pad} to it. Never enlarges unless {@code upscale: true}.
 */
public final class ResizeStep extends AbstractStep<ResizeStep.Options> {

    /** How the image meets the target box. */
    public enum Mode { FIT, FILL, STRETCH, PAD }

    /**
     * Which part of the image a crop (fill, crop step) or padding (pad) keeps in view. {@code SMART} crops around the
     * sidecar focus point, else the faces, else the detail (see {@link dev.imagehub.image.SmartCrop}).
     */
    public enum Gravity {
        CENTER(0.5, 0.5), NORTH(0.5, 0), SOUTH(0.5, 1), EAST(1, 0.5), WEST(0, 0.5),
        NORTH_EAST(1, 0), NORTH_WEST(0, 0), SOUTH_EAST(1, 1), SOUTH_WEST(0, 1), SMART(0.5, 0.5);

        final double x;
        final double y;

        Gravity(double x, double y) {
            this.x = x;
            this.y = y;
        }
    }

    /** Options of resize. */
    public record Options(
            @Option(value = "how the image meets the box: fit, fill (crop), stretch or pad", defaultValue = "fit") Mode mode,
            @Option(value = "target width in pixels", min = 1, max = 65535) Integer width,
            @Option(value = "target height in pixels", min = 1, max = 65535) Integer height,
            @Option(value = "scale by this percentage instead of a box", min = 0.1, max = 1000) Double percent,
            @Option("a named size from config/presets.yaml; its values are defaults for the other options") String preset,
            @Option(value = "allow enlarging images smaller than the target", defaultValue = "false") boolean upscale,
            @Option(value = "part kept when cropping or padding: center, north, south, east, west, northEast, ..., or smart (fill: focus point, faces, then detail)", defaultValue = "center") Gravity gravity,
            @Option(value = "padding colour for pad mode (#rrggbb, white, transparent, ...)", defaultValue = "white") String background) {
    }

    /** Where the pixels go: crop this source rectangle, scale it to {@code w x h}, then pad to {@code canvasW x canvasH}. */
    record Plan(int cropX, int cropY, int cropW, int cropH, int w, int h, int canvasW, int canvasH) {
    }

    public ResizeStep() {
        super("resize", "resize or crop: fit, fill, stretch, pad, percent, exact width or height, presets", Options.class);
    }

    @Override
    public ConfigNode expand(ConfigNode options, ChainConfig config) {
        ConfigNode name = options.get("preset");
        if (name == null) return options;
        ConfigNode preset = config.preset(name.text());
        if (preset == null) {
            throw new ConfigException(name, "step 'resize': unknown preset '" + name.text() + "' (presets in config/presets.yaml: "
                    + String.join(", ", config.presetNames()) + ")");
        }
        if (preset.get("preset") != null) throw new ConfigException(preset.get("preset"), "a preset cannot name another preset");
        return options.withDefaults(preset);
    }

    @Override
    public void validate(Options o, ConfigNode at) {
        boolean box = o.width() != null || o.height() != null;
        if (o.percent() != null && box) {
            throw new ConfigException(at, "step 'resize': give either percent or width/height, not both");
        }
        if (o.percent() == null && !box) {
            throw new ConfigException(at, "step 'resize' needs width, height, percent or a preset");
        }
        if (o.percent() != null && o.percent() > 100 && !o.upscale()) {
            throw new ConfigException(at, "step 'resize': percent " + o.percent() + " enlarges the image; add upscale: true to allow it");
        }
        if (o.mode() != Mode.FIT && o.percent() == null && (o.width() == null || o.height() == null)) {
            throw new ConfigException(at, "step 'resize': mode " + o.mode().name().toLowerCase(Locale.ROOT) + " needs both width and height");
        }
        if (o.gravity() == Gravity.SMART && (o.mode() != Mode.FILL || o.percent() != null)) {
            throw new ConfigException(at, "step 'resize': gravity smart chooses what to cut away, so it needs mode fill (mode is "
                    + (o.percent() != null ? "percent" : o.mode().name().toLowerCase(Locale.ROOT)) + "); give another gravity, e.g. center");
        }
        try {
            Rgba.parse(o.background());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at, "step 'resize': option 'background': " + e.getMessage());
        }
    }

    static Plan plan(Options o, int srcW, int srcH) {
        if (o.percent() != null) {
            double s = o.percent() / 100.0;
            int w = Math.max(1, (int) Math.round(srcW * s));
            int h = Math.max(1, (int) Math.round(srcH * s));
            return new Plan(0, 0, srcW, srcH, w, h, w, h);
        }
        Integer bw = o.width();
        Integer bh = o.height();
        switch (o.mode()) {
            case STRETCH: {
                int w = o.upscale() ? bw : Math.min(bw, srcW);
                int h = o.upscale() ? bh : Math.min(bh, srcH);
                return new Plan(0, 0, srcW, srcH, w, h, w, h);
            }
            case FILL: {
                double target = (double) bw / bh;
                int cropW = srcW;
                int cropH = srcH;
                if ((double) srcW / srcH > target) cropW = Math.max(1, (int) Math.round(srcH * target));
                else cropH = Math.max(1, (int) Math.round(srcW / target));
                int x = (int) Math.round((srcW - cropW) * o.gravity().x);
                int y = (int) Math.round((srcH - cropH) * o.gravity().y);
                // without upscale a small source is cropped to the aspect ratio but keeps its resolution
                int w = o.upscale() || cropW >= bw ? bw : cropW;
                int h = o.upscale() || cropW >= bw ? bh : cropH;
                return new Plan(x, y, cropW, cropH, w, h, w, h);
            }
            default: { // FIT and PAD
                double sx = bw == null ? Double.MAX_VALUE : (double) bw / srcW;
                double sy = bh == null ? Double.MAX_VALUE : (double) bh / srcH;
                double s = Math.min(sx, sy);
                if (!o.upscale()) s = Math.min(1.0, s);
                int w = Math.max(1, (int) Math.round(srcW * s));
                int h = Math.max(1, (int) Math.round(srcH * s));
                if (o.mode() == Mode.PAD) {
                    return new Plan(0, 0, srcW, srcH, w, h, Math.max(w, bw), Math.max(h, bh));
                }
                return new Plan(0, 0, srcW, srcH, w, h, w, h);
            }
        }
    }

    @Override
    public DecodeHint decodeHint(Options o, int orientedW, int orientedH) {
        Plan p = plan(o, orientedW, orientedH);
        // the decoded crop must still hold at least the target pixels: scale the need up by the cropped fraction
        int needW = (int) Math.ceil((double) p.w() * orientedW / p.cropW());
        int needH = (int) Math.ceil((double) p.h() * orientedH / p.cropH());
        return DecodeHint.atLeast(Math.min(needW, orientedW), Math.min(needH, orientedH));
    }

    @Override
    public void apply(StepContext ctx, Options o) {
        // sizes and gravity describe the image as people see it, so pending EXIF orientation is applied first
        CropPlacement.upright(ctx);
        Mat src = ctx.image().mat();
        ImageFrame frame = ctx.frame();
        Plan p = plan(o, src.cols(), src.rows());
        if (o.percent() != null) {
            // a percentage is of the image at full size, not of a shrink-on-load decode
            Plan ofFull = plan(o, frame.logicalWidth(), frame.logicalHeight());
            p = new Plan(0, 0, src.cols(), src.rows(), ofFull.w(), ofFull.h(), ofFull.w(), ofFull.h());
        }
        boolean cropped = p.cropW() != src.cols() || p.cropH() != src.rows();
        String how = "";
        if (cropped) {
            SmartCrop.Window win = CropPlacement.place(ctx, name(), o.gravity(), p.cropW(), p.cropH());
            p = new Plan(win.x(), win.y(), p.cropW(), p.cropH(), p.w(), p.h(), p.canvasW(), p.canvasH());
            how = ", cropped " + CropPlacement.describe(win, frame) + " (" + win.basis() + ")";
        }
        Mat result;
        if (cropped) {
            try (Rect r = new Rect(p.cropX(), p.cropY(), p.cropW(), p.cropH()); Mat view = new Mat(src, r)) {
                result = Resampler.resize(view, p.w(), p.h());
            }
        } else {
            result = Resampler.resize(src, p.w(), p.h());
        }
        ImageFrame next = (cropped ? frame.cropped(p.cropX(), p.cropY(), p.cropW(), p.cropH(), p.cropW(), p.cropH()) : frame).scaled(p.w(), p.h());
        if (p.canvasW() != p.w() || p.canvasH() != p.h()) {
            int left = (int) Math.round((p.canvasW() - p.w()) * o.gravity().x);
            int top = (int) Math.round((p.canvasH() - p.h()) * o.gravity().y);
            result = pad(result, p, o, left, top);
            next = next.padded(left, top, p.w(), p.h(), p.canvasW(), p.canvasH());
        }
        String before = src.cols() + "x" + src.rows()
                + (frame.scaleX() < 1 ? " (" + frame.logicalWidth() + "x" + frame.logicalHeight() + " at full size)" : "");
        ctx.image().replace(result);
        ctx.frame(next);
        ctx.note(String.format(Locale.ROOT, "%s %s -> %dx%d%s", o.mode().name().toLowerCase(Locale.ROOT), before,
                ctx.image().width(), ctx.image().height(), how));
    }

    private static Mat pad(Mat img, Plan p, Options o, int left, int top) {
        Rgba bg = Rgba.parse(o.background());
        Mat src = img;
        if (bg.a() < 255 && img.channels() != 4) {
            src = new Mat();
            cvtColor(img, src, img.channels() == 1 ? COLOR_GRAY2BGRA : COLOR_BGR2BGRA);
            img.close();
        } else if (img.channels() == 1) {
            src = new Mat();
            cvtColor(img, src, COLOR_GRAY2BGR);
            img.close();
        }
        Mat out = new Mat();
        try (Scalar colour = new Scalar(bg.b(), bg.g(), bg.r(), bg.a())) {
            copyMakeBorder(src, out, top, p.canvasH() - p.h() - top, left, p.canvasW() - p.w() - left, BORDER_CONSTANT, colour);
        }
        src.close();
        return out;
    }
}
