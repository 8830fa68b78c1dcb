package dev.imagehub.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.bytedeco.opencv.opencv_core.Mat;

import dev.imagehub.chain.StepContext;
import dev.imagehub.chain.StepHarness;
import dev.imagehub.image.ImageDecoder;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.image.Resampler;
import dev.imagehub.image.WorkingImage;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

/**
 * Megapixels per second of each enhancement step on the real photos of the corpus, at a 1600 px working size (fastest
 * of 3 runs per photo) and at full size (1 run). Not a test: run it by hand with {@code bench/enhance-bench.sh}.
 * Times are wall-clock, including OpenCV's own threads; the step copies the pixels it is given, as in a chain.
 *
 * <p>Arguments: the corpus folder (default ../shared/corpus), then optionally {@code --full} to add full-size runs,
 * {@code --limit N} to use the first N photos, {@code --samples DIR} to write each step's result for the first photo.
 */
public final class EnhanceBench {
    static final Map<String, String> STEPS = new LinkedHashMap<>();

    static {
        STEPS.put("autoEnhance", "{ }");
        STEPS.put("whiteBalance", "{ }");
        STEPS.put("exposure", "{ auto: true }");
        STEPS.put("denoise", "{ }");
        STEPS.put("sharpen", "{ }");
        STEPS.put("vignette", "{ }");
        STEPS.put("filter sepia", "{ name: sepia }");
        STEPS.put("filter vintage", "{ name: vintage }");
        STEPS.put("filter warm", "{ name: warm }");
        STEPS.put("autoEnhance compare", "{ compare: true }");
    }

    private EnhanceBench() {
    }

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args.length > 0 && !args[0].startsWith("--") ? args[0] : "../shared/corpus");
        boolean full = List.of(args).contains("--full");
        int limit = option(args, "--limit", Integer.MAX_VALUE);
        String samples = stringOption(args, "--samples");
        List<Path> photos;
        try (Stream<Path> s = Files.list(corpus.resolve("real"))) {
            photos = s.filter(p -> p.getFileName().toString().matches("(photo|wall)-.*\\.jpg")).sorted().limit(limit).toList();
        }
        Map<String, double[]> working = new LinkedHashMap<>(); // step -> {megapixels, seconds}
        Map<String, double[]> fullSize = new LinkedHashMap<>();
        warmUp(photos.get(0));
        boolean first = true;
        for (Path photo : photos) {
            byte[] bytes = Files.readAllBytes(photo);
            try (WorkingImage decoded = ImageDecoder.decode(bytes, ImageProbe.probe(bytes), 1)) {
                Mat src = decoded.mat();
                double s = Math.min(1.0, 1600.0 / Math.max(src.cols(), src.rows()));
                try (Mat small = Resampler.resize(src, (int) Math.round(src.cols() * s), (int) Math.round(src.rows() * s))) {
                    measure(small, working, first ? samples : null, 3);
                    if (full) measure(src, fullSize, null, 1);
                }
            }
            first = false;
            System.err.println("done " + photo.getFileName());
        }
        System.out.printf(Locale.ROOT, "%d photos from %s%n", photos.size(), corpus.resolve("real"));
        report("1600 px working size", working);
        if (full) report("full size", fullSize);
    }

    // loads the natives and lets the JIT compile the steps, so the first photo is not charged for it
    private static void warmUp(Path photo) throws Exception {
        byte[] bytes = Files.readAllBytes(photo);
        try (WorkingImage decoded = ImageDecoder.decode(bytes, ImageProbe.probe(bytes), 1);
             Mat small = Resampler.resize(decoded.mat(), 800, Math.max(1, 800 * decoded.height() / decoded.width()))) {
            for (int i = 0; i < 3; i++) measure(small, new LinkedHashMap<>(), null, 1);
        }
    }

    /** Adds the fastest of {@code reps} runs of every step on {@code src} to {@code totals}: the machine is shared. */
    private static void measure(Mat src, Map<String, double[]> totals, String samples, int reps) throws Exception {
        double mp = src.cols() * (double) src.rows() / 1e6;
        List<Mat> sheet = new ArrayList<>();
        if (samples != null) sheet.add(thumb(src));
        for (Map.Entry<String, String> e : STEPS.entrySet()) {
            String step = e.getKey().split(" ")[0];
            double seconds = Double.MAX_VALUE;
            for (int r = 1; r < reps; r++) {
                try (StepContext ctx = StepHarness.context(src)) {
                    long start = System.nanoTime();
                    StepHarness.apply(ctx, step, e.getValue());
                    seconds = Math.min(seconds, (System.nanoTime() - start) / 1e9);
                }
            }
            try (StepContext ctx = StepHarness.context(src)) {
                long start = System.nanoTime();
                StepHarness.apply(ctx, step, e.getValue());
                seconds = Math.min(seconds, (System.nanoTime() - start) / 1e9);
                double[] t = totals.computeIfAbsent(e.getKey(), k -> new double[2]);
                t[0] += mp;
                t[1] += seconds;
                if (samples != null) {
                    Files.createDirectories(Path.of(samples));
                    imwrite(Path.of(samples, e.getKey().replace(' ', '-') + ".jpg").toString(), ctx.image().mat());
                    sheet.add(thumb(ctx.image().mat()));
                    for (StepContext.Extra x : ctx.extras()) {
                        imwrite(Path.of(samples, e.getKey().replace(' ', '-') + x.suffix() + ".jpg").toString(), x.image().mat());
                    }
                }
            }
        }
        if (samples != null) writeSheet(sheet, Path.of(samples, "sheet.jpg"));
    }

    // a contact sheet of the original and every step's result, 3 per row, to look at instead of opening each file
    private static void writeSheet(List<Mat> thumbs, Path file) {
        List<Mat> rows = new ArrayList<>();
        for (int i = 0; i < thumbs.size(); i += 3) {
            try (org.bytedeco.opencv.opencv_core.MatVector row = new org.bytedeco.opencv.opencv_core.MatVector()) {
                for (int j = i; j < i + 3; j++) {
                    row.push_back(j < thumbs.size() ? thumbs.get(j) : new Mat(thumbs.get(0).size(), thumbs.get(0).type(), new org.bytedeco.opencv.opencv_core.Scalar(0.0)));
                }
                Mat r = new Mat();
                org.bytedeco.opencv.global.opencv_core.hconcat(row, r);
                rows.add(r);
            }
        }
        try (org.bytedeco.opencv.opencv_core.MatVector all = new org.bytedeco.opencv.opencv_core.MatVector(rows.toArray(new Mat[0])); Mat out = new Mat()) {
            org.bytedeco.opencv.global.opencv_core.vconcat(all, out);
            imwrite(file.toString(), out);
        }
    }

    private static Mat thumb(Mat m) {
        Mat bgr = new Mat();
        if (m.channels() == 1) org.bytedeco.opencv.global.opencv_imgproc.cvtColor(m, bgr, org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR);
        else if (m.channels() == 4) org.bytedeco.opencv.global.opencv_imgproc.cvtColor(m, bgr, org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR);
        else bgr = m;
        return Resampler.resize(bgr, 520, (int) Math.round(520.0 * m.rows() / m.cols()));
    }

    private static void report(String title, Map<String, double[]> totals) {
        System.out.println(title + ":");
        System.out.println("| step | options | MP/s | ms per MP |");
        System.out.println("|---|---|---:|---:|");
        for (Map.Entry<String, double[]> e : totals.entrySet()) {
            double[] t = e.getValue();
            System.out.printf(Locale.ROOT, "| %s | `%s` | %.1f | %.1f |%n", e.getKey().split(" ")[0], STEPS.get(e.getKey()), t[0] / t[1], 1000 * t[1] / t[0]);
        }
    }

    private static int option(String[] args, String name, int fallback) {
        String v = stringOption(args, name);
        return v == null ? fallback : Integer.parseInt(v);
    }

    private static String stringOption(String[] args, String name) {
        List<String> list = new ArrayList<>(List.of(args));
        int i = list.indexOf(name);
        return i >= 0 && i + 1 < list.size() ? list.get(i + 1) : null;
    }
}
