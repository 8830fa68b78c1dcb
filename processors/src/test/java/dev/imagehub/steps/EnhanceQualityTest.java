package dev.imagehub.steps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.bench.EnhanceQualityBench;
import dev.imagehub.testing.EnhanceMetrics;
import dev.imagehub.testing.Fixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped enhance chain's steps (autoEnhance, sharpen) do what a careful photographer would accept, with limits
 * derived from the figures on the whole corpus in docs/enhance.md (largest there: near-grey chroma +0.15, newly
 * clipped 0.00 %, dominant hue shift 2.7°, mean L* change 2.5, spread x1.48; before the rework: +16.3, 95.7 %, 46.9°,
 * 14.8, x3.18): neutral
 * surfaces stay neutral, nothing new clips, no dominant colour changes hue, brightness is kept, and a foggy scene stays
 * foggy. Committed fixtures here; every corpus photo in {@link EnhanceQualityCorpusIT} where ../shared/corpus exists.
 */
class EnhanceQualityTest {
    static final double MAX_NEUTRAL_CHROMA_GAIN = 1.0;
    static final double MAX_NEWLY_CLIPPED = 0.002;
    static final double MAX_HUE_SHIFT = 6.0;
    static final double MAX_MEAN_L_CHANGE = 4.0;
    static final double MAX_SPREAD_RATIO = 2.0;
    static final double MAX_MUTED_CHROMA_RATIO = 1.25;

    @TempDir
    Path dir;

    static List<String> violations(String name, EnhanceMetrics m) {
        List<String> out = new ArrayList<>();
        if (m.neutralChromaChange() > MAX_NEUTRAL_CHROMA_GAIN) out.add(name + ": near-grey chroma " + m.neutralChromaBefore() + " -> " + m.neutralChromaAfter());
        if (m.newlyClipped() > MAX_NEWLY_CLIPPED) out.add(name + ": " + 100 * m.newlyClipped() + " % newly clipped");
        if (m.dominantHueShift() > MAX_HUE_SHIFT) out.add(name + ": dominant hue shifted " + m.dominantHueShift() + "°");
        if (Math.abs(m.meanLChange()) > MAX_MEAN_L_CHANGE) out.add(name + ": mean L* " + m.meanLBefore() + " -> " + m.meanLAfter());
        if (m.spreadRatio() > MAX_SPREAD_RATIO) out.add(name + ": contrast (L* spread) x" + m.spreadRatio());
        if (m.mutedChromaRatio() > MAX_MUTED_CHROMA_RATIO) out.add(name + ": muted colours x" + m.mutedChromaRatio() + " more colourful");
        return out;
    }

    private EnhanceMetrics measure(String fixture) throws Exception {
        Path file = Files.write(dir.resolve(fixture), Fixtures.bytes(fixture));
        Mat[] ba = EnhanceQualityBench.beforeAfter(file);
        try (Mat before = ba[0]; Mat after = ba[1]) {
            return EnhanceMetrics.of(before, after);
        }
    }

    @Test
    void aNearGreyBoardStaysNeutralAndAFoggyFieldStaysFoggy() throws Exception {
        EnhanceMetrics wood = measure("photo-wood-640.jpg");
        assertThat(violations("wood", wood)).isEmpty();
        // the weathered board's muted brown stays muted (before the rework its chroma more than tripled: lime green)
        assertThat(wood.mutedChromaRatio()).as("the board's muted colour").isLessThan(1.15);

        EnhanceMetrics fog = measure("photo-fog-640.jpg");
        assertThat(violations("fog", fog)).isEmpty();
        // the mood: brightness and softness kept, the field's colour not pushed
        assertThat(Math.abs(fog.meanLChange())).as("fog brightness change").isLessThan(2);
        assertThat(fog.spreadRatio()).as("fog contrast").isLessThan(1.4);
        assertThat(fog.neutralChromaChange()).isLessThan(0.5);

        for (String f : List.of("photo-sunset-1800.jpg", "photo-camera-exif-1200.jpg", "photo-iphone-p3-1000.jpg", "photo-wine-portrait-1800.jpg")) {
            assertThat(violations(f, measure(f))).isEmpty();
        }
    }
}
