package dev.imagehub.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_core.inRange;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2YCrCb;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.equalizeHist;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * Faces from {@link FaceDetector} that a second, differently trained cascade ({@code alt2}, also shipped in the OpenCV
 * natives jar) finds again around the same spot, and whose middle has skin colours (in a colour photo). The default
 * cascade alone fires on hard edges and textures (nine "faces" on a backlit leaf in the corpus, which alt2 confirms
 * too), and a crop that follows a false face loses the real subject; the checks cost a few small regions.
 */
public final class ConfirmedFaces {
    private static final String CASCADE = "haarcascades/haarcascade_frontalface_alt2.xml";
    // the region checked around a candidate, and the size it is brought to (the cascade's window is 20 px)
    private static final double MARGIN = 0.3;
    private static final int CHECK_SIDE = 160;
    // share of the middle of a face that must have skin colours
    private static final double MIN_SKIN = 0.3;
    // Detection copy: FaceDetector ignores faces under 1/20 of the copy's short side, so a larger copy finds no smaller
    // faces (relative to the photo) and only costs time; but the cascade misses faces under about 40 px, so the short
    // side stays near 540 px (faces from 1/13 of it up) and the long side of a panorama may reach 1200 px.
    private static final int SHORT_SIDE = 540;
    private static final int LONG_SIDE = 1200;
    private static final ThreadLocal<CascadeClassifier> CHECKER = ThreadLocal.withInitial(ConfirmedFaces::load);

    private ConfirmedFaces() {
    }

    /** The faces in {@code image} (source pixels) that both cascades agree on. */
    public static List<FaceDetector.Face> detect(Mat image) {
        int shortSide = Math.min(image.cols(), image.rows());
        int longSide = Math.max(image.cols(), image.rows());
        List<FaceDetector.Face> candidates = FaceDetector.detectAt(image,
                Math.min((double) SHORT_SIDE / shortSide, (double) LONG_SIDE / longSide));
        if (candidates.isEmpty()) return candidates;
        List<FaceDetector.Face> confirmed = new ArrayList<>();
        try (Mat grey = new Mat()) {
            if (image.channels() == 1) image.copyTo(grey);
            else cvtColor(image, grey, image.channels() == 4 ? COLOR_BGRA2GRAY : COLOR_BGR2GRAY);
            for (FaceDetector.Face f : candidates) {
                if (confirm(grey, f) && skinColoured(image, f)) confirmed.add(f);
            }
        }
        return confirmed;
    }

    private static boolean confirm(Mat grey, FaceDetector.Face f) {
        int mx = (int) Math.round(f.width() * MARGIN);
        int my = (int) Math.round(f.height() * MARGIN);
        int x0 = Math.max(0, f.x() - mx);
        int y0 = Math.max(0, f.y() - my);
        int x1 = Math.min(grey.cols(), f.x() + f.width() + mx);
        int y1 = Math.min(grey.rows(), f.y() + f.height() + my);
        if (x1 - x0 < 20 || y1 - y0 < 20) return false;
        double s = (double) CHECK_SIDE / Math.max(x1 - x0, y1 - y0);
        int w = Math.max(20, (int) Math.round((x1 - x0) * s));
        int h = Math.max(20, (int) Math.round((y1 - y0) * s));
        int faceSide = (int) Math.round(Math.min(f.width(), f.height()) * s);
        try (Rect r = new Rect(x0, y0, x1 - x0, y1 - y0); Mat region = new Mat(grey, r); Mat small = new Mat();
             Size size = new Size(w, h); RectVector found = new RectVector();
             Size min = new Size(Math.max(20, faceSide / 2), Math.max(20, faceSide / 2)); Size max = new Size(w, h)) {
            resize(region, small, size, 0, 0, INTER_AREA);
            equalizeHist(small, small);
            CHECKER.get().detectMultiScale(small, found, 1.05, 3, 0, min, max);
            return found.size() > 0;
        }
    }

    // Skin of every tone falls in a compact Cr/Cb range (Chai and Ngan's YCrCb rule, widened a little); a grey photo
    // or a colourless face region cannot be judged this way and passes.
    private static boolean skinColoured(Mat image, FaceDetector.Face f) {
        if (image.channels() < 3) return true;
        int x = f.x() + f.width() / 5;
        int y = f.y() + f.height() / 5;
        int w = Math.max(1, Math.min(image.cols() - x, f.width() * 3 / 5));
        int h = Math.max(1, Math.min(image.rows() - y, f.height() * 3 / 5));
        if (x < 0 || y < 0 || x >= image.cols() || y >= image.rows()) return true;
        try (Rect r = new Rect(x, y, w, h); Mat region = new Mat(image, r); Mat bgr = new Mat(); Mat ycc = new Mat(); Mat skin = new Mat();
             Scalar low = new Scalar(0, 130, 70, 0); Scalar high = new Scalar(255, 180, 135, 0);
             Mat lo = new Mat(low); Mat hi = new Mat(high)) { // scalar bounds: a 1x1 CV_64FC4 matrix, as OpenCV expects
            if (region.channels() == 4) cvtColor(region, bgr, COLOR_BGRA2BGR);
            else region.copyTo(bgr);
            cvtColor(bgr, ycc, COLOR_BGR2YCrCb);
            double chroma;
            try (Scalar average = mean(ycc)) {
                chroma = Math.abs(average.get(1) - 128) + Math.abs(average.get(2) - 128);
            }
            if (chroma < 6) return true;
            inRange(ycc, lo, hi, skin);
            return countNonZero(skin) >= MIN_SKIN * w * h;
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
