package dev.imagehub.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

import dev.imagehub.testing.Fixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every JPEG of the shared corpus, fitted to 1600 px, through a 200 KB budget: the budget is met, the quality is the
 * highest that fits, and the search costs at most 7 encodes per image on average. Prints the figures for
 * docs/compression.md. {@code -Dbudget.format=webp} (or avif once available) runs the same over another format.
 */
class BudgetCorpusIT {
    private static final long BUDGET = 200_000;
    private static final int BOX = 1600;

    /** One image's search. */
    record Row(String file, int width, int height, int encodes, Integer quality, int bytes, double ms, double singleMs, boolean downscaled) {
    }

    @Test
    void should_fit_every_corpus_jpeg_at_1600px_into_200kb_in_at_most_7_encodes_on_average() throws Exception {
        assumeTrue(Fixtures.corpus().isPresent(), "../shared/corpus is not here");
        ImageFormat format = ImageFormat.fromName(System.getProperty("budget.format", "jpeg"));
        List<Path> jpegs;
        try (Stream<Path> s = Files.list(Fixtures.corpus().get().resolve("real"))) {
            jpegs = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jpg")).sorted().toList();
        }
        assertThat(jpegs).hasSizeGreaterThan(40);

        List<Row> rows = new ArrayList<>();
        for (Path file : jpegs) {
            try (WorkingImage image = fitted(Files.readAllBytes(file))) {
                rows.add(search(file.getFileName().toString(), image, format));
            }
        }

        double meanEncodes = rows.stream().mapToInt(Row::encodes).average().orElseThrow();
        int maxEncodes = rows.stream().mapToInt(Row::encodes).max().orElseThrow();
        double searchMs = rows.stream().mapToDouble(Row::ms).sum();
        double singleMs = rows.stream().mapToDouble(Row::singleMs).sum();
        long downscaled = rows.stream().filter(Row::downscaled).count();
        Row worst = rows.stream().filter(r -> r.encodes() == maxEncodes).findFirst().orElseThrow();
        System.out.printf(Locale.ROOT, "maxBytes %d KB over %d corpus JPEGs fitted to %d px as %s: encodes per image mean %.2f, max %d (%s); "
                        + "%d downscaled; search %.0f ms in total (%.0f ms per image), %.1fx the time of one encode at the default quality%n",
                BUDGET / 1000, rows.size(), BOX, format, meanEncodes, maxEncodes, worst.file(), downscaled, searchMs, searchMs / rows.size(),
                searchMs / singleMs);
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "  %-45s %4dx%-4d q%-4s %3d KB %d encodes %6.0f ms%s%n", r.file(), r.width(), r.height(),
                    r.quality() == null ? "-" : r.quality().toString(), r.bytes() / 1000, r.encodes(), r.ms(), r.downscaled() ? " (downscaled)" : "");
        }
        assertThat(meanEncodes).as("mean encodes per image").isLessThanOrEqualTo(7.0);
        // without downscaling: the default quality, then a binary search over 40-84 (45 qualities, at most 6 encodes)
        assertThat(rows).filteredOn(r -> !r.downscaled()).allSatisfy(r -> assertThat(r.encodes()).as(r.file()).isLessThanOrEqualTo(7));
        // each downscale round costs one encode at the floor, plus a search over 41-85 in the round that fits
        assertThat(maxEncodes).isLessThanOrEqualTo(14);
    }

    /** Decodes with shrink-on-load and fits inside 1600x1600, as the web chain does. */
    private static WorkingImage fitted(byte[] bytes) throws BadImageException {
        ImageInfo info = ImageProbe.probe(bytes);
        double s = Math.min(1.0, Math.min((double) BOX / info.width(), (double) BOX / info.height()));
        int w = Math.max(1, (int) Math.round(info.width() * s));
        int h = Math.max(1, (int) Math.round(info.height() * s));
        WorkingImage image = ImageDecoder.decode(bytes, info, ImageDecoder.reductionFor(info, w, h));
        if (image.width() != w || image.height() != h) {
            Mat resized = Resampler.resize(image.mat(), w, h);
            image.replace(resized);
        }
        return image;
    }

    private static Row search(String name, WorkingImage image, ImageFormat format) throws Exception {
        int width = image.width();
        int height = image.height();
        long t0 = System.nanoTime();
        ImageEncoder.encode(image, format, new EncodeSettings(), null, null);
        double singleMs = (System.nanoTime() - t0) / 1e6;

        EncodeSettings s = new EncodeSettings();
        s.maxBytes(BUDGET);
        s.downscaleToFit(true);
        long t1 = System.nanoTime();
        BudgetEncoder.Result r = BudgetEncoder.encode(image, format, s, null, null, 0);
        double ms = (System.nanoTime() - t1) / 1e6;

        assertThat(r.bytes().length).as("%s within the budget", name).isLessThanOrEqualTo((int) BUDGET);
        boolean downscaled = image.width() != width;
        int ceiling = format == ImageFormat.WEBP ? EncodeSettings.DEFAULT_WEBP_QUALITY : EncodeSettings.DEFAULT_JPEG_QUALITY;
        if (r.quality() != null && r.quality() < ceiling) {
            EncodeSettings up = new EncodeSettings();
            up.quality(r.quality() + 1);
            assertThat(ImageEncoder.encode(image, format, up, null, null).length).as("%s: quality %d does not fit", name, r.quality() + 1)
                    .isGreaterThan((int) BUDGET);
        }
        return new Row(name, width, height, r.encodes(), r.quality(), r.bytes().length, ms, singleMs, downscaled);
    }
}
