package dev.imagehub.testing;

import java.nio.FloatBuffer;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.TermCriteria;

import dev.imagehub.image.enhance.Clipping;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.KMEANS_PP_CENTERS;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_core.kmeans;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2Lab;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

/**
 * What an enhancement did to a photo, in the terms a photographer checks (docs/enhance.md): whether near-neutral
 * surfaces got a colour (mean change of CIELAB chroma where the original was near-grey) and muted colours turned vivid
 * (the same where it was below 20), how many pixels newly clip,
 * whether the dominant colours changed hue (largest change, in degrees, over the five k-means clusters holding the most
 * chromatic pixels), and whether the scene's key and contrast survive (mean and spread of L*).
 */
public record EnhanceMetrics(double neutralChromaBefore, double neutralChromaAfter, double neutralShare, double mutedChromaBefore,
                             double mutedChromaAfter, double clippedBefore,
                             double clippedAfter, double newlyClipped, double dominantHueShift, double meanLBefore, double meanLAfter,
                             double spreadLBefore, double spreadLAfter) {
    /** CIELAB chroma below which a pixel counts as near-neutral (a grey board, fog, white walls). */
    public static final double NEUTRAL = 8;
    /** CIELAB chroma below which a colour is muted (a weathered board, sand, skin in shade): it must not turn vivid. */
    public static final double MUTED = 20;
    /** CIELAB chroma above which a pixel's hue is clear enough to measure. */
    public static final double CHROMATIC = 15;
    /** Colourful pixels the dominant colours are clustered from. */
    static final int SAMPLES = 20_000;

    public double neutralChromaChange() {
        return neutralChromaAfter - neutralChromaBefore;
    }

    /** A chroma difference a viewer can just notice (CIELAB JND, about 2.3). */
    public static final double NOTICEABLE = 2.3;

    /**
     * How much more colourful muted colours became, as a ratio (1 = unchanged). Against at least a just-noticeable
     * chroma: a grayscale picture going from 0.0 to 0.1 has not become "twice as colourful".
     */
    public double mutedChromaRatio() {
        return mutedChromaAfter / Math.max(mutedChromaBefore, NOTICEABLE);
    }

    public double clippedChange() {
        return clippedAfter - clippedBefore;
    }

    public double meanLChange() {
        return meanLAfter - meanLBefore;
    }

    public double spreadRatio() {
        return spreadLBefore == 0 ? 1 : spreadLAfter / spreadLBefore;
    }

    /** The figures for {@code before} and {@code after}: 8-bit BGR of the same size (compare at a working size). */
    public static EnhanceMetrics of(Mat before, Mat after) {
        float[] lab0 = lab(before);
        float[] lab1 = lab(after);
        int n = lab0.length / 3;
        double neutral0 = 0, neutral1 = 0, muted0 = 0, muted1 = 0;
        int neutral = 0, muted = 0;
        double sumL0 = 0, sumL1 = 0, sq0 = 0, sq1 = 0;
        int chromatic = 0;
        for (int i = 0; i < n; i++) {
            double l0 = lab0[3 * i], a0 = lab0[3 * i + 1], b0 = lab0[3 * i + 2];
            double l1 = lab1[3 * i], a1 = lab1[3 * i + 1], b1 = lab1[3 * i + 2];
            double c0 = chroma(a0, b0);
            sumL0 += l0;
            sumL1 += l1;
            sq0 += l0 * l0;
            sq1 += l1 * l1;
            if (c0 < NEUTRAL && l0 > 10 && l0 < 95) {
                neutral0 += c0;
                neutral1 += chroma(a1, b1);
                neutral++;
            }
            if (c0 < MUTED && l0 > 10 && l0 < 95) {
                muted0 += c0;
                muted1 += chroma(a1, b1);
                muted++;
            }
            if (c0 > CHROMATIC) chromatic++;
        }
        double mean0 = sumL0 / n, mean1 = sumL1 / n;
        double spread0 = Math.sqrt(Math.max(0, sq0 / n - mean0 * mean0));
        double spread1 = Math.sqrt(Math.max(0, sq1 / n - mean1 * mean1));
        double clipped0, clipped1;
        try (Mat m0 = Clipping.mask(before); Mat m1 = Clipping.mask(after)) {
            clipped0 = (double) countNonZero(m0) / n;
            clipped1 = (double) countNonZero(m1) / n;
        }
        double fresh = Clipping.newlyClipped(before, after, null);
        double hueShift = chromatic < 50 ? 0 : dominantHueShift(lab0, lab1, chromatic);
        return new EnhanceMetrics(neutral == 0 ? 0 : neutral0 / neutral, neutral == 0 ? 0 : neutral1 / neutral, (double) neutral / n,
                muted == 0 ? 0 : muted0 / muted, muted == 0 ? 0 : muted1 / muted, clipped0, clipped1, fresh, hueShift, mean0, mean1, spread0, spread1);
    }

    // k-means on the (a, b) of the chromatic pixels of the original; per cluster, the hue of its mean before and after
    private static double dominantHueShift(float[] lab0, float[] lab1, int chromatic) {
        int k = Math.min(5, chromatic / 10);
        int[] index = new int[chromatic];
        int j = 0;
        for (int i = 0; i < lab0.length / 3; i++) {
            if (chroma(lab0[3 * i + 1], lab0[3 * i + 2]) > CHROMATIC) index[j++] = i;
        }
        // the clusters are found on at most SAMPLES evenly spread pixels (k-means on all of them costs seconds a photo);
        // every colourful pixel is then counted in its nearest cluster
        int step = Math.max(1, chromatic / SAMPLES);
        int n = (chromatic + step - 1) / step;
        float[] centre;
        try (Mat samples = new Mat(n, 2, CV_32F); Mat labels = new Mat(); Mat centres = new Mat()) {
            FloatBuffer s = samples.createBuffer();
            for (int p = 0; p < n; p++) {
                int i = index[p * step];
                s.put(2 * p, lab0[3 * i + 1]);
                s.put(2 * p + 1, lab0[3 * i + 2]);
            }
            try (TermCriteria tc = new TermCriteria(TermCriteria.COUNT + TermCriteria.EPS, 20, 0.5)) {
                kmeans(samples, k, labels, tc, 2, KMEANS_PP_CENTERS, centres);
            }
            centre = new float[2 * k];
            centres.<FloatBuffer>createBuffer().get(centre);
        }
        {
            double[][] sum = new double[k][5];
            for (int p = 0; p < chromatic; p++) {
                int i = index[p];
                int c = nearest(centre, lab0[3 * i + 1], lab0[3 * i + 2]);
                sum[c][0] += lab0[3 * i + 1];
                sum[c][1] += lab0[3 * i + 2];
                sum[c][2] += lab1[3 * i + 1];
                sum[c][3] += lab1[3 * i + 2];
                sum[c][4]++;
            }
            double worst = 0;
            for (double[] c : sum) {
                if (c[4] < chromatic * 0.05) continue;                  // clusters of at least 5 % of the colourful pixels
                double h0 = Math.toDegrees(Math.atan2(c[1], c[0]));
                double h1 = Math.toDegrees(Math.atan2(c[3], c[2]));
                double d = Math.abs(h1 - h0) % 360;
                worst = Math.max(worst, Math.min(d, 360 - d));
            }
            return worst;
        }
    }

    // sqrt rather than Math.hypot, which guards against overflow these values never reach and costs 10x more
    private static double chroma(double a, double b) {
        return Math.sqrt(a * a + b * b);
    }

    private static int nearest(float[] centre, float a, float b) {
        int best = 0;
        double bestD = Double.MAX_VALUE;
        for (int c = 0; c < centre.length / 2; c++) {
            double d = (a - centre[2 * c]) * (a - centre[2 * c]) + (b - centre[2 * c + 1]) * (b - centre[2 * c + 1]);
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }

    // CIELAB with L* 0..100 and a*, b* around 0, interleaved, from 8-bit BGR
    private static float[] lab(Mat bgr) {
        try (Mat f = new Mat(); Mat lab = new Mat()) {
            bgr.convertTo(f, CV_32F, 1 / 255.0, 0);
            cvtColor(f, lab, COLOR_BGR2Lab);
            float[] out = new float[lab.rows() * lab.cols() * 3];
            FloatBuffer b = lab.createBuffer();
            b.get(out);
            return out;
        }
    }
}
