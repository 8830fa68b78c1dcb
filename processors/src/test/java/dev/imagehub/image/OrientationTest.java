package dev.imagehub.image;

import java.util.stream.Stream;

import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.imagehub.TestImages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * EXIF orientations applied to a 3x2 image whose every pixel has its own colour. For each orientation the expected
 * upright image is given as the stored (x, y) that must appear at each displayed position, per the EXIF spec.
 */
class OrientationTest {
    private static final int W = 3;
    private static final int H = 2;

    /** Maps a displayed pixel to the stored pixel it shows. */
    interface Source {
        int[] at(int x, int y);
    }

    static Stream<Arguments> orientations() {
        return Stream.of(
                Arguments.of(1, "as stored", W, H, (Source) (x, y) -> new int[] {x, y}),
                Arguments.of(2, "mirror horizontally", W, H, (Source) (x, y) -> new int[] {W - 1 - x, y}),
                Arguments.of(3, "rotate 180", W, H, (Source) (x, y) -> new int[] {W - 1 - x, H - 1 - y}),
                Arguments.of(4, "mirror vertically", W, H, (Source) (x, y) -> new int[] {x, H - 1 - y}),
                Arguments.of(5, "transpose", H, W, (Source) (x, y) -> new int[] {y, x}),
                Arguments.of(6, "rotate 90 clockwise", H, W, (Source) (x, y) -> new int[] {y, H - 1 - x}),
                Arguments.of(7, "transverse", H, W, (Source) (x, y) -> new int[] {W - 1 - y, H - 1 - x}),
                Arguments.of(8, "rotate 90 counter-clockwise", H, W, (Source) (x, y) -> new int[] {W - 1 - y, x}));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("orientations")
    void should_apply_exif_orientation_like_the_spec(int orientation, String meaning, int expectedW, int expectedH, Source source) {
        // given
        try (WorkingImage image = new WorkingImage(distinctPixels())) {

            // when
            Orientation.apply(image, orientation);

            // then
            assertThat(image.width()).isEqualTo(expectedW);
            assertThat(image.height()).isEqualTo(expectedH);
            for (int y = 0; y < expectedH; y++) {
                for (int x = 0; x < expectedW; x++) {
                    int[] s = source.at(x, y);
                    assertThat(TestImages.pixel(image.mat(), x, y)).as("displayed (%d,%d) shows stored (%d,%d)", x, y, s[0], s[1])
                            .containsExactly(colour(s[0], s[1]));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("orientations")
    void should_move_the_stored_top_left_corner_where_the_spec_says(int orientation, String meaning, int w, int h, Source source) {
        // given a marked stored top-left corner
        int[][] expectedCorner = {null, {0, 0}, {2, 0}, {2, 1}, {0, 1}, {0, 0}, {1, 0}, {1, 2}, {0, 2}};
        try (WorkingImage image = new WorkingImage(distinctPixels())) {

            // when
            Orientation.apply(image, orientation);

            // then
            int[] at = expectedCorner[orientation];
            assertThat(TestImages.pixel(image.mat(), at[0], at[1])).as(meaning).containsExactly(colour(0, 0));
        }
    }

    private static Mat distinctPixels() {
        Mat m = TestImages.filled(W, H, 0, 0, 0);
        for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) TestImages.set(m, x, y, colour(x, y));
        return m;
    }

    private static int[] colour(int x, int y) {
        return new int[] {10 + 40 * x, 20 + 100 * y, 250 - 30 * x - 60 * y};
    }
}
