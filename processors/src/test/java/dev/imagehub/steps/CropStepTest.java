package dev.imagehub.steps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.imagehub.chain.ChainCatalog;
import dev.imagehub.chain.ChainDefinition;
import dev.imagehub.chain.ChainResult;
import dev.imagehub.chain.ChainRunner;
import dev.imagehub.chain.StepCatalog;
import dev.imagehub.chain.StepFailure;
import dev.imagehub.config.ConfigException;
import dev.imagehub.image.ImageFormat;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.ledger.UsageRecord;
import dev.imagehub.testing.Composites;
import dev.imagehub.testing.Fixtures;

import static dev.imagehub.testing.Composites.contains;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_core.minMaxLoc;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * The crop step on real photos: exact rectangles, aspect windows placed by smart gravity (faces, sidecar focus point,
 * in pixels or fractions, through EXIF orientation and shrink-on-load), errors at start-up and at run time.
 */
class CropStepTest {
    private static StepCatalog steps;
    private static byte[] wideJpeg;
    private static Mat wide;
    private static final int[] WIDE_FACE = Composites.face(0, 0, 600);

    @TempDir
    Path home;

    @BeforeAll
    static void setUp() {
        steps = StepCatalog.discover();
        // the portrait at the left of a 1600x600 canvas, a detailed photo at the right: a centred square cuts the face off
        Mat canvas = Composites.canvas(1600, 600, 128, 128, 128);
        try (Mat astronaut = Composites.decode(Composites.ASTRONAUT); Mat detail = Composites.decode("photo-camera-exif-1200.jpg")) {
            Composites.paste(canvas, astronaut, 0, 0, 600, 600);
            Composites.paste(canvas, detail, 1150, 150, 400, 266);
        }
        wideJpeg = Composites.jpeg(canvas, 95);
        canvas.close();
        wide = decode(wideJpeg);
    }

    @AfterAll
    static void free() {
        wide.close();
    }

    @Test
    void should_cut_a_pixel_rectangle_exactly_and_keep_alpha() throws Exception {
        // given a 600x520 RGBA PNG
        byte[] png = Fixtures.bytes("alpha-tuxpaint-anemone.png");

        // when
        ChainResult result = run("- crop: { x: 100, y: 50, width: 200, height: 150 }", "anemone.png", png, Map.of());

        // then the output is exactly those source pixels, alpha included
        ChainResult.Output out = result.outputs().get(0);
        assertThat(out.format()).isEqualTo(ImageFormat.PNG);
        try (Mat source = decode(png); Mat cropped = decode(out.bytes()); Rect r = new Rect(100, 50, 200, 150);
             Mat expected = new Mat(source, r); Mat diff = new Mat()) {
            assertThat(cropped.cols()).isEqualTo(200);
            assertThat(cropped.rows()).isEqualTo(150);
            assertThat(cropped.channels()).isEqualTo(4);
            absdiff(cropped, expected, diff);
            double[] max = new double[1];
            minMaxLoc(diff.reshape(1, 0), null, max, null, null, null);
            assertThat(max[0]).isZero();
        }
        assertThat(result.usage().get(1).details()).contains("crop 600x520 -> 200x150+100+50 (x, y given)");
    }

    @Test
    void should_cut_a_percent_rectangle() throws Exception {
        // given a 1800x1200 photo
        byte[] jpeg = Fixtures.bytes("photo-sunset-1800.jpg");

        // when
        ChainResult result = run("- crop: { x: 25%, y: 10%, width: 50%, height: 50% }", "sunset.jpg", jpeg, Map.of());

        // then
        try (Mat source = decode(jpeg); Mat out = decode(result.outputs().get(0).bytes())) {
            assertThat(new int[] {out.cols(), out.rows()}).containsExactly(900, 600);
            assertThat(Composites.locate(source, out, 900)).containsExactly(450, 120, 900, 600);
        }
    }

    @ParameterizedTest(name = "aspect {0} -> {1}x{2}")
    @CsvSource({"1:1, 600, 600", "9:16, 338, 600", "4:5, 480, 600"})
    void should_keep_the_face_in_a_smart_aspect_crop_where_a_centred_one_loses_it(String aspect, int w, int h) throws Exception {
        // when
        ChainResult result = run("- crop: { aspect: '" + aspect + "', gravity: smart }", "wide.jpg", wideJpeg, Map.of());

        // then
        try (Mat out = decode(result.outputs().get(0).bytes())) {
            assertThat(new int[] {out.cols(), out.rows()}).containsExactly(w, h);
            int[] from = Composites.locate(wide, out, w);
            assertThat(contains(from, WIDE_FACE, 0)).as("face %s inside crop at %d,%d", WIDE_FACE, from[0], from[1]).isTrue();
            assertThat(contains(new int[] {(1600 - w) / 2, 0, w, h}, WIDE_FACE, 0)).as("a centred crop would lose it").isFalse();
        }
        assertThat(result.usage().get(1).details()).contains("smart: 1 face");
    }

    @ParameterizedTest(name = "focus {0}")
    @CsvSource(delimiter = ';', value = {"1300, 300; 1000", "0.8125, 0.5; 1000", "1600, 0; 1000", "700, 590; 400"})
    void should_centre_on_the_sidecar_focus_point_rather_than_the_face(String focus, int expectedX) throws Exception {
        // given a focus point in pixels or fractions; the window is clamped to the image
        String[] xy = focus.split(",");
        Map<String, Object> sidecar = Map.of("focus", List.of(Double.parseDouble(xy[0]), Double.parseDouble(xy[1])));

        // when
        ChainResult result = run("- crop: { aspect: '1:1', gravity: smart }", "wide.jpg", wideJpeg, sidecar);

        // then
        try (Mat out = decode(result.outputs().get(0).bytes())) {
            assertThat(Composites.locate(wide, out, 600)).containsExactly(expectedX, 0, 600, 600);
        }
        assertThat(result.usage().get(1).details()).contains("smart: focus point", "from wide.jpg.json");
    }

    @Test
    void should_read_the_focus_point_in_displayed_pixels_of_an_image_with_exif_orientation() throws Exception {
        // given a JPEG stored 600x800 whose EXIF orientation 6 displays it 800x600, and a focus in displayed pixels
        byte[] jpeg = Fixtures.bytes("orient6-picos-800.jpg");

        // when
        ChainResult result = run("- crop: { aspect: '1:2', gravity: smart }\n    - stripMetadata", "rotated.jpg", jpeg,
                Map.of("focus", List.of(600, 100)));

        // then the 300x600 window is centred on x = 600 of the upright picture
        try (Mat upright = Composites.decode("orient6-picos-800.jpg"); Mat out = decode(result.outputs().get(0).bytes())) {
            assertThat(upright.cols()).isEqualTo(800);
            assertThat(Composites.locate(upright, out, 300)).containsExactly(450, 0, 300, 600);
        }
    }

    @Test
    void should_shrink_on_load_for_crop_then_resize_and_give_the_same_picture_as_a_full_decode() throws Exception {
        // given
        byte[] jpeg = Fixtures.bytes("photo-sunset-1800.jpg");

        // when a centred square (1200x1200) becomes 200x200, 1/4 of the source is still enough
        ChainResult result = run("- crop: { aspect: '1:1' }\n    - resize: { mode: fill, width: 200, height: 200 }",
                "sunset.jpg", jpeg, Map.of());

        // then
        assertThat(result.usage().get(0).details()).contains("decoded at 1/4 scale");
        try (Mat out = decode(result.outputs().get(0).bytes()); Mat source = decode(jpeg); Rect r = new Rect(300, 0, 1200, 1200);
             Mat square = new Mat(source, r); Mat expected = new Mat(); Size size = new Size(200, 200)) {
            resize(square, expected, size, 0, 0, INTER_AREA);
            assertThat(new int[] {out.cols(), out.rows()}).containsExactly(200, 200);
            assertThat(meanDiff(out, expected)).isLessThan(4.0);
        }
    }

    @Test
    void should_shrink_on_load_for_a_pixel_rectangle_then_fit() throws Exception {
        // given
        byte[] jpeg = Fixtures.bytes("photo-sunset-1800.jpg");

        // when an 800x600 rectangle becomes 400x300: a 1/2 decode holds exactly that
        ChainResult result = run("- crop: { x: 1000, y: 300, width: 800, height: 600 }\n    - resize: { width: 400 }",
                "sunset.jpg", jpeg, Map.of());

        // then
        assertThat(result.usage().get(0).details()).contains("decoded at 1/2 scale");
        try (Mat out = decode(result.outputs().get(0).bytes()); Mat source = decode(jpeg); Rect r = new Rect(1000, 300, 800, 600);
             Mat part = new Mat(source, r); Mat expected = new Mat(); Size size = new Size(400, 300)) {
            resize(part, expected, size, 0, 0, INTER_AREA);
            assertThat(new int[] {out.cols(), out.rows()}).containsExactly(400, 300);
            assertThat(meanDiff(out, expected)).isLessThan(4.0);
        }
    }

    @Test
    void should_decode_at_full_size_when_nothing_after_the_crop_shrinks_it() throws Exception {
        // when
        ChainResult result = run("- crop: { aspect: '1:1' }", "sunset.jpg", Fixtures.bytes("photo-sunset-1800.jpg"), Map.of());

        // then
        assertThat(result.usage().get(0).details()).doesNotContain("decoded at");
        assertThat(result.outputs().get(0).width()).isEqualTo(1200);
    }

    @Test
    void should_place_a_sidecar_focus_point_through_a_reduced_decode() throws Exception {
        // given a 3200x1200 JPEG and a focus at x = 2000 of it
        byte[] big;
        try (Mat canvas = Composites.canvas(3200, 1200, 128, 128, 128); Mat astronaut = Composites.decode(Composites.ASTRONAUT);
             Mat detail = Composites.decode("photo-sunset-1800.jpg")) {
            Composites.paste(canvas, astronaut, 0, 0, 1200, 1200);
            Composites.paste(canvas, detail, 1400, 200, 1200, 800);
            big = Composites.jpeg(canvas, 90);
        }

        // when a 300x300 result needs only a 1/4 decode
        ChainResult result = run("- crop: { aspect: '1:1', gravity: smart }\n    - resize: { mode: fill, width: 300, height: 300 }",
                "big.jpg", big, Map.of("focus", List.of(2000, 600)));

        // then the square is centred on x = 2000 of the original: 1400..2600
        assertThat(result.usage().get(0).details()).contains("decoded at 1/4 scale");
        assertThat(result.usage().get(1).details()).contains("-> 1200x1200+1400+0 (smart: focus point [2000, 600]");
        try (Mat source = decode(big); Mat out = decode(result.outputs().get(0).bytes())) {
            int[] from = Composites.locate(source, out, 1200);
            assertThat(from[0]).isBetween(1392, 1408);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "width: 3000, height: 100; crop: width 3000 is larger than the image (1800x1200)",
            "width: 100, height: 1201; crop: height 1201 is larger than the image (1800x1200)",
            "x: 1700, y: 0, width: 300, height: 100; crop: x 1700 + width 300 = 2000 goes past the right edge of the image (1800x1200)",
            "x: 0, y: 1150, width: 300, height: 100; crop: y 1150 + height 100 = 1250 goes past the bottom edge of the image (1800x1200)",
            "x: 2000, y: 0, width: 10, height: 10; crop: x 2000 is outside the image (1800x1200)"})
    void should_fail_at_run_time_with_a_reason_naming_the_step_and_option(String options, String reason) throws Exception {
        // given
        byte[] jpeg = Fixtures.bytes("photo-sunset-1800.jpg");

        // when / then
        assertThatThrownBy(() -> run("- crop: { " + options + " }", "sunset.jpg", jpeg, Map.of()))
                .isInstanceOf(StepFailure.class)
                .hasMessageStartingWith(reason)
                .satisfies(e -> {
                    StepFailure f = (StepFailure) e;
                    assertThat(f.step()).isEqualTo("crop");
                    assertThat(f.usage()).extracting(UsageRecord::status).containsExactly(UsageRecord.OK, UsageRecord.FAILED);
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "{\"focus\": \"middle\"}; crop: the sidecar wide.jpg.json has \"focus\": middle; it must be two numbers [x, y]",
            "{\"focus\": [-5, 10]}; crop: the sidecar wide.jpg.json has \"focus\": [-5, 10]; coordinates cannot be negative",
            "{\"focus\": [1700, 10]}; crop: the focus point [1700, 10] in wide.jpg.json lies outside the image (1600x600 as displayed)"})
    void should_fail_on_a_bad_focus_point_with_the_sidecar_named(String json, String reason) throws Exception {
        // given
        @SuppressWarnings("unchecked")
        Map<String, Object> sidecar = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class);

        // when / then
        assertThatThrownBy(() -> run("- crop: { aspect: '1:1', gravity: smart }", "wide.jpg", wideJpeg, sidecar))
                .isInstanceOf(StepFailure.class).hasMessageStartingWith(reason);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "width: -5, height: 10; option 'width' must be more than 0, was -5",
            "width: 0, height: 10; option 'width' must be more than 0, was 0",
            "width: 150%, height: 10; option 'width' cannot exceed 100%, was 150%",
            "width: 12.5, height: 10; option 'width': 12.5 is not a whole number of pixels",
            "width: wide, height: 10; option 'width': 'wide' is not pixels (120) or a percentage (25%)",
            "aspect: '0:1'; aspect 0:1 is impossible: both sides of the ratio must be more than 0",
            "aspect: '16:0'; aspect 16:0 is impossible",
            "aspect: square; aspect 'square' is not a ratio like 16:9",
            "aspect: '16:9', width: 100; give either aspect or a rectangle",
            "width: 100; needs width and height (pixels or percent), or aspect",
            "x: 10, width: 100, height: 100; give both x and y, or neither",
            "x: 10, y: 10, width: 100, height: 100, gravity: smart; x and y place the rectangle already",
            "x: 60%, y: 0, width: 50%, height: 10%; x 60% + width 50% goes past the right edge",
            "gravity: middle, aspect: '1:1'; 'middle' is not one of center"})
    void should_refuse_impossible_options_at_start_up_naming_the_line(String options, String message) throws IOException {
        // when / then
        assertThatThrownBy(() -> chain("- crop: { " + options + " }"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((ConfigException) e).line()).isEqualTo(3));
    }

    private ChainResult run(String stepLines, String name, byte[] bytes, Map<String, Object> sidecar) throws Exception {
        return ChainRunner.run(chain(stepLines), name, bytes, ImageProbe.probe(bytes), sidecar);
    }

    private ChainDefinition chain(String stepLines) throws IOException {
        Path dir = Files.createDirectories(home.resolve("config"));
        Files.writeString(dir.resolve(ChainCatalog.CHAINS_FILE), "test:\n  steps:\n    " + stepLines + "\n");
        return ChainCatalog.load(dir, "config", steps).get("test");
    }

    private static Mat decode(byte[] bytes) {
        try (Mat buf = new Mat(new BytePointer(bytes))) {
            return imdecode(buf, IMREAD_UNCHANGED).clone();
        }
    }

    private static double meanDiff(Mat a, Mat b) {
        try (Mat diff = new Mat()) {
            absdiff(a, b, diff);
            return mean(diff).get(0);
        }
    }
}
