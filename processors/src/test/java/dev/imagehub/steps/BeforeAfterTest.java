package dev.imagehub.steps;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.imagehub.chain.StepContext;
import dev.imagehub.chain.StepHarness;
import dev.imagehub.image.Resampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.rotate;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

/** The before/after comparison ({@code compare: true}) that every enhancement step can deliver. */
class BeforeAfterTest {
    private static Mat photo;

    @BeforeAll
    static void load() throws Exception {
        photo = Pixels.fixture("photo-sunset-1800.jpg", 720);
    }

    @AfterAll
    static void free() {
        photo.close();
    }

    @Test
    void should_put_the_untouched_input_left_and_the_result_right_under_labels() throws Exception {
        try (StepContext ctx = StepHarness.context(photo)) {
            StepHarness.apply(ctx, "autoEnhance", "{ compare: true }");
            Mat compare = compareOf(ctx);
            BeforeAfter.Layout l = BeforeAfter.layout(photo.cols(), photo.rows());
            assertThat(compare.cols()).as("twice as wide plus the gap").isEqualTo(2 * photo.cols() + l.gap());
            assertThat(compare.rows()).as("as high plus the label band").isEqualTo(photo.rows() + l.band());
            assertThat(l.band()).isGreaterThanOrEqualTo(28);
            try (Mat left = half(compare, l, 0); Mat right = half(compare, l, l.afterX())) {
                assertThat(Pixels.meanAbsDiff(left, photo)).as("left half is the input").isZero();
                assertThat(Pixels.meanAbsDiff(right, ctx.image().mat())).as("right half is the result").isZero();
                assertThat(Pixels.meanAbsDiff(right, photo)).isGreaterThan(2);
            }
            // the labels: light text on the dark band, centred over each half, about half the band high
            for (int x0 : new int[] {0, l.afterX()}) {
                int[] box = textBox(compare, x0, l);
                assertThat(box).as("text found in the band at x=%d", x0).isNotNull();
                assertThat(box[3] - box[1] + 1).as("text height").isGreaterThanOrEqualTo((int) (0.4 * l.band()));
                double centre = (box[0] + box[2]) / 2.0;
                assertThat(centre).isCloseTo(x0 + l.width() / 2.0, org.assertj.core.api.Assertions.within(l.width() * 0.05));
            }
            assertThat(ctx.extras()).hasSize(1);
            assertThat(ctx.extras().get(0).suffix()).isEqualTo("-compare");
        }
    }

    @Test
    void should_compare_against_the_image_before_the_first_enhancement_step() throws Exception {
        try (StepContext ctx = StepHarness.context(photo)) {
            StepHarness.apply(ctx, "whiteBalance", "{ }");
            StepHarness.apply(ctx, "autoEnhance", "{ }");
            StepHarness.apply(ctx, "sharpen", "{ compare: true }");
            Mat compare = compareOf(ctx);
            BeforeAfter.Layout l = BeforeAfter.layout(photo.cols(), photo.rows());
            try (Mat left = half(compare, l, 0); Mat right = half(compare, l, l.afterX())) {
                assertThat(Pixels.meanAbsDiff(left, photo)).as("left half is the input of the first step").isZero();
                assertThat(Pixels.meanAbsDiff(right, ctx.image().mat())).isZero();
            }
        }
    }

    @Test
    void should_show_the_result_of_later_enhancement_steps_when_an_earlier_one_asked() throws Exception {
        try (StepContext ctx = StepHarness.context(photo)) {
            StepHarness.apply(ctx, "autoEnhance", "{ compare: true }");
            StepHarness.apply(ctx, "sharpen", "{ amount: 150 }");
            StepHarness.apply(ctx, "vignette", "{ }");
            assertThat(ctx.extras()).hasSize(1);
            Mat compare = compareOf(ctx);
            BeforeAfter.Layout l = BeforeAfter.layout(photo.cols(), photo.rows());
            try (Mat right = half(compare, l, l.afterX())) {
                assertThat(Pixels.meanAbsDiff(right, ctx.image().mat())).as("right half is the final result").isZero();
            }
        }
    }

    @Test
    void should_scale_the_original_when_a_resize_came_between() throws Exception {
        try (StepContext ctx = StepHarness.context(photo)) {
            StepHarness.apply(ctx, "autoEnhance", "{ }");
            StepHarness.apply(ctx, "resize", "{ width: 360 }");
            StepHarness.apply(ctx, "sharpen", "{ compare: true }");
            Mat compare = compareOf(ctx);
            int w = ctx.image().width();
            int h = ctx.image().height();
            assertThat(w).isEqualTo(360);
            BeforeAfter.Layout l = BeforeAfter.layout(w, h);
            assertThat(compare.cols()).isEqualTo(l.totalWidth());
            try (Mat left = half(compare, l, 0); Mat small = Resampler.resize(photo, w, h)) {
                assertThat(Pixels.meanAbsDiff(left, small)).isLessThan(0.5);
            }
        }
    }

    @Test
    void should_turn_both_halves_upright_when_the_exif_orientation_is_still_pending() throws Exception {
        try (StepContext ctx = StepHarness.context(photo)) {
            ctx.orientation(6); // stored sideways; the comparison is written without EXIF, so its pixels must be upright
            StepHarness.apply(ctx, "filter", "{ name: sepia, compare: true }");
            Mat compare = compareOf(ctx);
            BeforeAfter.Layout l = BeforeAfter.layout(photo.rows(), photo.cols());
            assertThat(compare.cols()).isEqualTo(l.totalWidth());
            assertThat(compare.rows()).isEqualTo(l.totalHeight());
            try (Mat left = half(compare, l, 0); Mat upright = new Mat()) {
                rotate(photo, upright, ROTATE_90_CLOCKWISE);
                assertThat(Pixels.meanAbsDiff(left, upright)).isZero();
            }
        }
    }

    @Test
    void should_compare_a_grey_input_in_colour_when_the_result_is_colour() throws Exception {
        try (Mat grey = new Mat()) {
            cvtColor(photo, grey, COLOR_BGR2GRAY);
            try (StepContext ctx = StepHarness.context(grey)) {
                StepHarness.apply(ctx, "filter", "{ name: warm, compare: true }");
                Mat compare = compareOf(ctx);
                assertThat(compare.channels()).isEqualTo(3);
                BeforeAfter.Layout l = BeforeAfter.layout(grey.cols(), grey.rows());
                try (Mat left = half(compare, l, 0); Mat grey3 = new Mat()) {
                    cvtColor(grey, grey3, COLOR_GRAY2BGR);
                    assertThat(Pixels.meanAbsDiff(left, grey3)).isZero();
                }
            }
        }
    }

    @Test
    void should_deliver_no_comparison_unless_asked() throws Exception {
        try (StepContext ctx = StepHarness.context(photo)) {
            StepHarness.apply(ctx, "autoEnhance", "{ }");
            StepHarness.apply(ctx, "sharpen", "{ }");
            assertThat(ctx.extras()).isEmpty();
        }
    }

    private static Mat compareOf(StepContext ctx) {
        return ctx.extras().stream().filter(e -> e.suffix().equals("-compare")).findFirst().orElseThrow().image().mat();
    }

    private static Mat half(Mat compare, BeforeAfter.Layout l, int x) {
        try (Rect r = new Rect(x, l.band(), l.width(), l.height())) {
            return new Mat(compare, r).clone();
        }
    }

    /** Bounding box {x0, y0, x1, y1} of light pixels (text) in the band above the half starting at {@code x0}. */
    private static int[] textBox(Mat compare, int x0, BeforeAfter.Layout l) {
        byte[] b = Pixels.bytes(compare);
        int ch = compare.channels();
        int[] box = null;
        for (int y = 0; y < l.band(); y++) {
            for (int x = x0; x < x0 + l.width(); x++) {
                int v = b[(y * compare.cols() + x) * ch + 1] & 255;
                if (v < 160) continue;
                if (box == null) box = new int[] {x, y, x, y};
                box[0] = Math.min(box[0], x);
                box[1] = Math.min(box[1], y);
                box[2] = Math.max(box[2], x);
                box[3] = Math.max(box[3], y);
            }
        }
        return box;
    }
}
