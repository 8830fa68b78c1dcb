package dev.imagehub.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.imagehub.testing.Fixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * Speed of smart crop (face detection with confirmation, then saliency) on the corpus JPEGs brought to 1080 px on the
 * short side, as the square hot folder sees them. Run with {@code -Dbench=true}; prints per-image times.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class SmartCropSpeedTest {

    @Test
    void should_place_a_square_on_a_1080px_photo_well_within_a_second() throws IOException {
        Path real = Fixtures.corpus().orElseThrow(() -> new AssertionError("needs ../shared/corpus")).resolve("real");
        List<Path> jpegs;
        try (Stream<Path> s = Files.list(real)) {
            jpegs = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        List<Mat> images = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path p : jpegs) {
            byte[] b = Files.readAllBytes(p);
            try (Mat buf = new Mat(new BytePointer(b)); Mat full = imdecode(buf, IMREAD_COLOR)) {
                double s = 1080.0 / Math.min(full.cols(), full.rows());
                if (full.empty() || s > 1) continue;
                Mat m = new Mat();
                try (Size size = new Size((int) Math.round(full.cols() * s), (int) Math.round(full.rows() * s))) {
                    resize(full, m, size, 0, 0, INTER_AREA);
                }
                images.add(m);
                names.add(p.getFileName().toString());
            }
        }
        images.stream().limit(3).forEach(m -> SmartCrop.place(m, 1080, 1080, null, null, 1)); // warm up (cascades load)
        long faces = 0, saliency = 0, total = 0;
        List<String> withFaces = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            Mat m = images.get(i);
            int side = Math.min(m.cols(), m.rows());
            long t0 = System.nanoTime();
            List<FaceDetector.Face> found = ConfirmedFaces.detect(m);
            long t1 = System.nanoTime();
            Saliency.place(m, side, side);
            long t2 = System.nanoTime();
            SmartCrop.place(m, side, side, null, null, 1);
            long t3 = System.nanoTime();
            faces += t1 - t0;
            saliency += t2 - t1;
            total += t3 - t2;
            if (!found.isEmpty()) withFaces.add(names.get(i) + " " + found);
        }
        int n = images.size();
        double mp = images.stream().mapToDouble(m -> m.cols() * (double) m.rows() / 1e6).sum();
        System.out.printf(Locale.ROOT, "smart crop on %d corpus JPEGs at 1080 px short side (%.1f MP): faces %.0f ms/image, saliency %.1f ms/image,"
                + " whole decision %.0f ms/image (%.1f MP/s); images with confirmed faces: %s%n",
                n, mp, faces / 1e6 / n, saliency / 1e6 / n, total / 1e6 / n, mp / (total / 1e9), withFaces);
        images.forEach(Mat::close);
        assertThat(n).isGreaterThan(20);
        assertThat(total / 1e6 / n).isLessThan(1000);
    }

    @Test
    void should_report_the_square_chain_steps_per_megapixel_on_the_full_corpus_jpegs() throws Exception {
        Path real = Fixtures.corpus().orElseThrow(() -> new AssertionError("needs ../shared/corpus")).resolve("real");
        List<Path> jpegs;
        try (Stream<Path> s = Files.list(real)) {
            jpegs = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        dev.imagehub.chain.StepCatalog steps = dev.imagehub.chain.StepCatalog.discover();
        Path dir = Files.createTempDirectory("bench-config");
        for (String[] c : new String[][] {
                {"resize fill 1080x1080 smart", "- resize: { mode: fill, width: 1080, height: 1080, gravity: smart }"},
                {"crop aspect 1:1 smart (full decode)", "- crop: { aspect: '1:1', gravity: smart }"}}) {
            Files.writeString(dir.resolve("chains.yaml"), "bench:\n  steps:\n    " + c[1] + "\n");
            var chain = dev.imagehub.chain.ChainCatalog.load(dir, "config", steps).get("bench");
            long stepMs = 0, chainMs = 0;
            double mp = 0;
            for (Path p : jpegs) {
                byte[] b = Files.readAllBytes(p);
                var info = ImageProbe.probe(b);
                long t = System.nanoTime();
                var result = dev.imagehub.chain.ChainRunner.run(chain, p.getFileName().toString(), b, info);
                chainMs += (System.nanoTime() - t) / 1_000_000;
                stepMs += result.usage().get(1).durationMs();
                mp += info.width() * (double) info.height() / 1e6;
            }
            System.out.printf(Locale.ROOT, "%s on %d corpus JPEGs (%.0f MP): step %.0f ms/image = %.1f source MP/s; whole chain (decode, step, encode) %.0f ms/image%n",
                    c[0], jpegs.size(), mp, (double) stepMs / jpegs.size(), mp / (stepMs / 1000.0), (double) chainMs / jpegs.size());
        }
    }
}
