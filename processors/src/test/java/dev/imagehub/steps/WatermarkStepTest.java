package dev.imagehub.steps;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.TestImages;
import dev.imagehub.chain.ChainResult;
import dev.imagehub.image.FaceDetector;
import dev.imagehub.image.ImageDecoder;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.watermark.WatermarkPlacer;
import dev.imagehub.image.WorkingImage;
import dev.imagehub.ledger.UsageRecord;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.Images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * The watermark step on real photos, checked by comparing the lossless result with the same chain without the
 * watermark: where pixels changed, how much, and how large the changed area is.
 */
class WatermarkStepTest {
    private static final byte[] SUNSET = Fixtures.bytes("photo-sunset-1800.jpg"); // 1800x1200: sky on top, grass and rocks below

    @TempDir
    Path tmp;

    @Test
    void should_draw_text_bottom_right_at_the_margin_and_change_nothing_elsewhere() throws Exception {
        // given
        WatermarkRun run = new WatermarkRun(tmp);
        BufferedImage plain = run.run(SUNSET);

        // when
        BufferedImage marked = run.run(SUNSET, "- watermark: { text: '© imagehub', size: 5, opacity: 100, position: bottomRight, margin: 30 }");

        // then: the text's ink ends 30 px from the right and bottom edges (antialiasing may add a pixel)
        PixelDiff diff = new PixelDiff(plain, marked);
        Rectangle changed = diff.changedBounds(0);
        assertThat(changed.x + changed.width).isBetween(1800 - 30 - 2, 1800 - 30 + 1);
        assertThat(changed.y + changed.height).isBetween(1200 - 30 - 2, 1200 - 30 + 1);
        // a 60 px font (5% of 1200): glyphs from ascender to the bottom of the '©' are 45-65 px tall, the line ~6 em wide
        assertThat(changed.height).isBetween(45, 65);
        assertThat(changed.width).isBetween(250, 420);
        assertThat(diff.changedFraction(changed, 40)).as("ink inside the text box").isGreaterThan(0.15);
        assertThat(diff.maxOutside(changed)).as("difference outside the text box").isZero();
    }

    @Test
    void should_change_pixels_half_as_much_at_50_percent_opacity_as_at_100() throws Exception {
        // given
        WatermarkRun run = new WatermarkRun(tmp);
        BufferedImage plain = run.run(SUNSET);
        String step = "- watermark: { text: PROOF, size: 12, color: black, position: topLeft, opacity: ";

        // when
        BufferedImage solid = run.run(SUNSET, step + "100 }");
        BufferedImage half = run.run(SUNSET, step + "50% }");

        // then: the blend is linear in opacity, so the total change halves (rounding to 8 bits blurs it slightly)
        PixelDiff full = new PixelDiff(plain, solid);
        PixelDiff semi = new PixelDiff(plain, half);
        assertThat(full.sum()).isGreaterThan(1_000_000L);
        assertThat((double) semi.sum() / full.sum()).isCloseTo(0.5, within(0.02));
        // inside a letter the solid watermark is pure black, the half one half-way to black
        Rectangle box = full.changedBounds(0);
        int[] inked = darkest(solid, box);
        assertThat(inked[2]).isLessThan(3);
        int sky = grey(plain.getRGB(inked[0], inked[1]));
        assertThat(grey(half.getRGB(inked[0], inked[1]))).isCloseTo(sky / 2, within(3));
    }

    @Test
    void should_cover_the_whole_image_with_the_tiled_proof_template() throws Exception {
        // given
        WatermarkRun run = new WatermarkRun(tmp);
        BufferedImage plain = run.run(SUNSET);

        // when
        BufferedImage proof = run.run(SUNSET, "- watermark: { template: proof }");

        // then: every cell of a 4x4 grid carries part of the pattern
        PixelDiff diff = new PixelDiff(plain, proof);
        for (int gy = 0; gy < 4; gy++) {
            for (int gx = 0; gx < 4; gx++) {
                Rectangle cell = new Rectangle(gx * 450, gy * 300, 450, 300);
                assertThat(diff.changedFraction(cell, 10)).as("changed share of cell %d,%d", gx, gy).isGreaterThan(0.05);
            }
        }
        assertThat(diff.changedFraction(new Rectangle(0, 0, 1800, 1200), 10)).isBetween(0.10, 0.60);
    }

    @Test
    void should_draw_a_tiled_pattern_on_a_large_image_in_bands_without_seams() throws Exception {
        // given: the sunset enlarged to 2700x1800 (4.9 MP): the pattern is drawn in two bands, split at row 1481
        byte[] large;
        try (WorkingImage img = ImageDecoder.decode(SUNSET, ImageProbe.probe(SUNSET), 1); Mat big = new Mat(); Size size = new Size(2700, 1800)) {
            resize(img.mat(), big, size, 0, 0, INTER_CUBIC);
            large = TestImages.encode(".jpg", big, org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY, 95);
        }
        WatermarkRun run = new WatermarkRun(tmp);
        String proof = "- watermark: { text: PREVIEW, size: 9, opacity: 100, color: black, rotation: -30, tile: true, spacing: 10 }";

        // when
        PixelDiff diff = new PixelDiff(run.run(large), run.run(large, proof));

        // then: the rows either side of the band boundary carry the pattern alike (a seam would blank or double one)
        for (int boundary : new int[] {1481}) {
            double above = diff.changedFraction(new Rectangle(0, boundary - 1, 2700, 1), 30);
            double below = diff.changedFraction(new Rectangle(0, boundary, 2700, 1), 30);
            assertThat(above).isGreaterThan(0.05);
            assertThat(below).isCloseTo(above, within(0.02));
        }
        assertThat(diff.changedFraction(new Rectangle(0, 1700, 2700, 100), 30)).as("bottom of the second band, dark grass under black text").isGreaterThan(0.02);
    }

    @Test
    void should_scale_the_logo_to_the_requested_fraction_of_the_image_width() throws Exception {
        // given: the shipped logo is 640x144
        WatermarkRun run = new WatermarkRun(tmp);
        BufferedImage plain = run.run(SUNSET);

        for (int percent : new int[] {25, 40}) {
            // when
            BufferedImage marked = run.run(SUNSET, "- watermark: { logo: templates/logos/imagehub-logo.png, width: " + percent
                    + ", opacity: 100, position: topLeft, margin: 0 }");

            // then
            Rectangle changed = new PixelDiff(plain, marked).changedBounds(0);
            int expectedW = 1800 * percent / 100;
            assertThat(changed.x).isLessThanOrEqualTo(1);
            assertThat(changed.y).isLessThanOrEqualTo(1);
            assertThat(changed.width).as("logo width at %d%%", percent).isCloseTo(expectedW, within(3));
            assertThat(changed.height).as("logo height at %d%%", percent).isCloseTo(expectedW * 144 / 640, within(3));
        }
    }

    @Test
    void should_put_a_smart_watermark_on_the_flattest_corner_and_move_it_when_that_corner_gets_busy() throws Exception {
        // given
        WatermarkRun run = new WatermarkRun(tmp);
        String step = "- watermark: { text: '© imagehub', size: 5, opacity: 100, position: smart, margin: 30 }";
        BufferedImage plain = run.run(SUNSET);

        // when
        Rectangle onPhoto = new PixelDiff(plain, run.run(SUNSET, step)).changedBounds(0);

        // then: it went to the sky, not to the grass and rocks of the lower corners
        assertThat(onPhoto.y).as("watermark %s", onPhoto).isBetween(29, 32);

        // given: the same photo with rocks from its own foreground pasted over that corner, leaving one flat corner
        // given: the same photo with rocks from its own foreground pasted over that corner
        byte[] busy = withPatch(SUNSET, new Rectangle(0, 900, 700, 300), onPhoto.x < 900 ? 0 : 1100, 0);
        BufferedImage busyPlain = run.run(busy);

        // when
        Rectangle moved = new PixelDiff(busyPlain, run.run(busy, step)).changedBounds(0);

        // then: it moved to the one flat corner left, as an independent smoothness measure confirms
        assertThat(moved.intersects(onPhoto)).as("watermark %s left the busy corner", moved).isFalse();
        Rectangle flattest = flattestCorner(busyPlain, moved.width, moved.height, 30);
        assertThat(moved.intersects(flattest)).as("watermark %s in the flattest corner %s", moved, flattest).isTrue();
        assertThat(flattest.y).isLessThan(600);
    }

    @Test
    void should_keep_a_smart_watermark_off_a_face_even_where_the_face_is_the_flattest_spot() throws Exception {
        // given: a close-up of the astronaut, enlarged 3x (750x750); without faces the flattest spot is on her face
        byte[] portrait = astronautCloseUp();
        List<FaceDetector.Face> faces;
        try (WorkingImage img = ImageDecoder.decode(portrait, ImageProbe.probe(portrait), 1)) {
            faces = FaceDetector.detect(img.mat());
            assertThat(faces).hasSize(1);
            Rectangle face = rect(faces.get(0));
            WatermarkPlacer.Choice blind = WatermarkPlacer.choose(img.mat(), 375, 84, 25, 0, 0, List.of());
            int[] xy = blind.position().topLeft(750, 750, 375, 84, 25, 0, 0);
            assertThat(new Rectangle(xy[0], xy[1], 375, 84).intersects(face)).as("flattest spot ignoring faces is on the face").isTrue();
        }
        WatermarkRun run = new WatermarkRun(tmp);

        // when
        BufferedImage plain = run.run(portrait);
        ChainResult result = run.result(portrait, "- watermark: { logo: templates/logos/imagehub-logo.png, width: 50, opacity: 100, position: smart, margin: 25 }");

        // then
        Rectangle changed = new PixelDiff(plain, Images.read(result.outputs().get(0).bytes())).changedBounds(0);
        assertThat(changed.width).isCloseTo(375, within(3));
        assertThat(changed.intersects(rect(faces.get(0)))).as("logo %s over the face %s", changed, faces.get(0)).isFalse();
        assertThat(note(result, "watermark")).contains("1 face(s)").contains("(face)");
    }

    @Test
    void should_shrink_text_too_long_for_the_image_so_that_all_of_it_fits_inside_the_margins() throws Exception {
        // given: 90 characters at 10% of the height would be about 6000 px wide
        WatermarkRun run = new WatermarkRun(tmp);
        BufferedImage plain = run.run(SUNSET);
        String text = "All rights reserved - this photograph may not be copied or published without permission!!";

        // when
        ChainResult result = run.result(SUNSET, "- watermark: { text: '" + text + "', size: 10, opacity: 100, position: bottomCenter, margin: 40 }");

        // then: the first and last glyphs both reach the margins, nothing spills over
        Rectangle changed = new PixelDiff(plain, Images.read(result.outputs().get(0).bytes())).changedBounds(0);
        assertThat(changed.x).isBetween(40 - 1, 40 + 8);
        assertThat(changed.x + changed.width).isBetween(1800 - 40 - 8, 1800 - 40 + 1);
        assertThat(changed.y + changed.height).isLessThanOrEqualTo(1200 - 40 + 1);
        assertThat(note(result, "watermark")).contains("(shrunk from 120 px to fit)");
    }

    @Test
    void should_fit_rotated_text_and_turn_the_watermark_with_it() throws Exception {
        // given
        WatermarkRun run = new WatermarkRun(tmp);
        BufferedImage plain = run.run(SUNSET);

        // when: vertical text along the right edge
        BufferedImage marked = run.run(SUNSET, "- watermark: { text: 'imagehub studio', size: 6, opacity: 100, rotation: 90, position: centerRight, margin: 20 }");

        // then: taller than wide, centred vertically, against the right margin
        Rectangle changed = new PixelDiff(plain, marked).changedBounds(0);
        assertThat(changed.height).isGreaterThan(3 * changed.width);
        assertThat(changed.y + changed.height / 2).isCloseTo(600, within(40));
        assertThat(changed.x + changed.width).isBetween(1800 - 20 - 2, 1800 - 20 + 1);
    }

    @Test
    void should_draw_over_transparent_areas_of_a_png_and_keep_the_rest_of_its_alpha() throws Exception {
        // given: 600x520 RGBA, transparent around the anemone
        byte[] png = Fixtures.bytes("alpha-tuxpaint-anemone.png");
        WatermarkRun run = new WatermarkRun(tmp);
        BufferedImage plain = run.run(png);
        assertThat(plain.getColorModel().hasAlpha()).isTrue();
        assertThat(plain.getRGB(20, 20) >>> 24).isZero();

        // when
        BufferedImage marked = run.run(png, "- watermark: { text: SAMPLE, size: 12, color: '#ff0000', opacity: 80, position: topLeft, margin: 10 }");

        // then: the letters appear over the transparency, 80% opaque and red, and no other alpha changed
        Rectangle changed = new PixelDiff(plain, marked).changedBounds(0);
        assertThat(changed.x).isBetween(9, 12);
        int strongest = 0;
        int at = 0;
        for (int y = changed.y; y < changed.y + changed.height; y++) {
            for (int x = changed.x; x < changed.x + changed.width; x++) {
                int a = marked.getRGB(x, y) >>> 24;
                if ((plain.getRGB(x, y) >>> 24) == 0 && a > strongest) {
                    strongest = a;
                    at = marked.getRGB(x, y);
                }
            }
        }
        assertThat(strongest).isCloseTo(204, within(2));
        assertThat((at >> 16) & 0xFF).isGreaterThan(250);
        assertThat(at & 0xFFFF).isLessThan(0x0505);
        assertThat(new PixelDiff(plain, marked).maxOutside(changed)).isZero();
    }

    @Test
    void should_watermark_a_grey_image_in_grey() throws Exception {
        // given: the sunset as an 8-bit greyscale PNG
        byte[] grey;
        try (WorkingImage img = ImageDecoder.decode(SUNSET, ImageProbe.probe(SUNSET), 1); Mat g = new Mat()) {
            cvtColor(img.mat(), g, COLOR_BGR2GRAY);
            grey = TestImages.encode(".png", g);
        }
        WatermarkRun run = new WatermarkRun(tmp);
        BufferedImage plain = run.run(grey);

        // when: a red watermark
        BufferedImage marked = run.run(grey, "- watermark: { text: '© imagehub', color: '#ff0000', opacity: 100, position: topRight }");

        // then: still one grey channel, changed only at the top right
        assertThat(marked.getRaster().getNumBands()).isEqualTo(1);
        Rectangle changed = new PixelDiff(plain, marked).changedBounds(0);
        assertThat(changed.x).isGreaterThan(1200);
        assertThat(changed.y + changed.height).isLessThan(150);
    }

    // --- helpers ---

    private static String note(ChainResult result, String step) {
        return result.usage().stream().filter(u -> u.step().equals(step)).map(UsageRecord::details).findFirst().orElseThrow();
    }

    private static Rectangle rect(FaceDetector.Face f) {
        return new Rectangle(f.x(), f.y(), f.width(), f.height());
    }

    private static int grey(int rgb) {
        return (((rgb >> 16) & 0xFF) + ((rgb >> 8) & 0xFF) + (rgb & 0xFF)) / 3;
    }

    /** x, y and grey value of the darkest pixel in {@code r}. */
    private static int[] darkest(BufferedImage img, Rectangle r) {
        int[] best = {r.x, r.y, 256};
        for (int y = r.y; y < r.y + r.height; y++) {
            for (int x = r.x; x < r.x + r.width; x++) {
                int g = grey(img.getRGB(x, y));
                if (g < best[2]) best = new int[] {x, y, g};
            }
        }
        return best;
    }

    /** Of the four corner boxes of {@code w x h} at {@code margin}, the one with the least neighbour-to-neighbour change. */
    private static Rectangle flattestCorner(BufferedImage img, int w, int h, int margin) {
        Rectangle best = null;
        double bestScore = Double.MAX_VALUE;
        for (int[] c : new int[][] {{0, 0}, {1, 0}, {0, 1}, {1, 1}}) {
            Rectangle r = new Rectangle(c[0] == 0 ? margin : img.getWidth() - margin - w, c[1] == 0 ? margin : img.getHeight() - margin - h, w, h);
            double score = 0;
            for (int y = r.y; y < r.y + r.height - 1; y++) {
                for (int x = r.x; x < r.x + r.width - 1; x++) {
                    int g = grey(img.getRGB(x, y));
                    score += Math.abs(g - grey(img.getRGB(x + 1, y))) + Math.abs(g - grey(img.getRGB(x, y + 1)));
                }
            }
            if (score < bestScore) {
                bestScore = score;
                best = r;
            }
        }
        return best;
    }

    /** {@code jpeg} as PNG with the pixels of {@code from} copied to {@code (toX, toY)}. */
    private static byte[] withPatch(byte[] jpeg, Rectangle from, int toX, int toY) throws Exception {
        try (WorkingImage img = ImageDecoder.decode(jpeg, ImageProbe.probe(jpeg), 1);
             Rect src = new Rect(from.x, from.y, from.width, from.height);
             Rect dst = new Rect(toX, toY, from.width, from.height);
             Mat patch = new Mat(img.mat(), src).clone();
             Mat target = new Mat(img.mat(), dst)) {
            patch.copyTo(target);
            return TestImages.encode(".png", img.mat());
        }
    }

    /** The astronaut's face and shoulders (250x250 from 75,10), enlarged 3x, as PNG. */
    private static byte[] astronautCloseUp() throws Exception {
        byte[] png = Fixtures.bytes("portrait-astronaut-512.jpg");
        try (WorkingImage img = ImageDecoder.decode(png, ImageProbe.probe(png), 1);
             Rect r = new Rect(75, 10, 250, 250);
             Mat crop = new Mat(img.mat(), r);
             Mat big = new Mat();
             Size size = new Size(750, 750)) {
            resize(crop, big, size, 0, 0, INTER_CUBIC);
            return TestImages.encode(".png", big);
        }
    }
}
