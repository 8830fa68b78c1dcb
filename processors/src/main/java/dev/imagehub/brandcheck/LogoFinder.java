package dev.imagehub.brandcheck;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

import dev.imagehub.layout.RenderedLayout;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.TM_CCOEFF_NORMED;
import static org.bytedeco.opencv.global.opencv_imgproc.matchTemplate;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;

/**
 * Whether a logo is present in a region of an image: normalised cross-correlation of the logo's grey pixels (its alpha as
 * the mask, so the ground around the mark does not matter) over a range of sizes, for each variant (light, dark); the
 * best place of each size is then compared colour by colour on the logo's opaque pixels, because a small grey template
 * also correlates with busy photo texture. The score is the lower of the two, near 1 for the logo itself.
 */
public final class LogoFinder {
    /** At least this score counts as "the logo is there". */
    public static final double THRESHOLD = 0.7;
    // the search runs on a copy whose region is at most this long, which keeps it to a few hundred milliseconds
    private static final int WORK_SIDE = 480;
    private static final double STEP = 1.06;
    // only fully opaque logo pixels are compared by colour: edges blend with whatever lies beneath
    private static final int OPAQUE = 250;
    // a mean difference of a sixth of the range (43 levels) already halves the colour score
    private static final double COLOUR_WEIGHT = 3;

    /**
     * The best match.
     *
     * @param score  normalised correlation, -1 to 1 (0 when nothing could be compared)
     * @param box    where the best match lies, in image pixels
     * @param logo   the variant that matched best
     */
    public record Match(double score, RenderedLayout.Box box, Path logo) {
        public boolean found() {
            return score >= THRESHOLD;
        }
    }

    private LogoFinder() {
    }

    /**
     * Searches {@code region} of {@code image} for any of {@code logos} (file and pixels) drawn between {@code minWidth} and
     * {@code maxWidth} pixels wide.
     */
    public static Match find(BufferedImage image, RenderedLayout.Box region, List<Path> files, List<BufferedImage> logos, double minWidth,
                             double maxWidth) {
        int rx = Math.max(0, region.x());
        int ry = Math.max(0, region.y());
        int rw = Math.min(image.getWidth(), region.x() + region.width()) - rx;
        int rh = Math.min(image.getHeight(), region.y() + region.height()) - ry;
        Match best = new Match(0, region, files.isEmpty() ? null : files.get(0));
        if (rw < 4 || rh < 4) return best;
        double f = Math.min(1, (double) WORK_SIDE / Math.max(rw, rh));
        BufferedImage part = image.getSubimage(rx, ry, rw, rh);
        Size workSize = new Size(Math.max(1, (int) Math.round(rw * f)), Math.max(1, (int) Math.round(rh * f)));
        try (Mat full = grey(part, false); Mat work = new Mat(); Mat fullColour = colour(part); Mat workColour = new Mat()) {
            resize(full, work, workSize, 0, 0, INTER_AREA);
            resize(fullColour, workColour, workSize, 0, 0, INTER_AREA);
            for (int v = 0; v < logos.size(); v++) {
                BufferedImage logo = logos.get(v);
                try (Mat lg = grey(logo, false); Mat la = grey(logo, true); Mat lc = colour(logo)) {
                    for (double w = Math.max(8, minWidth); w <= maxWidth * 1.0001; w *= STEP) {
                        int tw = (int) Math.round(w * f);
                        int th = (int) Math.round(w * f * logo.getHeight() / logo.getWidth());
                        if (tw < 8 || th < 4 || tw > work.cols() || th > work.rows()) continue;
                        try (Mat t = new Mat(); Mat m = new Mat(); Mat tc = new Mat(); Mat result = new Mat()) {
                            resize(lg, t, new Size(tw, th), 0, 0, INTER_AREA);
                            resize(la, m, new Size(tw, th), 0, 0, INTER_AREA);
                            // a binary mask: matchTemplate takes an 8-bit mask's values as weights, and the soft edges of
                            // a shrunk logo's alpha then skew the correlation (a dark logo on white scored 0.4, not 0.9)
                            threshold(m, m, 127, 255, THRESH_BINARY);
                            resize(lc, tc, new Size(tw, th), 0, 0, INTER_AREA);
                            matchTemplate(work, t, result, TM_CCOEFF_NORMED, m);
                            double[] peak = peak(result);
                            peak[0] = Math.min(peak[0], colourMatch(workColour, tc, m, (int) peak[1], (int) peak[2]));
                            if (peak[0] > best.score()) {
                                RenderedLayout.Box at = new RenderedLayout.Box(rx + (int) Math.round(peak[1] / f), ry + (int) Math.round(peak[2] / f),
                                        (int) Math.round(tw / f), (int) Math.round(th / f));
                                best = new Match(peak[0], at, files.get(v));
                            }
                        }
                    }
                }
            }
        }
        return best;
    }

    // the highest finite score and where; flat areas give NaN or infinities, which mean "no evidence"
    private static double[] peak(Mat result) {
        double[] out = {0, 0, 0};
        try (FloatIndexer ix = result.createIndexer()) {
            for (int y = 0; y < result.rows(); y++) {
                for (int x = 0; x < result.cols(); x++) {
                    float s = ix.get(y, x);
                    if (Float.isFinite(s) && s <= 1.0001f && s > out[0]) {
                        out[0] = s;
                        out[1] = x;
                        out[2] = y;
                    }
                }
            }
        }
        return out;
    }

    // 1 minus the mean colour difference (in 0..1) between the logo's opaque pixels and the image under them
    private static double colourMatch(Mat image, Mat logo, Mat alpha, int x0, int y0) {
        double sum = 0;
        long n = 0;
        try (UByteIndexer im = image.createIndexer(); UByteIndexer lo = logo.createIndexer(); UByteIndexer al = alpha.createIndexer()) {
            for (int y = 0; y < logo.rows(); y++) {
                for (int x = 0; x < logo.cols(); x++) {
                    if (al.get(y, x) < OPAQUE) continue;
                    for (int c = 0; c < 3; c++) sum += Math.abs(im.get(y0 + y, x0 + x, c) - lo.get(y, x, c));
                    n += 3;
                }
            }
        }
        return n == 0 ? 0 : 1 - sum / n / 255.0 * COLOUR_WEIGHT;
    }

    // the colour pixels of a Java2D image as an 8-bit BGR Mat
    private static Mat colour(BufferedImage img) {
        Mat m = new Mat(img.getHeight(), img.getWidth(), CV_8UC3);
        try (UByteIndexer ix = m.createIndexer()) {
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    int p = img.getRGB(x, y);
                    ix.put(y, x, 0, p & 255);
                    ix.put(y, x, 1, (p >> 8) & 255);
                    ix.put(y, x, 2, (p >> 16) & 255);
                }
            }
        }
        return m;
    }

    // grey pixels (or the alpha channel) of a Java2D image as an 8-bit Mat
    private static Mat grey(BufferedImage img, boolean alpha) {
        Mat m = new Mat(img.getHeight(), img.getWidth(), CV_8UC1);
        try (UByteIndexer ix = m.createIndexer()) {
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    int p = img.getRGB(x, y);
                    int v = alpha ? (p >>> 24) : (int) Math.round(0.299 * ((p >> 16) & 255) + 0.587 * ((p >> 8) & 255) + 0.114 * (p & 255));
                    ix.put(y, x, v);
                }
            }
        }
        return m;
    }
}
