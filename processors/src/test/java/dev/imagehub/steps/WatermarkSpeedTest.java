package dev.imagehub.steps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.chain.ChainCatalog;
import dev.imagehub.chain.ChainResult;
import dev.imagehub.chain.ChainRunner;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.ledger.UsageRecord;
import dev.imagehub.testing.Fixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Time of the watermark step alone on corpus photos fitted to 2048 px, for each shipped template (as recorded in
 * the ledger row of the step). Prints the figures quoted in docs/watermarks.md; runs where ../shared/corpus exists.
 */
class WatermarkSpeedTest {
    @TempDir
    Path tmp;

    @Test
    void should_watermark_a_2048_px_photo_well_within_a_second_with_every_template() throws Exception {
        assumeTrue(Fixtures.corpus().isPresent(), "../shared/corpus is not here");
        List<Path> photos;
        try (Stream<Path> s = Files.list(Fixtures.corpus().get().resolve("real"))) {
            photos = s.filter(p -> p.getFileName().toString().matches("(photo|wall)-.*\\.jpg")).sorted().filter(WatermarkSpeedTest::atLeast2048)
                    .limit(8).toList();
        }
        WatermarkRun run = new WatermarkRun(tmp);
        Map<String, String> templates = new LinkedHashMap<>();
        templates.put("copyright", "- watermark: { template: copyright }");
        templates.put("proof", "- watermark: { template: proof }");
        templates.put("brand-corner", "- watermark: { template: brand-corner }");
        templates.put("text smart", "- watermark: { text: '© imagehub', position: smart }");
        for (Map.Entry<String, String> t : templates.entrySet()) {
            // a cheap encode keeps the test short; only the watermark step's own time is measured
            ChainCatalog catalog = run.catalogEncoding("jpeg", "quality: 50", "- resize: { width: 2048, height: 2048 }", t.getValue());
            byte[] warm = Files.readAllBytes(photos.get(0));
            ChainRunner.run(catalog.get("test"), "warm.jpg", warm, ImageProbe.probe(warm));
            long millis = 0;
            double megapixels = 0;
            for (Path p : photos) {
                byte[] bytes = Files.readAllBytes(p);
                ChainResult r = ChainRunner.run(catalog.get("test"), p.getFileName().toString(), bytes, ImageProbe.probe(bytes));
                UsageRecord step = r.usage().stream().filter(u -> u.step().equals("watermark")).findFirst().orElseThrow();
                millis += step.durationMs();
                megapixels += r.outputs().get(0).width() * (double) r.outputs().get(0).height() / 1e6;
            }
            double perImage = (double) millis / photos.size();
            System.out.printf(Locale.ROOT, "watermark %-13s %2d photos fitted to 2048 px: %6.1f ms per image, %6.1f MP/s%n", t.getKey(),
                    photos.size(), perImage, megapixels / Math.max(1, millis) * 1000);
            assertThat(perImage).as("ms per 2048 px image, %s", t.getKey()).isLessThan(500);
        }
    }

    private static boolean atLeast2048(Path jpeg) {
        try {
            var info = ImageProbe.probe(Files.readAllBytes(jpeg));
            return Math.max(info.orientedWidth(), info.orientedHeight()) >= 2048;
        } catch (Exception e) {
            throw new IllegalStateException(jpeg + ": " + e.getMessage(), e);
        }
    }
}
