package dev.imagehub.intake;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.image.ImageFormat;
import dev.imagehub.image.JpegStructure;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole shared corpus (real and derived: every format, CMYK, 16-bit, EXIF orientations, alpha, 24 MP) through the
 * web folder. Runs where ../shared/corpus exists, as in CI; skipped on a bare clone.
 */
class CorpusRouteIT {

    @TempDir
    Path home;

    @Test
    void should_take_every_corpus_file_to_exactly_one_place_with_correct_web_output() throws Exception {
        assumeTrue(Fixtures.corpus().isPresent(), "../shared/corpus is not here");
        Path corpus = Fixtures.corpus().get();
        List<Path> inputs;
        try (Stream<Path> real = Files.list(corpus.resolve("real")); Stream<Path> derived = Files.list(corpus.resolve("derived"))) {
            inputs = Stream.concat(real, derived).filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(inputs).hasSizeGreaterThan(70);
        Set<String> animated = new TreeSet<>(List.of("gif-hugin-ca-fringes-animated.gif", "gif-hugin-parallax-animated.gif"));

        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            for (Path in : inputs) hub.drop("web", in.getFileName().toString(), Files.readAllBytes(in));
            hub.awaitFiles(hub.done("web"), inputs.size() - animated.size());
            hub.awaitInboxEmpty("web");

            // exactly one place each: archived with a result, or failed with a sidecar (only the animations)
            Set<String> failed = new TreeSet<>(TestHub.names(hub.failed("web")));
            failed.removeIf(n -> n.endsWith(".error.json"));
            assertThat(failed).isEqualTo(animated);
            assertThat(TestHub.files(hub.done("web"))).hasSize(inputs.size() - animated.size());
            assertThat(TestHub.files(hub.outbox("web"))).hasSize(inputs.size() - animated.size());

            for (Path out : TestHub.files(hub.outbox("web"))) {
                byte[] bytes = Files.readAllBytes(out);
                assertThat(ImageFormat.sniff(bytes)).as("format of %s", out.getFileName()).isEqualTo(ImageFormat.JPEG);
                JpegStructure jpeg = JpegStructure.parse(bytes);
                assertThat(Math.max(jpeg.width(), jpeg.height())).as("longest side of %s", out.getFileName()).isLessThanOrEqualTo(1600);
                assertThat(jpeg.exif()).as("EXIF in %s", out.getFileName()).isNull();
                assertThat(jpeg.progressive()).isTrue();
                // metadata bloat is gone: no 1600 px result is anywhere near the 7 MB of XMP in wall-ukui-rhythm.jpg
                assertThat(bytes.length).as("size of %s", out.getFileName()).isLessThan(2_000_000);
            }
            // the consistent EXIF orientations all come out as the same upright landscape
            for (String n : List.of("orient3-picosdeeuropa.jpg", "orient6-picosdeeuropa.jpg", "orient8-picosdeeuropa.jpg")) {
                BufferedImage img = Images.read(hub.outbox("web").resolve(n));
                assertThat(img.getWidth() + "x" + img.getHeight()).as(n).isEqualTo("1600x1200");
            }
            BufferedImage upright = Images.read(hub.outbox("web").resolve("photo-picosdeeuropa-aitzol-berasategi.jpg"));
            for (String n : List.of("orient3-picosdeeuropa.jpg", "orient6-picosdeeuropa.jpg", "orient8-picosdeeuropa.jpg")) {
                assertThat(HotFolderRouteIT.meanAbsoluteError(Images.read(hub.outbox("web").resolve(n)), upright))
                        .as("%s matches the upright original", n).isLessThan(6.0);
            }
            // CMYK without a profile: colours like the RGB original, not washed out
            BufferedImage cmyk = Images.read(hub.outbox("web").resolve("cmyk-sunset-12mp.jpg"));
            BufferedImage rgb = Images.read(hub.outbox("web").resolve("photo-sunset-aitzol-berasategi.jpg"));
            assertThat(HotFolderRouteIT.meanAbsoluteError(cmyk, rgb)).as("CMYK vs RGB original").isLessThan(8.0);

            List<Map<String, Object>> perFile = hub.sql("SELECT file_name, COUNT(DISTINCT job_id) AS jobs FROM usage_log GROUP BY file_name");
            assertThat(perFile).hasSize(inputs.size()).allSatisfy(r -> assertThat(((Number) r.get("jobs")).intValue()).isEqualTo(1));
        }
    }
}
