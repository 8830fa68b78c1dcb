package dev.imagehub.brandcheck;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.imagehub.image.Rgba;

/**
 * The main colours of an image: k-means in CIELAB over a sample of its pixels, seeded deterministically (the most
 * common coarse colour first, then each next seed the sample farthest from those chosen), so the same image always
 * gives the same answer.
 */
public final class DominantColors {
    /** How many colours are looked for. */
    public static final int K = 6;
    private static final int ROUNDS = 20;

    /** One dominant colour and its share of the sampled pixels, 0 to 1. */
    public record Swatch(Rgba color, double[] lab, double share) {
    }

    private DominantColors() {
    }

    /** The dominant colours of the CIELAB samples ({@code samples[i] = {L, a, b}}), most common first; empty without samples. */
    public static List<Swatch> of(List<double[]> samples) {
        if (samples.isEmpty()) return List.of();
        List<double[]> centres = seeds(samples, Math.min(K, samples.size()));
        int[] assignment = new int[samples.size()];
        for (int round = 0; round < ROUNDS; round++) {
            boolean moved = false;
            for (int i = 0; i < samples.size(); i++) {
                int best = nearest(samples.get(i), centres);
                if (best != assignment[i]) moved = true;
                assignment[i] = best;
            }
            double[][] sums = new double[centres.size()][4];
            for (int i = 0; i < samples.size(); i++) {
                double[] s = samples.get(i);
                double[] sum = sums[assignment[i]];
                sum[0] += s[0];
                sum[1] += s[1];
                sum[2] += s[2];
                sum[3]++;
            }
            for (int c = 0; c < centres.size(); c++) {
                if (sums[c][3] > 0) centres.set(c, new double[] {sums[c][0] / sums[c][3], sums[c][1] / sums[c][3], sums[c][2] / sums[c][3]});
            }
            if (!moved && round > 0) break;
        }
        int[] counts = new int[centres.size()];
        for (int a : assignment) counts[a]++;
        List<Swatch> out = new ArrayList<>();
        for (int c = 0; c < centres.size(); c++) {
            if (counts[c] > 0) out.add(new Swatch(Ciede2000.rgb(centres.get(c)), centres.get(c), (double) counts[c] / samples.size()));
        }
        out.sort(Comparator.comparingDouble(Swatch::share).reversed());
        return out;
    }

    private static List<double[]> seeds(List<double[]> samples, int k) {
        // the centre of the most populated coarse Lab cell starts; farthest-point seeding adds the rest
        java.util.Map<Long, Integer> cells = new java.util.HashMap<>();
        int bestCount = -1;
        double[] first = samples.get(0);
        for (double[] s : samples) {
            long cell = ((long) Math.floor(s[0] / 10) << 40) ^ ((long) Math.floor(s[1] / 10 + 1000) << 20) ^ (long) Math.floor(s[2] / 10 + 1000);
            int n = cells.merge(cell, 1, Integer::sum);
            if (n > bestCount) {
                bestCount = n;
                first = s;
            }
        }
        List<double[]> centres = new ArrayList<>();
        centres.add(first.clone());
        double[] nearestDist = new double[samples.size()];
        java.util.Arrays.fill(nearestDist, Double.MAX_VALUE);
        while (centres.size() < k) {
            double[] last = centres.get(centres.size() - 1);
            int far = -1;
            double farDist = 0;
            for (int i = 0; i < samples.size(); i++) {
                nearestDist[i] = Math.min(nearestDist[i], sq(samples.get(i), last));
                if (nearestDist[i] > farDist) {
                    farDist = nearestDist[i];
                    far = i;
                }
            }
            if (far < 0) break; // fewer distinct colours than k
            centres.add(samples.get(far).clone());
        }
        return centres;
    }

    private static int nearest(double[] s, List<double[]> centres) {
        int best = 0;
        double bestD = Double.MAX_VALUE;
        for (int c = 0; c < centres.size(); c++) {
            double d = sq(s, centres.get(c));
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }

    private static double sq(double[] a, double[] b) {
        double dl = a[0] - b[0];
        double da = a[1] - b[1];
        double db = a[2] - b[2];
        return dl * dl + da * da + db * db;
    }
}
