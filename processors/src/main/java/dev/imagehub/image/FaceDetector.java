package dev.imagehub.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.equalizeHist;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * Finds frontal faces with the Haar cascade shipped in the OpenCV natives jar (no model download). Used by smart crop
 * and by smart watermark placement. Detection runs on a copy at most 800 px wide; rectangles are in source pixels.
 */
public final class FaceDetector {
    private static final String CASCADE = "haarcascades/haarcascade_frontalface_default.xml";
    private static final int DETECT_SIDE = 800;
    // CascadeClassifier is not thread-safe: one per worker thread
    private static final ThreadLocal<CascadeClassifier> CLASSIFIER = ThreadLocal.withInitial(FaceDetector::load);

    private FaceDetector() {
    }

    /** A face found in the image, in source pixel coordinates. */
    public record Face(int x, int y, int width, int height) {
        public int centerX() { return x + width / 2; }
        public int centerY() { return y + height / 2; }
    }

    public static List<Face> detect(Mat image) {
        return detectAt(image, Math.min(1.0, (double) DETECT_SIDE / Math.max(image.cols(), image.rows())));
    }

    /** Detects on a copy scaled by {@code scale} (at most 1): smaller is faster, larger finds smaller faces. */
    public static List<Face> detectAt(Mat image, double scale) {
        scale = Math.min(1.0, scale);
        try (Mat grey = new Mat(); Mat small = new Mat(); RectVector found = new RectVector()) {
            if (image.channels() == 1) image.copyTo(grey);
            else cvtColor(image, grey, image.channels() == 4 ? COLOR_BGRA2GRAY : COLOR_BGR2GRAY);
            if (scale < 1.0) {
                try (Size size = new Size((int) Math.round(image.cols() * scale), (int) Math.round(image.rows() * scale))) {
                    resize(grey, small, size, 0, 0, INTER_AREA);
                }
            } else {
                grey.copyTo(small);
            }
            equalizeHist(small, small);
            int minSide = Math.max(24, Math.min(small.cols(), small.rows()) / 20);
            try (Size min = new Size(minSide, minSide); Size max = new Size()) {
                CLASSIFIER.get().detectMultiScale(small, found, 1.1, 5, 0, min, max);
            }
            List<Face> faces = new ArrayList<>();
            for (long i = 0; i < found.size(); i++) {
                Rect r = found.get(i);
                faces.add(new Face((int) Math.round(r.x() / scale), (int) Math.round(r.y() / scale),
                        (int) Math.round(r.width() / scale), (int) Math.round(r.height() / scale)));
            }
            return faces;
        }
    }

    private static CascadeClassifier load() {
        try {
            String path = Loader.cacheResource("/org/bytedeco/opencv/" + Loader.getPlatform() + "/share/opencv4/" + CASCADE).getAbsolutePath();
            CascadeClassifier c = new CascadeClassifier(path);
            if (c.empty()) throw new IllegalStateException("the face cascade " + CASCADE + " could not be loaded");
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("the face cascade " + CASCADE + " is missing from the OpenCV natives jar", e);
        }
    }
}
