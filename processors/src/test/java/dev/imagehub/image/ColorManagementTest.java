package dev.imagehub.image;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import javax.imageio.ImageIO;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.TestImages;
import dev.imagehub.chain.ChainCatalog;
import dev.imagehub.chain.ChainDefinition;
import dev.imagehub.chain.ChainResult;
import dev.imagehub.chain.ChainRunner;
import dev.imagehub.chain.StepCatalog;
import dev.imagehub.ledger.UsageRecord;
import dev.imagehub.testing.Fixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_core.extractChannel;
import static org.bytedeco.opencv.global.opencv_core.insertChannel;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2BGRA;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * Colour management on real photos: Display P3, Adobe RGB and CMYK-with-profile inputs come out as sRGB close to a
 * colour-managed reference, the profile is kept on request, and sRGB profiles are recognised and left alone.
 */
class ColorManagementTest {
    private static final String P3 = "photo-iphone-p3-1000.jpg";
    private static final String ADOBE_RGB = "adobergb-sunset-600.jpg";
    private static StepCatalog steps;

    @TempDir
    Path home;

    @BeforeAll
    static void discoverSteps() {
        steps = StepCatalog.discover();
    }

    @Test
    void should_recognise_srgb_profiles_by_their_effect_and_not_p3_or_adobe_rgb() throws BadImageException {
        assertThat(ColorManagement.isSrgb(ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData())).isTrue();
        assertThat(ColorManagement.isSrgb(icc("photo-camera-exif-1200.jpg"))).as("the camera's 'sRGB IEC61966-2.1'").isTrue();
        assertThat(ColorManagement.isSrgb(icc(P3))).isFalse();
        assertThat(ColorManagement.isSrgb(icc(ADOBE_RGB))).isFalse();
        assertThat(ColorManagement.describe(icc(P3))).isEqualTo("Display P3");
    }

    @Test
    void should_convert_bgra_colour_like_bgr_and_leave_alpha_alone() throws BadImageException {
        // given: the P3 photo as BGR, and the same pixels as BGRA with a horizontal alpha gradient
        try (Mat bgr = TestImages.decode(Fixtures.bytes(P3), IMREAD_COLOR); Mat bgra = new Mat()) {
            byte[] ramp = new byte[bgr.cols() * bgr.rows()];
            for (int i = 0; i < ramp.length; i++) ramp[i] = (byte) (i % bgr.cols() % 256);
            cvtColor(bgr, bgra, COLOR_BGR2BGRA);
            try (Mat alpha = TestImages.fromBytes(bgr.cols(), bgr.rows(), 1, ramp)) {
                insertChannel(alpha, bgra, 3);
                try (WorkingImage a = new WorkingImage(bgr.clone()); WorkingImage b = new WorkingImage(bgra.clone());
                     Mat colour = new Mat(); Mat alphaAfter = new Mat()) {
                    // when
                    ColorManagement.toSrgb(a, icc(P3));
                    ColorManagement.toSrgb(b, icc(P3));

                    // then
                    cvtColor(b.mat(), colour, COLOR_BGRA2BGR);
                    extractChannel(b.mat(), alphaAfter, 3);
                    assertThat(PixelError.mean(colour, a.mat())).as("BGRA colours as BGR").isLessThan(0.01);
                    assertThat(PixelError.mean(alphaAfter, alpha)).as("alpha untouched").isZero();
                    assertThat(PixelError.mean(colour, bgr)).as("colours did change").isGreaterThan(1.0);
                }
            }
        }
    }

    @Test
    void should_convert_the_same_way_from_parallel_workers() throws Exception {
        // given: the expected result from one thread
        byte[] p3 = icc(P3);
        Mat source = TestImages.decode(Fixtures.bytes(P3), IMREAD_COLOR);
        Mat expected = source.clone();
        try (WorkingImage w = new WorkingImage(expected)) {
            ColorManagement.toSrgb(w, p3);
            expected = w.mat().clone();
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            // when: twelve conversions on three threads at once, as the hub's workers would run them
            java.util.List<java.util.concurrent.Future<Double>> results = new java.util.ArrayList<>();
            Mat want = expected;
            for (int i = 0; i < 12; i++) {
                results.add(pool.submit(() -> {
                    try (WorkingImage w = new WorkingImage(source.clone())) {
                        ColorManagement.toSrgb(w, p3);
                        return PixelError.mean(w.mat(), want);
                    }
                }));
            }

            // then
            for (java.util.concurrent.Future<Double> r : results) assertThat(r.get()).isZero();
        } finally {
            pool.shutdown();
            source.close();
            expected.close();
        }
    }

    @Test
    void should_convert_display_p3_to_srgb_close_to_the_colour_managed_decode() throws Exception {
        // given: the reference is TwelveMonkeys' colour-managed decode, converted to sRGB by the JDK
        byte[] source = Fixtures.bytes(P3);
        ChainDefinition chain = chain("- compress: { quality: 95 }");

        // when
        ChainResult result = ChainRunner.run(chain, "p3.jpg", source, ImageProbe.probe(source));

        // then
        byte[] out = result.outputs().get(0).bytes();
        assertThat(JpegStructure.parse(out).icc()).as("sRGB output is untagged").isNull();
        try (Mat reference = srgbReference(source); Mat converted = TestImages.decode(out, IMREAD_COLOR);
             Mat unconverted = TestImages.decode(source, IMREAD_COLOR)) {
            double error = PixelError.mean(converted, reference);
            double naive = PixelError.mean(unconverted, reference);
            assertThat(error).as("converted output vs reference").isLessThan(1.5);
            assertThat(naive).as("P3 values shown as sRGB (what dropping the profile does)").isGreaterThan(3 * error);
        }
        assertThat(encodeNote(result)).contains("converted Display P3 to sRGB");
    }

    @Test
    void should_convert_adobe_rgb_close_to_the_srgb_original() throws Exception {
        // given: the fixture is the sunset photo converted into Adobe RGB (1998) by libvips, with the profile embedded
        byte[] source = Fixtures.bytes(ADOBE_RGB);
        ChainDefinition chain = chain("- compress: { quality: 95 }");

        // when
        ChainResult result = ChainRunner.run(chain, "adobe.jpg", source, ImageProbe.probe(source));

        // then
        try (Mat original = sunsetOriginal(600, 400); Mat converted = TestImages.decode(result.outputs().get(0).bytes(), IMREAD_COLOR);
             Mat unconverted = TestImages.decode(source, IMREAD_COLOR)) {
            double error = PixelError.mean(converted, original);
            assertThat(error).as("Adobe RGB input converted to sRGB vs the sRGB original").isLessThan(2.5);
            assertThat(PixelError.mean(unconverted, original)).as("Adobe RGB values shown as sRGB").isGreaterThan(1.5 * error);
        }
    }

    @Test
    void should_decode_the_12_megapixel_corpus_cmyk_jpeg_close_to_its_rgb_original() throws Exception {
        Optional<Path> corpus = Fixtures.corpus();
        Assumptions.assumeTrue(corpus.isPresent(), "needs ../shared/corpus");
        // given: derived/cmyk-icc-sunset-12mp.jpg was made from real/photo-sunset-aitzol-berasategi.jpg by libvips
        byte[] source = Files.readAllBytes(corpus.get().resolve("derived/cmyk-icc-sunset-12mp.jpg"));
        byte[] rgb = Files.readAllBytes(corpus.get().resolve("real/photo-sunset-aitzol-berasategi.jpg"));
        ChainDefinition chain = chain("- resize: { width: 1068 }\n    - compress: { quality: 95 }");

        // when
        ChainResult result = ChainRunner.run(chain, "cmyk.jpg", source, ImageProbe.probe(source));

        // then: shrink-on-load still applies, and the colours match the RGB original about as well as libvips' own
        // round trip through this profile does (5.2 levels: the CMYK gamut clips the sunset's saturated oranges)
        assertThat(result.usage().get(0).details()).contains("decoded at 1/4 scale");
        ChainResult.Output out = result.outputs().get(0);
        assertThat(out.width()).isEqualTo(1068);
        assertThat(out.height()).isEqualTo(712);
        try (Mat full = TestImages.decode(rgb, IMREAD_COLOR); Mat original = new Mat(); Mat managed = TestImages.decode(out.bytes(), IMREAD_COLOR);
             Mat formula = new Mat(); Mat formulaFull = TestImages.decode(source, IMREAD_COLOR)) {
            resize(full, original, new Size(out.width(), out.height()), 0, 0, INTER_AREA);
            resize(formulaFull, formula, new Size(out.width(), out.height()), 0, 0, INTER_AREA);
            double error = PixelError.mean(managed, original);
            assertThat(error).as("12 MP CMYK with profile vs RGB original").isLessThan(5.8);
            assertThat(PixelError.mean(formula, original)).as("the same file by formula, ignoring its profile").isGreaterThan(2 * error);
        }
    }

    @Test
    void should_keep_the_display_p3_profile_unconverted_when_asked_in_jpeg_png_and_webp() throws Exception {
        byte[] source = Fixtures.bytes(P3);
        byte[] p3 = icc(P3);
        for (String format : new String[] {"jpeg", "png", "webp"}) {
            // given
            ChainDefinition chain = chain("- metadata: { color: keep }\n    - convert: { format: " + format + " }\n"
                    + "    - compress: { quality: 95 }");

            // when
            ChainResult result = ChainRunner.run(chain, "p3.jpg", source, ImageProbe.probe(source));

            // then: the profile bytes travel unchanged and the pixel values are the P3 ones
            byte[] out = result.outputs().get(0).bytes();
            ImageInfo info = ImageProbe.probe(out);
            assertThat(info.icc()).as(format).isEqualTo(p3);
            try (Mat written = TestImages.decode(out, IMREAD_COLOR); Mat stored = TestImages.decode(source, IMREAD_COLOR)) {
                assertThat(PixelError.mean(written, stored)).as(format).isLessThan(1.5);
            }
        }
    }

    @Test
    void should_convert_a_png_source_tagged_display_p3() throws Exception {
        // given: the P3 photo's stored values as a PNG whose iCCP chunk holds the Display P3 profile
        byte[] jpeg = Fixtures.bytes(P3);
        byte[] png;
        try (Mat m = TestImages.decode(jpeg, IMREAD_COLOR)) {
            png = PngChunks.withMetadata(TestImages.encode(".png", m), null, icc(P3), null);
        }

        // when
        ChainResult result = ChainRunner.run(chain("- convert: { format: png }"), "p3.png", png, ImageProbe.probe(png));

        // then
        byte[] out = result.outputs().get(0).bytes();
        assertThat(PngChunks.read(out).icc()).isNull();
        try (Mat reference = srgbReference(jpeg); Mat converted = TestImages.decode(out, IMREAD_COLOR)) {
            assertThat(PixelError.mean(converted, reference)).isLessThan(1.0);
        }
    }

    @Test
    void should_convert_when_the_target_format_cannot_carry_the_profile() throws Exception {
        // given
        byte[] source = Fixtures.bytes(P3);
        ChainDefinition chain = chain("- metadata: { color: keep }\n    - convert: { format: bmp }");

        // when
        ChainResult result = ChainRunner.run(chain, "p3.jpg", source, ImageProbe.probe(source));

        // then
        try (Mat reference = srgbReference(source); Mat out = TestImages.decode(result.outputs().get(0).bytes(), IMREAD_COLOR)) {
            assertThat(PixelError.mean(out, reference)).isLessThan(1.0);
        }
        assertThat(encodeNote(result)).contains("because BMP cannot carry a profile");
    }

    @Test
    void should_leave_srgb_pixels_alone_and_keep_the_srgb_profile_only_with_keep_all() throws Exception {
        // given
        byte[] source = Fixtures.bytes("photo-camera-exif-1200.jpg");

        // when
        ChainResult all = ChainRunner.run(chain("- compress: { quality: 95 }"), "camera.jpg", source, ImageProbe.probe(source));
        ChainResult none = ChainRunner.run(chain("- stripMetadata\n    - compress: { quality: 95 }"), "camera.jpg", source,
                ImageProbe.probe(source));

        // then
        assertThat(JpegStructure.parse(all.outputs().get(0).bytes()).icc()).isEqualTo(icc("photo-camera-exif-1200.jpg"));
        assertThat(JpegStructure.parse(none.outputs().get(0).bytes()).icc()).isNull();
        assertThat(encodeNote(all)).doesNotContain("converted");
        try (Mat a = TestImages.decode(all.outputs().get(0).bytes(), IMREAD_COLOR); Mat b = TestImages.decode(none.outputs().get(0).bytes(), IMREAD_COLOR)) {
            assertThat(PixelError.mean(a, b)).isLessThan(0.01);
        }
    }

    // The JDK/TwelveMonkeys colour-managed decode of a profiled JPEG, converted to sRGB, as a BGR matrix.
    private static Mat srgbReference(byte[] jpeg) throws IOException {
        BufferedImage managed = ImageIO.read(new ByteArrayInputStream(jpeg));
        BufferedImage srgb = new BufferedImage(managed.getWidth(), managed.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        new ColorConvertOp(null).filter(managed, srgb);
        try (WorkingImage w = WorkingImage.fromBufferedImage(srgb)) {
            return w.mat().clone();
        }
    }

    // The sRGB sunset fixture (made from the same corpus photo as the profiled fixtures) at the given size.
    private static Mat sunsetOriginal(int width, int height) {
        try (Mat full = TestImages.decode(Fixtures.bytes("photo-sunset-1800.jpg"), IMREAD_COLOR)) {
            Mat small = new Mat();
            resize(full, small, new Size(width, height), 0, 0, INTER_AREA);
            return small;
        }
    }

    private static byte[] icc(String fixture) throws BadImageException {
        return JpegStructure.parse(Fixtures.bytes(fixture)).icc();
    }

    private static String encodeNote(ChainResult result) {
        return result.usage().stream().filter(u -> u.step().equals("encode")).map(UsageRecord::details).findFirst().orElseThrow();
    }

    private ChainDefinition chain(String stepLines) throws IOException {
        Path dir = Files.createDirectories(home.resolve("config"));
        Files.writeString(dir.resolve(ChainCatalog.CHAINS_FILE), "test:\n  steps:\n    " + stepLines + "\n");
        return ChainCatalog.load(dir, "config", steps).get("test");
    }
}
