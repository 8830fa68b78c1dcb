package dev.imagehub.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Scalar;

import dev.imagehub.image.ImageDecoder;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.image.Resampler;
import dev.imagehub.image.WorkingImage;
import dev.imagehub.image.enhance.Channels;
import dev.imagehub.chain.StepHarness;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.magnitude;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_core.merge;
import static org.bytedeco.opencv.global.opencv_core.split;
import static org.bytedeco.opencv.global.opencv_core.subtract;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2Lab;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

/**
 * How each {@code whiteBalance} method treats the corpus photos (400 px): how far it moves an original that is probably
 * already right (mean Δab per pixel), and, on five synthetic casts of every photo, how close the corrected copy comes
 * back to the original and in how many cases it comes closer than the cast copy was (in all, and per cast). Not a test: run it with
 * {@code bench/white-balance-bench.sh}; its table is in docs/enhance.md.
 */
public final class WhiteBalanceBench {
    static final String[] METHODS = {"greyWorld", "whitePatch", "shadesOfGrey", "auto"};
    // B/G/R gains on the encoded levels that a camera set for 6500 K gives under a 3500, 5000, 9000 and 12000 K light
    // (Planckian locus, linear gains ^ 1/2.4), and a magenta tint no real light gives
    static final double[][] CASTS = {{0.70, 1, 1.23}, {0.89, 1, 1.075}, {1.11, 1, 0.94}, {1.18, 1, 0.90}, {1, 0.85, 1}};
    static final String[] CAST_NAMES = {"3500 K", "5000 K", "9000 K", "12000 K", "magenta"};
    private static final int SIDE = 400;

    private WhiteBalanceBench() {
    }

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args.length > 0 ? args[0] : "../shared/corpus");
        List<Mat> photos = new ArrayList<>();
        for (Path p : EnhanceQualityBench.photos(corpus, Integer.MAX_VALUE)) photos.add(small(p));
        StringBuilder head = new StringBuilder("| method | shift of originals (mean Δab) | originals left unchanged | residual after a cast (mean Δab) | removed (of "
                + photos.size() * CASTS.length + ") |");
        for (String cast : CAST_NAMES) head.append(' ').append(cast).append(" |");
        System.out.println(head);
        System.out.println("|---|---:|---:|---:|---:|" + "---:|".repeat(CASTS.length));
        for (String method : METHODS) {
            double shift = 0, residual = 0;
            int untouched = 0, removed = 0;
            int[] removedPerCast = new int[CASTS.length];
            for (Mat photo : photos) {
                try (Mat corrected = StepHarness.run(photo, "whiteBalance", "{ method: " + method + " }")) {
                    double d = deltaAb(photo, corrected);
                    shift += d;
                    if (d < 0.05) untouched++;
                }
                for (int k = 0; k < CASTS.length; k++) {
                    double[] cast = CASTS[k];
                    try (Mat cast1 = cast(photo, cast); Mat corrected = StepHarness.run(cast1, "whiteBalance", "{ method: " + method + " }")) {
                        double after = deltaAb(photo, corrected);
                        residual += after;
                        if (after < deltaAb(photo, cast1)) {
                            removed++;
                            removedPerCast[k]++;
                        }
                    }
                }
            }
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| `%s` | %.1f | %d of %d | %.1f | %d |", method, shift / photos.size(),
                    untouched, photos.size(), residual / (photos.size() * CASTS.length), removed));
            for (int r : removedPerCast) row.append(' ').append(r).append(" |");
            System.out.println(row);
        }
        photos.forEach(Mat::close);
    }

    private static Mat small(Path photo) throws Exception {
        byte[] bytes = Files.readAllBytes(photo);
        try (WorkingImage decoded = ImageDecoder.decode(bytes, ImageProbe.probe(bytes), 1)) {
            Mat m = decoded.mat();
            double s = Math.min(1.0, (double) SIDE / Math.max(m.cols(), m.rows()));
            Mat resized = Resampler.resize(m, (int) Math.round(m.cols() * s), (int) Math.round(m.rows() * s));
            if (resized.channels() == 3) return resized;
            Mat bgr = Channels.bgr(resized);
            resized.close();
            return bgr;
        }
    }

    private static Mat cast(Mat bgr, double[] gains) {
        Mat out = new Mat();
        try (MatVector ch = new MatVector()) {
            split(bgr, ch);
            for (int c = 0; c < 3; c++) ch.get(c).convertTo(ch.get(c), CV_8U, gains[c], 0);
            merge(ch, out);
        }
        return out;
    }

    // mean over pixels of the distance in CIELAB a*b* (true units) between two images of the same size
    static double deltaAb(Mat x, Mat y) {
        try (Mat lx = lab(x); Mat ly = lab(y); Mat diff = new Mat(); MatVector ch = new MatVector(); Mat dist = new Mat()) {
            subtract(lx, ly, diff);
            split(diff, ch);
            magnitude(ch.get(1), ch.get(2), dist);
            Scalar s = mean(dist);
            return s.get(0);
        }
    }

    private static Mat lab(Mat bgr) {
        Mat f = new Mat();
        Mat lab = new Mat();
        bgr.convertTo(f, CV_32F, 1 / 255.0, 0);
        cvtColor(f, lab, COLOR_BGR2Lab);
        f.close();
        return lab;
    }
}
