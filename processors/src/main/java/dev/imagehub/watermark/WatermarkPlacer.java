package dev.imagehub.watermark;

import dev.imagehub.image.FaceDetector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

import static org.bytedeco.opencv.global.opencv_core.CV_16S;
import static org.bytedeco.opencv.global.opencv_core.addWeighted;
import static org.bytedeco.opencv.global.opencv_core.convertScaleAbs;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.Sobel;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * Smart watermark placement: scores the eight edge anchors (corners and edge midpoints; the centre is where subjects
 * usually are) by the mean gradient magnitude under the watermark, on a copy at most 512 px wide, and picks the
 * flattest one that covers no face.
 */
public final class WatermarkPlacer {
    private static final int DETAIL_SIDE = 512;
    /**
     * Faces are looked for on a copy this wide: the detector's cost grows with the pixels, and a face smaller than
     * 24 px here (5% of the image's longer side) is too small for a watermark to hide it.
     */
    private static final int FACE_SIDE = 480;
    /** Faces are widened by this fraction on each side: the cascade's box is tight and hair and chin matter too. */
    private static final double FACE_MARGIN = 0.25;
    static final List<WatermarkPosition> CANDIDATES = List.of(WatermarkPosition.TOP_LEFT, WatermarkPosition.TOP_CENTER,
            WatermarkPosition.TOP_RIGHT, WatermarkPosition.CENTER_LEFT, WatermarkPosition.CENTER_RIGHT, WatermarkPosition.BOTTOM_LEFT,
            WatermarkPosition.BOTTOM_CENTER, WatermarkPosition.BOTTOM_RIGHT);

    private WatermarkPlacer() {
    }

    /** The anchor chosen, the detail measured under each candidate, and the candidates ruled out by a face. */
    public record Choice(WatermarkPosition position, Map<WatermarkPosition, Double> detail, List<WatermarkPosition> onFaces) {
    }

    /** Frontal faces in {@code image}, found on a copy at most {@value #FACE_SIDE} px wide, in image pixels. */
    public static List<FaceDetector.Face> faces(Mat image) {
        double scale = Math.min(1.0, (double) FACE_SIDE / Math.max(image.cols(), image.rows()));
        if (scale >= 1.0) return FaceDetector.detect(image);
        try (Mat small = new Mat();
             Size size = new Size(Math.max(1, (int) Math.round(image.cols() * scale)), Math.max(1, (int) Math.round(image.rows() * scale)))) {
            resize(image, small, size, 0, 0, INTER_AREA);
            List<FaceDetector.Face> found = new ArrayList<>();
            for (FaceDetector.Face f : FaceDetector.detect(small)) {
                found.add(new FaceDetector.Face((int) Math.round(f.x() / scale), (int) Math.round(f.y() / scale),
                        (int) Math.round(f.width() / scale), (int) Math.round(f.height() / scale)));
            }
            return found;
        }
    }

    /** Picks the anchor for a {@code w x h} layer; {@code faces} in image pixels (from {@link #faces}). */
    public static Choice choose(Mat image, int w, int h, int margin, int dx, int dy, List<FaceDetector.Face> faces) {
        Map<WatermarkPosition, Double> detail = new LinkedHashMap<>();
        List<WatermarkPosition> onFaces = new ArrayList<>();
        double scale = Math.min(1.0, (double) DETAIL_SIDE / Math.max(image.cols(), image.rows()));
        try (Mat gradient = gradient(image, scale)) {
            for (WatermarkPosition p : CANDIDATES) {
                int[] xy = p.topLeft(image.cols(), image.rows(), w, h, margin, dx, dy);
                detail.put(p, meanInside(gradient, xy[0] * scale, xy[1] * scale, w * scale, h * scale));
                if (faces.stream().anyMatch(f -> overlaps(f, xy[0], xy[1], w, h))) onFaces.add(p);
            }
        }
        WatermarkPosition best = null;
        for (WatermarkPosition p : CANDIDATES) {
            boolean allowed = !onFaces.contains(p) || onFaces.size() == CANDIDATES.size();
            if (allowed && (best == null || detail.get(p) < detail.get(best))) best = p;
        }
        return new Choice(best, detail, onFaces);
    }

    // Sobel magnitude (|dx| + |dy|) of the grey image: high where there are edges and texture, low on sky and walls.
    private static Mat gradient(Mat image, double scale) {
        try (Mat grey = new Mat(); Mat small = new Mat(); Mat gx = new Mat(); Mat gy = new Mat(); Mat ax = new Mat(); Mat ay = new Mat()) {
            if (image.channels() == 1) image.copyTo(grey);
            else cvtColor(image, grey, image.channels() == 4 ? COLOR_BGRA2GRAY : COLOR_BGR2GRAY);
            if (scale < 1.0) {
                try (Size size = new Size(Math.max(1, (int) Math.round(image.cols() * scale)), Math.max(1, (int) Math.round(image.rows() * scale)))) {
                    resize(grey, small, size, 0, 0, INTER_AREA);
                }
            } else {
                grey.copyTo(small);
            }
            Sobel(small, gx, CV_16S, 1, 0);
            Sobel(small, gy, CV_16S, 0, 1);
            convertScaleAbs(gx, ax);
            convertScaleAbs(gy, ay);
            Mat magnitude = new Mat();
            addWeighted(ax, 0.5, ay, 0.5, 0, magnitude);
            return magnitude;
        }
    }

    private static double meanInside(Mat m, double x, double y, double w, double h) {
        int x0 = clamp((int) Math.floor(x), m.cols() - 1);
        int y0 = clamp((int) Math.floor(y), m.rows() - 1);
        int x1 = Math.max(x0 + 1, clamp((int) Math.ceil(x + w), m.cols()));
        int y1 = Math.max(y0 + 1, clamp((int) Math.ceil(y + h), m.rows()));
        try (Rect r = new Rect(x0, y0, x1 - x0, y1 - y0); Mat roi = new Mat(m, r); Scalar s = mean(roi)) {
            return s.get(0);
        }
    }

    private static boolean overlaps(FaceDetector.Face f, int x, int y, int w, int h) {
        double mx = f.width() * FACE_MARGIN;
        double my = f.height() * FACE_MARGIN;
        return x < f.x() + f.width() + mx && x + w > f.x() - mx && y < f.y() + f.height() + my && y + h > f.y() - my;
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
