package dev.imagehub.steps;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

import dev.imagehub.bench.EnhanceQualityBench;
import dev.imagehub.testing.EnhanceMetrics;
import dev.imagehub.testing.Fixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every corpus photo through the enhance chain's steps stays within {@link EnhanceQualityTest}'s limits (a corpus sweep). */
class EnhanceQualityCorpusIT {
    @Test
    void everyCorpusPhotoStaysWithinTheLimits() throws Exception {
        assumeTrue(Fixtures.corpus().isPresent(), "../shared/corpus is not here");
        List<String> all = new ArrayList<>();
        for (Path photo : EnhanceQualityBench.photos(Fixtures.corpus().get(), Integer.MAX_VALUE)) {
            Mat[] ba = EnhanceQualityBench.beforeAfter(photo);
            try (Mat before = ba[0]; Mat after = ba[1]) {
                all.addAll(EnhanceQualityTest.violations(photo.getFileName().toString(), EnhanceMetrics.of(before, after)));
            }
        }
        assertThat(all).isEmpty();
    }
}
