package dev.imagehub.steps;

import java.util.Arrays;
import java.util.List;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.imagehub.chain.StepCatalog;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.OptionBinder;
import dev.imagehub.config.YamlConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.merge;
import static org.bytedeco.opencv.global.opencv_core.split;

/**
 * The pure pixel steps used as filters: a matrix and an options record in, a matrix and a note out, with no hub, no
 * job and no files (the narrow contract of {@link PixelStep}).
 */
class PixelStepContractTest {
    private static final List<String> PIXEL_STEPS = List.of("autoEnhance", "whiteBalance", "exposure", "denoise", "sharpen", "vignette", "filter");

    @Test
    void the_catalog_serves_every_pure_pixel_step_through_the_narrow_contract() {
        StepCatalog catalog = StepCatalog.discover();
        for (String name : PIXEL_STEPS) assertThat(catalog.get(name)).as(name).isInstanceOf(PixelStep.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"autoEnhance", "whiteBalance", "exposure", "denoise", "sharpen", "vignette", "filter"})
    void a_filter_never_changes_its_input_keeps_alpha_and_says_what_it_did(String name) throws Exception {
        try (Mat bgr = Pixels.fixture("photo-fog-640.jpg", 320); Mat rgba = withAlphaRamp(bgr)) {
            byte[] before = Pixels.bytes(rgba);
            PixelStep.Filtered out = filter(name, rgba, name.equals("filter") ? "{ name: sepia }" : "{}");
            assertThat(Pixels.bytes(rgba)).as(name + " left its input alone").isEqualTo(before);
            assertThat(out.note()).as(name).isNotBlank();
            assertThat(out.pixels().cols()).isEqualTo(rgba.cols());
            assertThat(out.pixels().rows()).isEqualTo(rgba.rows());
            assertThat(out.pixels().channels()).as(name + " keeps the alpha channel").isEqualTo(4);
            assertThat(alpha(out.pixels())).as(name + " keeps alpha as it was").isEqualTo(alpha(rgba));
            if (out.pixels() != rgba) out.pixels().close();
        }
    }

    @Test
    void exposure_plus_one_ev_brightens_and_zero_strength_returns_the_input_itself() throws Exception {
        try (Mat photo = Pixels.fixture("photo-fog-640.jpg", 320)) {
            PixelStep.Filtered brighter = filter("exposure", photo, "{ ev: 1 }");
            assertThat(mean(brighter.pixels())).isGreaterThan(mean(photo) + 10);
            assertThat(brighter.note()).contains("+1.00 EV");
            brighter.pixels().close();
            PixelStep.Filtered same = filter("sharpen", photo, "{ strength: 0 }");
            assertThat(same.pixels()).isSameAs(photo);
        }
    }

    @SuppressWarnings("unchecked")
    private static <O extends Record> PixelStep.Filtered filter(String name, Mat input, String options) {
        PixelStep<O> step = (PixelStep<O>) StepCatalog.discover().get(name);
        ConfigNode node = YamlConfig.parse("x: " + options, "test").get("x");
        O bound = OptionBinder.bind(step.optionsType(), node, name);
        return step.filter(input, bound);
    }

    private static Mat withAlphaRamp(Mat bgr) {
        Mat out = new Mat();
        try (MatVector ch = new MatVector()) {
            split(bgr, ch);
            Mat a = new Mat(bgr.rows(), bgr.cols(), org.bytedeco.opencv.global.opencv_core.CV_8U);
            byte[] ramp = new byte[bgr.rows() * bgr.cols()];
            for (int i = 0; i < ramp.length; i++) ramp[i] = (byte) (i % bgr.cols() * 255 / bgr.cols());
            a.data().put(ramp);
            try (MatVector four = new MatVector(ch.get(0), ch.get(1), ch.get(2), a)) {
                merge(four, out);
            }
            a.close();
        }
        return out;
    }

    private static byte[] alpha(Mat bgra) {
        byte[] all = Pixels.bytes(bgra);
        byte[] a = new byte[all.length / 4];
        for (int i = 0; i < a.length; i++) a[i] = all[i * 4 + 3];
        return a;
    }

    private static double mean(Mat m) {
        return Arrays.stream(Pixels.luma(m)).average().orElse(0);
    }
}
