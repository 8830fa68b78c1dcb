package dev.imagehub.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2BGRA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * Measures the colour and metadata work on corpus photos: sRGB conversion per output megapixel, the sRGB check,
 * the CMYK-with-profile decode at each shrink-on-load factor against OpenCV's profile-less decode, and the EXIF
 * rebuild. Run with {@code bench/color-bench.sh} (needs ../shared/corpus).
 */
public final class ColorBench {
    private static final int REPS = 5;

    private ColorBench() {
    }

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args.length > 0 ? args[0] : "../shared/corpus");
        byte[] p3 = Files.readAllBytes(corpus.resolve("real/photo-digikam-about-iphone7-p3.jpg"));
        ImageInfo info = ImageProbe.probe(p3);
        byte[] icc = info.icc();
        System.out.println("Display P3 -> sRGB (ColorConvertOp / LittleCMS), photo-digikam-about-iphone7-p3.jpg");
        long t0 = System.nanoTime();
        boolean srgb = ColorManagement.isSrgb(icc);
        long first = System.nanoTime() - t0;
        double cached = medianMs(() -> {
            for (int i = 0; i < 1000; i++) ColorManagement.isSrgb(icc);
        });
        System.out.printf(Locale.ROOT, "  sRGB check: %s, first %.1f ms (loads the colour engine), then %.1f us per image%n",
                srgb, first / 1e6, cached);
        try (WorkingImage full = ImageDecoder.decode(p3, info, 1)) {
            for (int width : new int[] {4032, 2048, 1200}) {
                for (boolean alpha : new boolean[] {false, true}) {
                    try (Mat scaled = scaled(full.mat(), width, alpha)) {
                        double mp = scaled.cols() * (double) scaled.rows() / 1e6;
                        long[] ns = new long[REPS];
                        for (int r = 0; r < REPS; r++) {
                            try (WorkingImage w = new WorkingImage(scaled.clone())) {
                                long s = System.nanoTime();
                                ColorManagement.toSrgb(w, icc);
                                ns[r] = System.nanoTime() - s;
                            }
                        }
                        Arrays.sort(ns);
                        double ms = ns[REPS / 2] / 1e6;
                        System.out.printf(Locale.ROOT, "  %dx%d %s (%.2f MP): median %.1f ms = %.1f ms/MP (%.0f MP/s)%n",
                                scaled.cols(), scaled.rows(), alpha ? "BGRA" : "BGR", mp, ms, ms / mp, mp / (ms / 1000));
                    }
                }
            }
        }

        byte[] cmyk = Files.readAllBytes(corpus.resolve("derived/cmyk-icc-sunset-12mp.jpg"));
        ImageInfo cmykInfo = ImageProbe.probe(cmyk);
        ImageInfo noProfile = new ImageInfo(cmykInfo.format(), cmykInfo.width(), cmykInfo.height(), 1, null, null, 4);
        System.out.println("CMYK JPEG 12.2 MP (cmyk-icc-sunset-12mp.jpg): through its profile vs OpenCV by formula");
        for (int reduction : new int[] {1, 2, 4, 8}) {
            double managed = medianMs(() -> ImageDecoder.decode(cmyk, cmykInfo, reduction).close());
            double formula = medianMs(() -> ImageDecoder.decode(cmyk, noProfile, reduction).close());
            System.out.printf(Locale.ROOT, "  1/%d: profile %.0f ms, formula %.0f ms%n", reduction, managed, formula);
        }

        byte[] camera = Files.readAllBytes(corpus.resolve("real/photo-lxqt-after-the-rain.jpg"));
        byte[] exif = JpegStructure.parse(camera).exif();
        ExifRewriter.Target target = new ExifRewriter.Target(MetadataPolicy.ALL, false, 1, 1200, 797);
        double rewrite = medianMs(() -> {
            for (int i = 0; i < 1000; i++) ExifRewriter.rewrite(exif, target);
        });
        System.out.printf(Locale.ROOT, "EXIF rebuild (PENTAX K-7 block, %d bytes): %.1f us per image%n", exif.length, rewrite);
    }

    private interface Work {
        void run() throws Exception;
    }

    private static double medianMs(Work work) throws Exception {
        work.run();                                          // warm-up
        long[] ns = new long[REPS];
        for (int r = 0; r < REPS; r++) {
            long s = System.nanoTime();
            work.run();
            ns[r] = System.nanoTime() - s;
        }
        Arrays.sort(ns);
        return ns[REPS / 2] / 1e6;
    }

    private static Mat scaled(Mat full, int width, boolean alpha) {
        Mat out = new Mat();
        if (width >= full.cols()) full.copyTo(out);
        else resize(full, out, new Size(width, full.rows() * width / full.cols()), 0, 0, INTER_AREA);
        if (!alpha) return out;
        Mat bgra = new Mat();
        cvtColor(out, bgra, COLOR_BGR2BGRA);
        out.close();
        return bgra;
    }
}
