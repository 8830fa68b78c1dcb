package dev.imagehub.image;

import java.util.ArrayList;
import java.util.List;

import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

import dev.imagehub.TestImages;

import static org.assertj.core.api.Assertions.assertThat;

/** Resizing: area averaging down, bicubic up, and premultiplied alpha so hidden colours never bleed into edges. */
class ResamplerTest {

    /**
     * 40x40 BGRA: columns 0-17 opaque red, 18-21 half-transparent red (alpha 128), 22-39 fully transparent with a hidden
     * green colour. Straight (non-premultiplied) averaging would drag green/black into the semi-transparent edge.
     */
    private static Mat redEdgeOverHiddenGreen() {
        Mat m = TestImages.filled(40, 40, 0, 255, 0, 0);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 22; x++) TestImages.set(m, x, y, 0, 0, 255, x < 18 ? 255 : 128);
        }
        return m;
    }

    @Test
    void should_not_darken_or_tint_semi_transparent_edges_when_shrinking() {
        // given
        try (Mat src = redEdgeOverHiddenGreen();
             // when (a non-integer factor, so output pixels straddle the edges)
             Mat out = Resampler.resize(src, 15, 15)) {

            // then
            assertThat(out.cols()).isEqualTo(15);
            assertThat(out.rows()).isEqualTo(15);
            List<int[]> edge = semiTransparent(out);
            assertThat(edge).as("the test needs semi-transparent output pixels").isNotEmpty();
            for (int[] px : edge) {
                assertThat(px[2]).as("red stays red at alpha %d", px[3]).isGreaterThanOrEqualTo(245);
                assertThat(px[1]).as("no hidden green bleeds in at alpha %d", px[3]).isLessThanOrEqualTo(10);
                assertThat(px[0]).isLessThanOrEqualTo(10);
            }
            assertThat(TestImages.pixel(out, 0, 7)).containsExactly(0, 0, 255, 255);
            assertThat(TestImages.pixel(out, 14, 7)[3]).isZero();
        }
    }

    @Test
    void should_not_darken_semi_transparent_edges_when_enlarging() {
        // given
        try (Mat src = redEdgeOverHiddenGreen();
             // when
             Mat out = Resampler.resize(src, 97, 61)) {

            // then
            assertThat(out.cols()).isEqualTo(97);
            List<int[]> edge = semiTransparent(out);
            assertThat(edge).isNotEmpty();
            for (int[] px : edge) {
                if (px[3] < 8) continue; // colours of nearly invisible pixels are quantised away
                assertThat(px[2]).as("red at alpha %d", px[3]).isGreaterThanOrEqualTo(235);
                assertThat(px[1]).as("green at alpha %d", px[3]).isLessThanOrEqualTo(20);
            }
        }
    }

    @Test
    void should_keep_a_flat_opaque_colour_when_resizing() {
        // given
        try (Mat src = TestImages.filled(64, 48, 12, 34, 56);
             Mat small = Resampler.resize(src, 16, 12);
             Mat large = Resampler.resize(src, 100, 75)) {
            // then
            assertThat(TestImages.pixel(small, 8, 6)).containsExactly(12, 34, 56);
            assertThat(TestImages.maxDiff(TestImages.pixel(large, 50, 40), 12, 34, 56)).isLessThanOrEqualTo(1);
            assertThat(large.channels()).isEqualTo(3);
        }
    }

    @Test
    void should_return_an_independent_copy_when_the_size_does_not_change() {
        // given
        try (Mat src = TestImages.filled(4, 4, 1, 2, 3);
             Mat same = Resampler.resize(src, 4, 4)) {
            // when
            TestImages.set(same, 0, 0, 9, 9, 9);

            // then
            assertThat(TestImages.pixel(src, 0, 0)).containsExactly(1, 2, 3);
        }
    }

    private static List<int[]> semiTransparent(Mat m) {
        List<int[]> out = new ArrayList<>();
        for (int y = 0; y < m.rows(); y++) {
            for (int x = 0; x < m.cols(); x++) {
                int[] px = TestImages.pixel(m, x, y);
                if (px[3] > 0 && px[3] < 255) out.add(px);
            }
        }
        return out;
    }
}
