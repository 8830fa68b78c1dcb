package dev.imagehub.image;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.imagehub.testing.Composites;
import dev.imagehub.testing.Fixtures;

import static dev.imagehub.testing.Composites.contains;
import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.randu;

/**
 * Where smart crop puts the window, on real photos: the astronaut portrait (one known face) on wide and tall canvases,
 * two portraits that do or do not fit one window, a corpus photo on a flat background, and a focus point.
 */
class SmartCropTest {
    private static Mat astronaut;
    private static Mat detail;

    @BeforeAll
    static void load() {
        astronaut = Composites.decode(Composites.ASTRONAUT);
        detail = Composites.decode("photo-camera-exif-1200.jpg");
    }

    @AfterAll
    static void free() {
        astronaut.close();
        detail.close();
    }

    @Test
    void should_find_the_one_documented_face_in_the_portrait() {
        // when
        var faces = FaceDetector.detect(astronaut);

        // then: about (177,67) 93x93, as measured with the original PNG
        assertThat(faces).hasSize(1);
        int[] found = {faces.get(0).x(), faces.get(0).y(), faces.get(0).width(), faces.get(0).height()};
        assertThat(contains(new int[] {found[0] - 8, found[1] - 8, found[2] + 16, found[3] + 16}, Composites.ASTRONAUT_FACE, 0)).isTrue();
    }

    @ParameterizedTest(name = "portrait at x={0}, window {1}x{2}")
    @CsvSource({"0, 600, 600", "0, 338, 600", "1000, 600, 600", "1000, 338, 600"})
    void should_keep_the_face_of_a_portrait_at_one_side_of_a_wide_canvas(int portraitX, int w, int h) {
        // given a 1600x600 canvas: the portrait at one side, a detailed photo at the other (more detail than the face)
        try (Mat wide = Composites.canvas(1600, 600, 128, 128, 128)) {
            Composites.paste(wide, astronaut, portraitX, 0, 600, 600);
            Composites.paste(wide, detail, portraitX == 0 ? 1150 : 50, 150, 400, 266);
            int[] face = Composites.face(portraitX, 0, 600);

            // when
            SmartCrop.Window win = SmartCrop.place(wide, w, h, null, null, 1);

            // then the face is inside, where a centred crop would cut it off
            assertThat(new int[] {win.width(), win.height()}).containsExactly(w, h);
            assertThat(contains(rect(win), face, 0)).as("face %s inside %s", face, win).isTrue();
            int[] centred = {(1600 - w) / 2, 0, w, h};
            assertThat(contains(centred, face, 0)).isFalse();
            assertThat(win.basis()).startsWith("1 face");
        }
    }

    @Test
    void should_keep_the_face_of_a_portrait_at_the_bottom_of_a_tall_canvas_in_a_16x9_window() {
        // given
        try (Mat tall = Composites.canvas(600, 1600, 90, 100, 110)) {
            Composites.paste(tall, astronaut, 0, 1000, 600, 600);
            int[] face = Composites.face(0, 1000, 600);

            // when
            SmartCrop.Window win = SmartCrop.place(tall, 600, 338, null, null, 1);

            // then
            assertThat(contains(rect(win), face, 0)).as("face %s inside %s", face, win).isTrue();
            assertThat(contains(new int[] {0, (1600 - 338) / 2, 600, 338}, face, 0)).isFalse();
        }
    }

    @Test
    void should_keep_every_face_when_they_fit_in_the_window_together() {
        // given two 400 px portraits side by side at the left of a wide canvas
        try (Mat wide = Composites.canvas(1600, 600, 128, 128, 128)) {
            Composites.paste(wide, astronaut, 0, 100, 400, 400);
            Composites.paste(wide, astronaut, 400, 100, 400, 400);

            // when
            SmartCrop.Window win = SmartCrop.place(wide, 600, 600, null, null, 1);

            // then
            assertThat(win.basis()).startsWith("2 faces");
            assertThat(contains(rect(win), Composites.face(0, 100, 400), 0)).isTrue();
            assertThat(contains(rect(win), Composites.face(400, 100, 400), 0)).isTrue();
        }
    }

    @Test
    void should_keep_the_largest_face_when_the_faces_do_not_fit_together() {
        // given a large portrait at the left and a small one at the far right (its hard pasted edges also make the
        // default cascade see a false 246 px face there, which the second cascade rejects)
        try (Mat wide = Composites.canvas(1600, 600, 128, 128, 128)) {
            Composites.paste(wide, astronaut, 0, 0, 600, 600);
            Composites.paste(wide, astronaut, 1300, 150, 300, 300);

            // when
            SmartCrop.Window win = SmartCrop.place(wide, 338, 600, null, null, 1);

            // then
            assertThat(win.basis()).startsWith("largest of 2 faces");
            assertThat(contains(rect(win), Composites.face(0, 0, 600), 0)).isTrue();
        }
    }

    @Test
    void should_centre_on_the_focus_point_rather_than_the_face() {
        // given
        try (Mat wide = Composites.canvas(1600, 600, 128, 128, 128)) {
            Composites.paste(wide, astronaut, 0, 0, 600, 600);

            // when
            SmartCrop.Window win = SmartCrop.place(wide, 600, 600, new double[] {1300, 300}, "[1300, 300]", 1);

            // then the window is centred on the point, and the face is not what decided
            assertThat(rect(win)).containsExactly(1000, 0, 600, 600);
            assertThat(win.basis()).isEqualTo("focus point [1300, 300]");
        }
    }

    @ParameterizedTest(name = "object at {0},{1} on {2}x{3}, window {4}x{5}")
    @CsvSource({"1200, 350, 1600, 600, 600, 600", "1200, 350, 1600, 600, 338, 600", "100, 50, 1600, 600, 338, 600",
            "150, 1250, 600, 1600, 600, 338", "150, 100, 600, 1600, 600, 600"})
    void should_put_the_window_on_a_detailed_object_on_a_flat_background(int ox, int oy, int cw, int ch, int w, int h) {
        // given a corpus photo (300x200) pasted onto a flat canvas, away from the centre
        try (Mat flat = Composites.canvas(cw, ch, 200, 190, 180)) {
            Composites.paste(flat, detail, ox, oy, 300, 200);
            int[] object = {ox, oy, 300, 200};

            // when
            SmartCrop.Window win = SmartCrop.place(flat, w, h, null, null, 1);

            // then
            assertThat(win.basis()).startsWith("saliency");
            assertThat(contains(rect(win), object, 0)).as("object %s inside %s", object, win).isTrue();
        }
    }

    @Test
    void should_keep_a_centred_window_when_detail_is_spread_evenly() {
        // given a fine regular texture: every window holds the same detail (random noise is not even enough at the
        // coarse scale saliency looks at, and OpenCV's shared RNG would make it depend on the tests run before)
        try (Mat noise = new Mat(600, 1600, CV_8UC3)) {
            byte[] px = new byte[600 * 1600 * 3];
            for (int y = 0; y < 600; y++) {
                for (int x = 0; x < 1600; x++) {
                    byte v = (byte) ((((x / 6) + (y / 6)) % 2 == 0) ? 40 : 215);
                    int i = (y * 1600 + x) * 3;
                    px[i] = v;
                    px[i + 1] = v;
                    px[i + 2] = v;
                }
            }
            noise.data().put(px);

            // when
            SmartCrop.Window win = SmartCrop.place(noise, 600, 600, null, null, 1);

            // then
            assertThat(rect(win)).containsExactly(500, 0, 600, 600);
            assertThat(win.basis()).contains("kept centred");
        }
    }

    @Test
    void should_report_faces_in_the_pixels_the_ledger_speaks_of() {
        // given the portrait at 1/2 scale, as after a shrink-on-load decode of a 1024 px original
        try (Mat half = Composites.canvas(800, 300, 128, 128, 128)) {
            Composites.paste(half, astronaut, 0, 0, 300, 300);

            // when
            SmartCrop.Window win = SmartCrop.place(half, 300, 300, null, null, 2.0);

            // then the face is given at full size: about 109 px wide (93 * 600 / 512) rather than 55
            String size = win.basis().replaceAll(".* at (\\d+)x.*", "$1");
            assertThat(Integer.parseInt(size)).isBetween(95, 130);
        }
    }

    @Test
    void should_not_take_a_backlit_leaf_texture_for_faces() {
        // given the corpus photo on which both Haar cascades see nine "faces" (needs ../shared/corpus)
        var corpus = Fixtures.corpus();
        Assumptions.assumeTrue(corpus.isPresent(), "needs ../shared/corpus");
        try (Mat leaf = Composites.decode(corpus.get().resolve("real/photo-mate-blinds.jpg"))) {
            assertThat(FaceDetector.detect(leaf)).as("the default cascade alone").isNotEmpty();

            // when
            var faces = ConfirmedFaces.detect(leaf);

            // then the skin-colour check rejects them all, so smart crop goes by the detail instead
            assertThat(faces).isEmpty();
            assertThat(SmartCrop.place(leaf, 1200, 1200, null, null, 1).basis()).startsWith("saliency");
        }
    }

    @Test
    void should_keep_a_small_kite_in_a_big_sky_inside_a_9x16_window() {
        // given the corpus photo of a kite (at about 1650,490 175x165) in a 2560x1600 sky with clouds at the left
        var corpus = Fixtures.corpus();
        Assumptions.assumeTrue(corpus.isPresent(), "needs ../shared/corpus");
        int[] kite = {1650, 490, 175, 165};
        try (Mat sky = Composites.decode(corpus.get().resolve("real/photo-plasma-kite.jpg"))) {
            // when
            SmartCrop.Window win = SmartCrop.place(sky, 900, 1600, null, null, 1);

            // then the kite is in, where a centred window (830..1730) would cut it
            assertThat(win.basis()).startsWith("saliency");
            assertThat(contains(rect(win), kite, 0)).as("kite inside %s", win).isTrue();
            assertThat(contains(new int[] {830, 0, 900, 1600}, kite, 0)).isFalse();
        }
    }

    private static int[] rect(SmartCrop.Window w) {
        return new int[] {w.x(), w.y(), w.width(), w.height()};
    }
}
