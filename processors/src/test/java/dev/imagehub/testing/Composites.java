package dev.imagehub.testing;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.minMaxLoc;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.TM_SQDIFF_NORMED;
import static org.bytedeco.opencv.global.opencv_imgproc.matchTemplate;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * Test scenes for smart crop, built from real fixture photos: the astronaut portrait (whose one face is known) placed
 * on wide or tall canvases, corpus photos pasted onto flat backgrounds; and a way to find where a crop came from.
 */
public final class Composites {
    /** The fixture portrait and its face as documented in DEPENDENCIES.md (Haar cascade on the original PNG). */
    public static final String ASTRONAUT = "portrait-astronaut-512.jpg";
    public static final int[] ASTRONAUT_FACE = {177, 67, 93, 93};

    private Composites() {
    }

    /** A fixture decoded to BGR, upright (OpenCV applies the EXIF orientation). */
    public static Mat decode(String fixture) {
        return decode(Fixtures.bytes(fixture));
    }

    public static Mat decode(java.nio.file.Path file) {
        try {
            return decode(java.nio.file.Files.readAllBytes(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static Mat decode(byte[] bytes) {
        try (Mat buf = new Mat(new BytePointer(bytes))) {
            return imdecode(buf, IMREAD_COLOR).clone();
        }
    }

    /** A {@code w x h} BGR canvas of one colour. */
    public static Mat canvas(int w, int h, int b, int g, int r) {
        try (Scalar colour = new Scalar(b, g, r, 0)) {
            return new Mat(h, w, CV_8UC3, colour);
        }
    }

    /** Pastes {@code image} scaled to {@code w x h} at {@code x, y}. */
    public static void paste(Mat canvas, Mat image, int x, int y, int w, int h) {
        try (Mat scaled = new Mat(); Size size = new Size(w, h); Rect r = new Rect(x, y, w, h); Mat dst = new Mat(canvas, r)) {
            resize(image, scaled, size, 0, 0, w < image.cols() ? INTER_AREA : INTER_CUBIC);
            scaled.copyTo(dst);
        }
    }

    /** The astronaut's face {x, y, w, h} when the portrait is pasted at {@code x, y} with side {@code side}. */
    public static int[] face(int x, int y, int side) {
        double s = side / 512.0;
        return new int[] {(int) Math.round(x + ASTRONAUT_FACE[0] * s), (int) Math.round(y + ASTRONAUT_FACE[1] * s),
                (int) Math.round(ASTRONAUT_FACE[2] * s), (int) Math.round(ASTRONAUT_FACE[3] * s)};
    }

    public static byte[] jpeg(Mat image, int quality) {
        try (BytePointer out = new BytePointer(); IntPointer p = new IntPointer(IMWRITE_JPEG_QUALITY, quality)) {
            imencode(".jpg", image, out, p);
            byte[] b = new byte[(int) out.limit()];
            out.get(b);
            return b;
        }
    }

    public static byte[] png(Mat image) {
        try (BytePointer out = new BytePointer()) {
            imencode(".png", image, out);
            byte[] b = new byte[(int) out.limit()];
            out.get(b);
            return b;
        }
    }

    /**
     * Where {@code output} came from in {@code source}, given that it is a crop of {@code cropW} source pixels wide
     * scaled to its own width: {x, y, w, h} in source pixels, found by template matching at the output's scale.
     */
    public static int[] locate(Mat source, Mat output, int cropW) {
        double s = (double) output.cols() / cropW;
        try (Mat scaled = new Mat(); Mat result = new Mat(); Point at = new Point();
             Size size = new Size((int) Math.round(source.cols() * s), (int) Math.round(source.rows() * s))) {
            if (s == 1.0) source.copyTo(scaled);
            else resize(source, scaled, size, 0, 0, INTER_AREA);
            matchTemplate(scaled, output, result, TM_SQDIFF_NORMED);
            double[] min = new double[1];
            minMaxLoc(result, min, null, at, null, null);
            if (min[0] > 0.05) throw new AssertionError("the output is not a crop of the source (best match error " + min[0] + ")");
            return new int[] {(int) Math.round(at.x() / s), (int) Math.round(at.y() / s), cropW,
                    (int) Math.round(output.rows() / s)};
        }
    }

    /** Whether {@code inner} {x, y, w, h} lies inside {@code outer}, allowing {@code slack} pixels. */
    public static boolean contains(int[] outer, int[] inner, int slack) {
        return inner[0] >= outer[0] - slack && inner[1] >= outer[1] - slack
                && inner[0] + inner[2] <= outer[0] + outer[2] + slack && inner[1] + inner[3] <= outer[1] + outer[3] + slack;
    }
}
