package dev.imagehub.steps;

import java.util.stream.Stream;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.imagehub.chain.StepHarness;
import dev.imagehub.config.ConfigException;
import dev.imagehub.image.enhance.Luts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.opencv.global.opencv_core.CV_16SC3;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.add;
import static org.bytedeco.opencv.global.opencv_core.merge;
import static org.bytedeco.opencv.global.opencv_core.randn;
import static org.bytedeco.opencv.global.opencv_core.setRNGSeed;
import static org.bytedeco.opencv.global.opencv_core.split;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

/**
 * The enhancement steps on real photos (committed fixtures from the corpus), each judged by a pixel statistic that
 * says whether it did its job: spread restored, cast removed, light doubled, noise lowered with edges kept, ...
 */
class EnhanceStepsTest {
    /** Sunset over hills: clear sky top left (flat), hard ridge and sundial edges. */
    private static Mat sunset;
    /** Red hill, lake and grey clouds: the clouds give a neutral reference for white balance. */
    private static Mat lake;

    @BeforeAll
    static void load() throws Exception {
        sunset = Pixels.fixture("photo-sunset-1800.jpg", 900);
        lake = Pixels.fixture("photo-iphone-p3-1000.jpg", 800);
    }

    @AfterAll
    static void free() {
        sunset.close();
        lake.close();
    }

    @Test
    void should_stretch_a_flattened_photo_towards_the_original_spread_but_no_steeper_than_the_mood_allows() throws Exception {
        try (Mat flat = new Mat()) {
            sunset.convertTo(flat, CV_8U, 0.5, 64); // half the contrast, grey lifted: 0..255 becomes 64..191
            double[] orig = Pixels.luma(sunset);
            double[] flattened = Pixels.luma(flat);
            double spreadFlat = Pixels.percentile(flattened, 0.99) - Pixels.percentile(flattened, 0.01);
            try (Mat enhanced = StepHarness.run(flat, "autoEnhance", "{ }")) {
                double[] enh = Pixels.luma(enhanced);
                double spreadEnh = Pixels.percentile(enh, 0.99) - Pixels.percentile(enh, 0.01);
                // a flat photo and a foggy scene look alike in numbers: the range widens, but by at most MAX_STRETCH
                // (plus the gentle S-curve), so fog keeps its softness
                assertThat(spreadEnh).as("1st-99th percentile spread").isGreaterThan(1.25 * spreadFlat)
                        .isLessThan((AutoEnhanceStep.MAX_STRETCH + 0.15) * spreadFlat);
                assertThat(Pixels.meanAbsDiff(enhanced, sunset)).isLessThan(Pixels.meanAbsDiff(flat, sunset));
            }
            try (Mat half = StepHarness.run(flat, "autoEnhance", "{ strength: 50 }"); Mat none = StepHarness.run(flat, "autoEnhance", "{ strength: 0 }")) {
                double[] h = Pixels.luma(half);
                double spreadHalf = Pixels.percentile(h, 0.99) - Pixels.percentile(h, 0.01);
                assertThat(spreadHalf).isBetween(spreadFlat * 1.05, spreadFlat * 1.3);
                assertThat(Pixels.meanAbsDiff(none, flat)).isLessThan(1.0);
            }
        }
    }

    @Test
    void should_raise_saturation_without_changing_a_grey_image() throws Exception {
        // clear colours gain chroma; near-greys are left alone (that is how a grey board stayed grey)
        try (Mat more = StepHarness.run(lake, "autoEnhance", "{ clip: 0, contrast: 0, saturation: 40 }")) {
            dev.imagehub.testing.EnhanceMetrics m = dev.imagehub.testing.EnhanceMetrics.of(lake, more);
            assertThat(chroma(more)).isGreaterThan(1.12 * chroma(lake));
            assertThat(m.neutralChromaChange()).isLessThan(0.5);
            assertThat(m.dominantHueShift()).isLessThan(3);
        }
        try (Mat grey = grey(lake); Mat out = StepHarness.run(grey, "autoEnhance", "{ }")) {
            assertThat(out.channels()).isEqualTo(1);
            assertThat(out.cols()).isEqualTo(grey.cols());
        }
    }

    @Test
    void should_remove_a_colour_cast_and_come_closer_to_the_original() throws Exception {
        // the sunset photo is neutral on average (mean a*b* about 0.8, 2.0): a tungsten cast is all there is to remove
        try (Mat cast = scaleChannels(sunset, TUNGSTEN[0], TUNGSTEN[1], TUNGSTEN[2]); Mat balanced = StepHarness.run(cast, "whiteBalance", "{ }")) {
            double[] abOrig = Pixels.meanAB(sunset);
            double[] abCast = Pixels.meanAB(cast);
            double[] abBal = Pixels.meanAB(balanced);
            assertThat(Math.hypot(abOrig[0], abOrig[1])).isLessThan(3);
            assertThat(Math.hypot(abCast[0], abCast[1])).as("the cast copy is clearly tinted").isGreaterThan(15);
            assertThat(Math.hypot(abBal[0], abBal[1])).as("mean a*b* after white balance").isLessThan(0.4 * Math.hypot(abCast[0], abCast[1]));
            assertThat(dist(abBal, abOrig)).as("distance to the original's mean a*b*").isLessThan(0.4 * dist(abCast, abOrig));
            assertThat(Pixels.meanAbsDiff(balanced, sunset)).isLessThan(0.5 * Pixels.meanAbsDiff(cast, sunset));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("whiteBalanceMethods")
    void should_remove_a_blue_cast_with_every_method(String method) throws Exception {
        try (Mat cast = scaleChannels(sunset, 1.2, 1.0, 0.85); Mat balanced = StepHarness.run(cast, "whiteBalance", "{ method: " + method + " }")) {
            double[] abOrig = Pixels.meanAB(sunset);
            // every method moves towards the original; how far differs (white patch is held back by the clipped sun)
            assertThat(dist(Pixels.meanAB(balanced), abOrig)).isLessThan(0.9 * dist(Pixels.meanAB(cast), abOrig));
        }
    }

    @Test
    void should_correct_only_a_cast_it_is_confident_about() throws Exception {
        // a frame filled with a pale green-yellow board: white patch and shades of grey agree on a "light" of that colour,
        // but no real light is green; auto moves the board about half as far as the unconstrained estimate does
        try (Mat wood = Pixels.fixture("photo-wood-640.jpg", 640); Mat auto = StepHarness.run(wood, "whiteBalance", "{ }");
             Mat patch = StepHarness.run(wood, "whiteBalance", "{ method: whitePatch }")) {
            assertThat(Pixels.meanAbsDiff(patch, wood)).as("the board's own colour read as a cast").isGreaterThan(5);
            assertThat(Pixels.meanAbsDiff(auto, wood)).isLessThan(0.6 * Pixels.meanAbsDiff(patch, wood));
        }
        // a magenta tint (green held back) is no real light either: auto keeps it, shades of grey (as asked) removes it
        try (Mat magenta = scaleChannels(sunset, 1.0, 0.85, 1.0); Mat auto = StepHarness.run(magenta, "whiteBalance", "{ }");
             Mat shades = StepHarness.run(magenta, "whiteBalance", "{ method: shadesOfGrey }")) {
            assertThat(Pixels.meanAbsDiff(auto, magenta)).isLessThan(1.0);
            assertThat(Pixels.meanAbsDiff(shades, magenta)).isGreaterThan(3.0);
        }
        // a photo with no cast to speak of is left exactly as it was
        try (Mat out = StepHarness.run(sunset, "whiteBalance", "{ }")) {
            assertThat(Pixels.meanAbsDiff(out, sunset)).isZero();
        }
    }

    // B/G/R gains on encoded levels of a 3500 K light on a camera set for 6500 K (Planckian locus): a real warm cast
    static final double[] TUNGSTEN = {0.70, 1.0, 1.23};

    static Stream<String> whiteBalanceMethods() {
        return Stream.of("auto", "greyWorld", "whitePatch", "shadesOfGrey");
    }

    @Test
    void should_leave_a_balanced_photo_nearly_alone_and_half_correct_at_strength_50() throws Exception {
        try (Mat out = StepHarness.run(sunset, "whiteBalance", "{ }")) {
            assertThat(dist(Pixels.meanAB(out), Pixels.meanAB(sunset))).as("shift of an already balanced photo").isLessThan(2);
        }
        try (Mat cast = scaleChannels(sunset, TUNGSTEN[0], TUNGSTEN[1], TUNGSTEN[2]); Mat full = StepHarness.run(cast, "whiteBalance", "{ }");
             Mat half = StepHarness.run(cast, "whiteBalance", "{ strength: 50 }")) {
            double castDist = dist(Pixels.meanAB(cast), Pixels.meanAB(full));
            double halfDist = dist(Pixels.meanAB(half), Pixels.meanAB(full));
            assertThat(halfDist).isBetween(0.3 * castDist, 0.7 * castDist);
        }
    }

    @Test
    void should_double_linear_light_on_mid_tones_at_plus_one_ev() throws Exception {
        try (Mat up = StepHarness.run(sunset, "exposure", "{ ev: 1 }"); Mat down = StepHarness.run(sunset, "exposure", "{ ev: -1 }")) {
            double[] y0 = Pixels.luma(sunset);
            double[] yUp = Pixels.luma(up);
            double[] yDown = Pixels.luma(down);
            double in = 0;
            double outUp = 0;
            double outDown = 0;
            int n = 0;
            for (int i = 0; i < y0.length; i++) {
                double lin = Luts.toLinear(y0[i] / 255);
                if (lin < 0.05 || lin > 0.3) continue; // mid-tones: far from black noise and from the highlight shoulder
                in += lin;
                outUp += Luts.toLinear(yUp[i] / 255);
                outDown += Luts.toLinear(yDown[i] / 255);
                n++;
            }
            assertThat(n).isGreaterThan(y0.length / 10);
            assertThat(outUp / in).as("linear light ratio at +1 EV").isCloseTo(2.0, within(0.15));
            assertThat(outDown / in).as("linear light ratio at -1 EV").isCloseTo(0.5, within(0.05));
        }
    }

    @Test
    void should_bring_an_underexposed_photo_to_the_mid_grey_target_with_auto() throws Exception {
        try (Mat dark = StepHarness.run(lake, "exposure", "{ ev: -2 }"); Mat fixed = StepHarness.run(dark, "exposure", "{ auto: true }")) {
            assertThat(Pixels.mean(Pixels.luma(dark))).isLessThan(80);
            assertThat(Pixels.mean(Pixels.luma(fixed))).as("mean luma after auto exposure").isCloseTo(118, within(12.0));
        }
    }

    @Test
    void should_refuse_exposure_without_ev_or_with_both_ev_and_auto() {
        assertThatThrownBy(() -> StepHarness.configured("exposure", "{ }")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("step 'exposure' needs ev");
        assertThatThrownBy(() -> StepHarness.configured("exposure", "{ ev: 1, auto: true }")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("either ev or auto");
        assertThatThrownBy(() -> StepHarness.configured("filter", "{ strength: 50 }")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("step 'filter' needs name");
        assertThatThrownBy(() -> StepHarness.configured("sharpen", "{ strength: 150 }")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("must be between 0 and 100");
    }

    @Test
    void should_lower_noise_in_flat_sky_while_keeping_edges() throws Exception {
        try (Mat noisy = withNoise(sunset, 12, 7); Mat clean = StepHarness.run(noisy, "denoise", "{ }")) {
            // clear sky, top left of the photo: the noise is what differs from the original there
            double skyNoisy = Pixels.residualStd(noisy, sunset, 0.02, 0.03, 0.25, 0.2);
            double skyClean = Pixels.residualStd(clean, sunset, 0.02, 0.03, 0.25, 0.2);
            assertThat(skyNoisy).isGreaterThan(8);
            assertThat(skyClean).as("noise left in the sky (was %.2f)", skyNoisy).isLessThan(0.4 * skyNoisy);
            // edges: the 3 % of pixels with the largest gradient in the original
            double[] g0 = Pixels.gradientEnergy(sunset);
            double threshold = Pixels.percentile(g0, 0.97);
            double[] gClean = Pixels.gradientEnergy(clean);
            double edge0 = 0;
            double edgeClean = 0;
            for (int i = 0; i < g0.length; i++) {
                if (g0[i] < threshold) continue;
                edge0 += g0[i];
                edgeClean += gClean[i];
            }
            assertThat(edgeClean / edge0).as("gradient energy kept on the strongest edges").isGreaterThan(0.8);
        }
    }

    @Test
    void should_raise_high_frequency_energy_when_sharpening_and_keep_the_mean() throws Exception {
        try (Mat sharp = StepHarness.run(sunset, "sharpen", "{ }"); Mat strong = StepHarness.run(sunset, "sharpen", "{ amount: 200, radius: 1.5 }");
             Mat none = StepHarness.run(sunset, "sharpen", "{ strength: 0 }")) {
            double e0 = Pixels.highFrequencyEnergy(sunset);
            assertThat(Pixels.highFrequencyEnergy(sharp)).isGreaterThan(1.5 * e0);
            assertThat(Pixels.highFrequencyEnergy(strong)).isGreaterThan(Pixels.highFrequencyEnergy(sharp));
            assertThat(Pixels.mean(Pixels.luma(sharp))).isCloseTo(Pixels.mean(Pixels.luma(sunset)), within(1.0));
            assertThat(Pixels.meanAbsDiff(none, sunset)).isZero();
        }
        // a high threshold leaves the smooth sky untouched
        try (Mat spared = StepHarness.run(sunset, "sharpen", "{ amount: 200, threshold: 30 }")) {
            try (org.bytedeco.opencv.opencv_core.Rect r = Pixels.rect(sunset, 0.02, 0.03, 0.25, 0.2);
                 Mat a = new Mat(sunset, r).clone(); Mat b = new Mat(spared, r).clone()) {
                assertThat(Pixels.meanAbsDiff(a, b)).isLessThan(0.05);
            }
        }
    }

    @Test
    void should_darken_corners_relative_to_the_centre_by_the_asked_strength() throws Exception {
        try (Mat v = StepHarness.run(sunset, "vignette", "{ strength: 40, radius: 0.5 }")) {
            double centre = Pixels.lumaMean(v, 0.45, 0.45, 0.55, 0.55) / Pixels.lumaMean(sunset, 0.45, 0.45, 0.55, 0.55);
            double[][] corners = {{0, 0, 0.03, 0.03}, {0.97, 0, 1, 0.03}, {0, 0.97, 0.03, 1}, {0.97, 0.97, 1, 1}};
            for (double[] c : corners) {
                double ratio = Pixels.lumaMean(v, c[0], c[1], c[2], c[3]) / Pixels.lumaMean(sunset, c[0], c[1], c[2], c[3]);
                assertThat(ratio / centre).as("corner %s relative to the centre", java.util.Arrays.toString(c)).isCloseTo(0.6, within(0.05));
            }
            assertThat(centre).isCloseTo(1.0, within(0.01));
        }
    }

    @Test
    void should_give_each_filter_its_colour_signature() throws Exception {
        try (Mat g = StepHarness.run(lake, "filter", "{ name: greyscale }")) {
            assertThat(g.channels()).as("full-strength greyscale is a one-channel image").isEqualTo(1);
        }
        try (Mat g = StepHarness.run(lake, "filter", "{ name: greyscale, strength: 50 }")) {
            assertThat(chroma(g)).isCloseTo(0.5 * chroma(lake), within(0.1 * chroma(lake)));
        }
        try (Mat ramp = greyRamp(); Mat sepia = StepHarness.run(ramp, "filter", "{ name: sepia }")) {
            byte[] b = Pixels.bytes(sepia);
            for (int x = 20; x <= 235; x++) {
                int blue = b[x * 3] & 255, green = b[x * 3 + 1] & 255, red = b[x * 3 + 2] & 255;
                assertThat(red).as("red above green at grey %d", x).isGreaterThan(green);
                assertThat(green).as("green above blue at grey %d", x).isGreaterThan(blue);
            }
        }
        double ratio0 = redBlue(lake);
        try (Mat warm = StepHarness.run(lake, "filter", "{ name: warm }"); Mat cool = StepHarness.run(lake, "filter", "{ name: cool }");
             Mat halfWarm = StepHarness.run(lake, "filter", "{ name: warm, strength: 50 }")) {
            assertThat(redBlue(warm)).isGreaterThan(1.15 * ratio0);
            assertThat(redBlue(cool)).isLessThan(ratio0 / 1.15);
            assertThat(redBlue(halfWarm)).isBetween(ratio0 * 1.03, redBlue(warm) * 0.97);
        }
        try (Mat vintage = StepHarness.run(lake, "filter", "{ name: vintage }")) {
            double[] y0 = Pixels.luma(lake);
            double[] y = Pixels.luma(vintage);
            assertThat(Pixels.percentile(y, 0.001)).as("faded blacks").isGreaterThan(Pixels.percentile(y0, 0.001) + 15);
            assertThat(Pixels.percentile(y, 0.999)).as("dimmed whites").isLessThan(Pixels.percentile(y0, 0.999) - 8);
            assertThat(chroma(vintage)).isLessThan(chroma(lake));
            assertThat(redBlue(vintage)).isGreaterThan(ratio0);
        }
    }

    static Stream<Arguments> everyStep() {
        return Stream.of(
                Arguments.of("autoEnhance", "{ }"), Arguments.of("whiteBalance", "{ method: greyWorld }"), Arguments.of("exposure", "{ ev: 0.7 }"),
                Arguments.of("exposure", "{ auto: true }"), Arguments.of("denoise", "{ }"), Arguments.of("sharpen", "{ }"),
                Arguments.of("vignette", "{ }"), Arguments.of("filter", "{ name: greyscale }"), Arguments.of("filter", "{ name: sepia }"),
                Arguments.of("filter", "{ name: vintage }"), Arguments.of("filter", "{ name: warm }"), Arguments.of("filter", "{ name: cool }"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyStep")
    void should_keep_the_alpha_channel_untouched(String step, String options) throws Exception {
        try (Mat anemone = Pixels.fixture("alpha-tuxpaint-anemone.png", 600); Mat out = StepHarness.run(anemone, step, options)) {
            assertThat(anemone.channels()).isEqualTo(4);
            assertThat(out.channels()).isEqualTo(4);
            assertThat(Pixels.alpha(out)).isEqualTo(Pixels.alpha(anemone));
            assertThat(Pixels.meanAbsDiff(out, anemone)).as("the colour did change").isGreaterThan(0.2);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyStep")
    void should_work_on_8_bit_grey_input(String step, String options) throws Exception {
        try (Mat grey = grey(lake); Mat out = StepHarness.run(grey, step, options)) {
            assertThat(out.cols()).isEqualTo(grey.cols());
            assertThat(out.rows()).isEqualTo(grey.rows());
            boolean colourLook = options.contains("sepia") || options.contains("vintage") || options.contains("warm") || options.contains("cool");
            assertThat(out.channels()).isEqualTo(colourLook ? 3 : 1);
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static double dist(double[] a, double[] b) {
        return Math.hypot(a[0] - b[0], a[1] - b[1]);
    }

    /** Mean distance of a pixel's channels from its own mean: 0 for grey, larger for colourful. */
    private static double chroma(Mat m) {
        if (m.channels() == 1) return 0;
        byte[] b = Pixels.bytes(m);
        double sum = 0;
        int n = b.length / 3;
        for (int i = 0; i < n; i++) {
            int bl = b[i * 3] & 255, g = b[i * 3 + 1] & 255, r = b[i * 3 + 2] & 255;
            double mu = (bl + g + r) / 3.0;
            sum += Math.abs(bl - mu) + Math.abs(g - mu) + Math.abs(r - mu);
        }
        return sum / n;
    }

    private static double redBlue(Mat bgr) {
        double[] m = Pixels.channelMeans(bgr);
        return m[2] / m[0];
    }

    private static Mat grey(Mat bgr) {
        Mat g = new Mat();
        cvtColor(bgr, g, COLOR_BGR2GRAY);
        return g;
    }

    /** A copy with the B, G and R channels multiplied (and clipped), like a camera with the wrong white balance. */
    static Mat scaleChannels(Mat bgr, double b, double g, double r) {
        double[] k = {b, g, r};
        try (MatVector ch = new MatVector()) {
            split(bgr, ch);
            Mat[] scaled = new Mat[3];
            for (int c = 0; c < 3; c++) {
                scaled[c] = new Mat();
                ch.get(c).convertTo(scaled[c], CV_8U, k[c], 0);
            }
            Mat out = new Mat();
            try (MatVector v = new MatVector(scaled)) {
                merge(v, out);
            }
            for (Mat m : scaled) m.close();
            return out;
        }
    }

    /** Gaussian noise of standard deviation {@code sigma} added to every channel, reproducibly. */
    private static Mat withNoise(Mat bgr, double sigma, int seed) {
        setRNGSeed(seed);
        try (Mat noise = new Mat(bgr.size(), CV_16SC3); Mat zero = new Mat(1, 1, CV_64F, new Scalar(0.0));
             Mat sd = new Mat(1, 1, CV_64F, new Scalar(sigma)); Mat none = new Mat()) {
            randn(noise, zero, sd);
            Mat out = new Mat();
            add(bgr, noise, out, none, CV_8UC3);
            return out;
        }
    }

    /** 256 x 8 BGR, grey from 0 at the left to 255 at the right. */
    private static Mat greyRamp() {
        Mat m = new Mat(8, 256, CV_8UC3);
        byte[] b = new byte[256 * 8 * 3];
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 256; x++) {
                for (int c = 0; c < 3; c++) b[(y * 256 + x) * 3 + c] = (byte) x;
            }
        }
        m.data().put(b);
        return m;
    }
}
