package dev.imagehub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.bytedeco.opencv.opencv_core.Mat;

import dev.imagehub.image.EncodeSettings;
import dev.imagehub.image.ImageDecoder;
import dev.imagehub.image.ImageEncoder;
import dev.imagehub.image.ImageFormat;
import dev.imagehub.image.ImageInfo;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.image.WorkingImage;

import static org.bytedeco.opencv.global.opencv_core.PSNR;

/**
 * The hub's WebP/AVIF encoders on a folder of PNGs, the way {@code cwebp}/{@code avifenc} run over it in
 * {@code bench/encoders-bench.sh}: per file read the PNG, decode, encode, write; {@code threads} files at a time; one
 * warm-up pass, then timed passes. Also measures the PSNR of any folder of encoded files against the PNGs, so both
 * tools are compared at the quality they actually reached.
 *
 * <pre>
 *   encode IN OUT webp|avif QUALITY THREADS RUNS   prints: median_s min_s max_s total_bytes
 *   psnr IN DIR SUFFIX                             prints: mean_psnr_db files   (DIR/NAME.png + SUFFIX)
 * </pre>
 */
public final class EncoderBench {
    private EncoderBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 7 && args[0].equals("encode")) {
            encode(Path.of(args[1]), Path.of(args[2]), ImageFormat.fromName(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]), Integer.parseInt(args[6]));
        } else if (args.length == 4 && args[0].equals("psnr")) {
            psnr(Path.of(args[1]), Path.of(args[2]), args[3]);
        } else {
            System.err.println("usage: encode IN OUT webp|avif QUALITY THREADS RUNS | psnr IN DIR SUFFIX");
            System.exit(2);
        }
    }

    private static void encode(Path in, Path out, ImageFormat format, int quality, int threads, int runs) throws Exception {
        List<Path> files = pngs(in);
        Files.createDirectories(out);
        EncodeSettings settings = new EncodeSettings();
        settings.quality(quality);
        double[] seconds = new double[runs];
        long bytes = 0;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int run = -1; run < runs; run++) {
                AtomicLong total = new AtomicLong();
                long start = System.nanoTime();
                List<Future<?>> jobs = new ArrayList<>();
                for (Path f : files) {
                    jobs.add(pool.submit(() -> {
                        byte[] png = Files.readAllBytes(f);
                        ImageInfo info = ImageProbe.probe(png);
                        try (WorkingImage image = ImageDecoder.decode(png, info, 1)) {
                            byte[] encoded = ImageEncoder.encode(image, format, settings, null, null);
                            Files.write(out.resolve(f.getFileName() + "." + format.extension()), encoded);
                            total.addAndGet(encoded.length);
                        }
                        return null;
                    }));
                }
                for (Future<?> j : jobs) j.get();
                if (run >= 0) seconds[run] = (System.nanoTime() - start) / 1e9;
                bytes = total.get();
            }
        } finally {
            pool.shutdown();
        }
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%.3f %.3f %.3f %d%n", sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1], bytes);
    }

    private static void psnr(Path in, Path dir, String suffix) throws Exception {
        double sum = 0;
        int n = 0;
        for (Path f : pngs(in)) {
            Path encoded = dir.resolve(f.getFileName() + suffix);
            if (!Files.exists(encoded)) continue;
            try (WorkingImage a = decode(f); WorkingImage b = decode(encoded)) {
                // a grey PNG comes back from AVIF as BGR: compare like with like
                if (a.channels() == 1 && b.channels() == 3) toBgr(a);
                if (b.channels() == 1 && a.channels() == 3) toBgr(b);
                sum += Math.min(100, PSNR(a.mat(), b.mat()));   // identical images report infinity; cap so the mean stays finite
                n++;
            }
        }
        System.out.printf(Locale.ROOT, "%.2f %d%n", n == 0 ? 0 : sum / n, n);
    }

    private static void toBgr(WorkingImage grey) {
        Mat bgr = new Mat();
        org.bytedeco.opencv.global.opencv_imgproc.cvtColor(grey.mat(), bgr, org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR);
        grey.replace(bgr);
    }

    private static WorkingImage decode(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        WorkingImage image = ImageDecoder.decode(bytes, ImageProbe.probe(bytes), 1);
        image.dropOpaqueAlpha();
        return image;
    }

    private static List<Path> pngs(Path in) throws IOException {
        try (Stream<Path> s = Files.list(in)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".png")).sorted().toList();
        }
    }
}
