package dev.imagehub.image;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Places a crop window so that it keeps the subject: a manual focus point wins, then faces (all of them when they fit
 * together, else the largest), then where the detail is ({@link Saliency}). Works in the pixels it is given, so a
 * shrink-on-load decode only needs the focus point scaled to it.
 */
public final class SmartCrop {
    // Haar boxes hug eyebrows to chin: keep some hair above and some chin and ears around them
    private static final double HEAD_TOP = 0.35;
    private static final double HEAD_SIDE = 0.15;
    private static final double HEAD_BOTTOM = 0.15;

    private SmartCrop() {
    }

    /** A chosen crop window in the pixels of the image it was chosen on, and what decided it (for the ledger). */
    public record Window(int x, int y, int width, int height, String basis) {
    }

    /**
     * The {@code w x h} window to keep from {@code image}; {@code focus} is a point in image pixels (or null),
     * {@code focusLabel} how to name it in the ledger, and {@code noteScale} converts image pixels to the pixels the
     * ledger speaks of (the image's size without shrink-on-load).
     */
    public static Window place(Mat image, int w, int h, double[] focus, String focusLabel, double noteScale) {
        int imgW = image.cols();
        int imgH = image.rows();
        if (w >= imgW && h >= imgH) return new Window(0, 0, imgW, imgH, "nothing to choose (the window is the whole image)");
        if (focus != null) {
            return centredOn(focus[0], focus[1], w, h, imgW, imgH, "focus point " + focusLabel);
        }
        List<FaceDetector.Face> faces = ConfirmedFaces.detect(image);
        if (!faces.isEmpty()) return onFaces(faces, w, h, imgW, imgH, noteScale);
        Saliency.Placement p = Saliency.place(image, w, h);
        return new Window(p.x(), p.y(), w, h, p.describe());
    }

    private static Window onFaces(List<FaceDetector.Face> faces, int w, int h, int imgW, int imgH, double noteScale) {
        int n = faces.size();
        String all = n == 1 ? "1 face" : n + " faces";
        double[] heads = bounds(faces, true, imgW, imgH);
        if (fits(heads, w, h)) return centredOnBox(heads, w, h, imgW, imgH, all + " " + describe(faces, noteScale));
        double[] bare = bounds(faces, false, imgW, imgH);
        if (fits(bare, w, h)) return centredOnBox(bare, w, h, imgW, imgH, all + " (tight) " + describe(faces, noteScale));
        FaceDetector.Face largest = faces.stream().max(Comparator.comparingInt(f -> f.width() * f.height())).orElseThrow();
        double[] one = bounds(List.of(largest), true, imgW, imgH);
        return centredOnBox(one, w, h, imgW, imgH, "largest of " + n + " faces (they do not fit together) " + describe(List.of(largest), noteScale));
    }

    private static String describe(List<FaceDetector.Face> faces, double scale) {
        StringBuilder sb = new StringBuilder("at");
        for (FaceDetector.Face f : faces.subList(0, Math.min(4, faces.size()))) {
            sb.append(String.format(Locale.ROOT, " %.0fx%.0f+%.0f+%.0f", f.width() * scale, f.height() * scale, f.x() * scale, f.y() * scale));
        }
        if (faces.size() > 4) sb.append(" ...");
        return sb.toString();
    }

    // union of the faces (grown to whole heads when asked), clipped to the image: {x0, y0, x1, y1}
    private static double[] bounds(List<FaceDetector.Face> faces, boolean heads, int imgW, int imgH) {
        double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = 0, y1 = 0;
        for (FaceDetector.Face f : faces) {
            double side = heads ? HEAD_SIDE * f.width() : 0;
            double top = heads ? HEAD_TOP * f.height() : 0;
            double bottom = heads ? HEAD_BOTTOM * f.height() : 0;
            x0 = Math.min(x0, f.x() - side);
            y0 = Math.min(y0, f.y() - top);
            x1 = Math.max(x1, f.x() + f.width() + side);
            y1 = Math.max(y1, f.y() + f.height() + bottom);
        }
        return new double[] {Math.max(0, x0), Math.max(0, y0), Math.min(imgW, x1), Math.min(imgH, y1)};
    }

    private static boolean fits(double[] box, int w, int h) {
        return box[2] - box[0] <= w && box[3] - box[1] <= h;
    }

    private static Window centredOnBox(double[] box, int w, int h, int imgW, int imgH, String basis) {
        return centredOn((box[0] + box[2]) / 2, (box[1] + box[3]) / 2, w, h, imgW, imgH, basis);
    }

    // a box no larger than the window and inside the image stays inside the clamped window, whatever the edge
    private static Window centredOn(double cx, double cy, int w, int h, int imgW, int imgH, String basis) {
        int x = (int) Math.max(0, Math.min(imgW - w, Math.round(cx - w / 2.0)));
        int y = (int) Math.max(0, Math.min(imgH - h, Math.round(cy - h / 2.0)));
        return new Window(x, y, w, h, basis);
    }
}
