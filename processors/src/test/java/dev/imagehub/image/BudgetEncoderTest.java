package dev.imagehub.image;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.imagehub.TestImages;
import dev.imagehub.testing.Fixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;

/** Byte budgets (binary search over quality, downscale fallback, clear failures) and format: auto, on real photos. */
class BudgetEncoderTest {

    static WorkingImage decode(String fixture) throws BadImageException {
        byte[] bytes = Fixtures.bytes(fixture);
        return ImageDecoder.decode(bytes, ImageProbe.probe(bytes), 1);
    }

    private static EncodeSettings budget(long maxBytes) {
        EncodeSettings s = new EncodeSettings();
        s.maxBytes(maxBytes);
        return s;
    }

    private static int sizeAt(WorkingImage image, ImageFormat format, int quality) throws IOException {
        EncodeSettings s = new EncodeSettings();
        s.quality(quality);
        return ImageEncoder.encode(image, format, s, null, null).length;
    }

    @ParameterizedTest(name = "{0} as {1} within {2} bytes")
    @CsvSource({
            "photo-sunset-1800.jpg, JPEG, 150000",
            "photo-wine-portrait-1800.jpg, JPEG, 120000",
            "photo-camera-exif-1200.jpg, JPEG, 60000",
            "photo-sunset-1800.jpg, WEBP, 90000",
            "photo-iphone-p3-1000.jpg, WEBP, 60000"})
    void should_choose_the_highest_quality_that_fits_the_budget(String fixture, ImageFormat format, long maxBytes) throws Exception {
        try (WorkingImage image = decode(fixture)) {
            // given a budget the default quality misses
            assertThat(sizeAt(image, format, format == ImageFormat.JPEG ? 85 : 80)).as("default quality is over the budget").isGreaterThan((int) maxBytes);
            EncodeSettings s = budget(maxBytes);

            // when
            BudgetEncoder.Result r = BudgetEncoder.encode(image, format, s, null, null, Fixtures.bytes(fixture).length);

            // then the output fits, and one quality step up would not
            assertThat(r.bytes().length).isLessThanOrEqualTo((int) maxBytes);
            assertThat(ImageFormat.sniff(r.bytes())).isEqualTo(format);
            assertThat(r.quality()).isBetween(40, 84);
            assertThat(sizeAt(image, format, r.quality())).as("the result is the encode at the chosen quality").isEqualTo(r.bytes().length);
            assertThat(sizeAt(image, format, r.quality() + 1)).as("quality %d does not fit", r.quality() + 1).isGreaterThan((int) maxBytes);
            assertThat(r.encodes()).as("binary search, not a scan").isBetween(2, 7);
            assertThat(s.quality()).as("the chosen quality stays in the settings for extra outputs").isEqualTo(r.quality());
            assertThat(r.details()).contains("quality " + r.quality(), "after " + r.encodes() + " encodes", "saved ");
            assertThat(image.width()).as("not downscaled").isEqualTo(ImageProbe.probe(Fixtures.bytes(fixture)).width());
        }
    }

    @Test
    void should_take_the_configured_quality_in_one_encode_when_it_fits() throws Exception {
        try (WorkingImage image = decode("photo-sunset-1800.jpg")) {
            EncodeSettings s = budget(2_000_000);
            s.quality(90);

            BudgetEncoder.Result r = BudgetEncoder.encode(image, ImageFormat.JPEG, s, null, null, 230_214);

            assertThat(r.encodes()).isEqualTo(1);
            assertThat(r.quality()).isEqualTo(90);
            assertThat(r.bytes().length).isEqualTo(sizeAt(image, ImageFormat.JPEG, 90));
        }
    }

    @Test
    void should_search_below_the_configured_quality_only() throws Exception {
        try (WorkingImage image = decode("photo-sunset-1800.jpg")) {
            // a budget that quality 95 would fit but the configured 70 does not reach: 70 is the ceiling
            int at70 = sizeAt(image, ImageFormat.JPEG, 70);
            EncodeSettings s = budget(at70 - 1);
            s.quality(70);

            BudgetEncoder.Result r = BudgetEncoder.encode(image, ImageFormat.JPEG, s, null, null, 230_214);

            assertThat(r.quality()).isLessThan(70).isGreaterThanOrEqualTo(40);
            assertThat(r.bytes().length).isLessThan(at70);
        }
    }

    @Test
    void should_fail_an_impossible_budget_with_the_size_reached_at_the_floor() throws Exception {
        try (WorkingImage image = decode("photo-sunset-1800.jpg")) {
            int atFloor = sizeAt(image, ImageFormat.JPEG, 40);
            EncodeSettings s = budget(20_000);
            s.quality(82);

            BudgetEncoder.BudgetMissed e = catchThrowableOfType(BudgetEncoder.BudgetMissed.class,
                    () -> BudgetEncoder.encode(image, ImageFormat.JPEG, s, null, null, 230_214));

            assertThat(e).isNotNull();
            assertThat(e.reachedBytes()).isEqualTo(atFloor);
            assertThat(e.getMessage()).isEqualTo("step 'compress', option 'maxBytes': at quality 40 the JPEG is "
                    + new dev.imagehub.config.ByteSize(atFloor) + ", over the 20 KB budget; allow downscale: true, lower minQuality or raise maxBytes");
            assertThat(s.quality()).as("settings restored").isEqualTo(82);
            assertThat(image.width()).isEqualTo(1800);
        }
    }

    @Test
    void should_report_the_floor_size_of_webp_when_the_budget_is_far_out_of_reach() throws Exception {
        try (WorkingImage image = decode("photo-sunset-1800.jpg")) {
            EncodeSettings s = budget(5_000);
            s.minQuality(30);

            BudgetEncoder.BudgetMissed e = catchThrowableOfType(BudgetEncoder.BudgetMissed.class,
                    () -> BudgetEncoder.encode(image, ImageFormat.WEBP, s, null, null, 230_214));

            assertThat(e.getMessage()).contains("at quality 30 the WEBP is", "over the 5 KB budget");
            assertThat(e.reachedBytes()).isEqualTo(sizeAt(image, ImageFormat.WEBP, 30));
        }
    }

    @Test
    void should_downscale_step_by_step_when_allowed_and_meet_the_budget() throws Exception {
        try (WorkingImage image = decode("photo-sunset-1800.jpg")) {
            EncodeSettings s = budget(20_000);
            s.downscaleToFit(true);

            BudgetEncoder.Result r = BudgetEncoder.encode(image, ImageFormat.JPEG, s, null, null, 230_214);

            assertThat(r.bytes().length).isLessThanOrEqualTo(20_000);
            // the working image now holds the smaller pixels, aspect ratio kept (1800x1200 = 3:2)
            assertThat(image.width()).isLessThan(1800).isGreaterThan(200);
            assertThat((double) image.width() / image.height()).isCloseTo(1.5, org.assertj.core.data.Offset.offset(0.01));
            try (Mat decoded = TestImages.decode(r.bytes(), IMREAD_UNCHANGED)) {
                assertThat(decoded.cols()).isEqualTo(image.width());
                assertThat(decoded.rows()).isEqualTo(image.height());
            }
            assertThat(r.quality()).isGreaterThanOrEqualTo(40);
            assertThat(r.details()).contains("downscaled 1800x1200 -> " + image.width() + "x" + image.height());
        }
    }

    @Test
    void should_fail_even_with_downscale_when_nothing_can_fit() throws Exception {
        try (WorkingImage image = decode("photo-sunset-1800.jpg")) {
            EncodeSettings s = budget(300); // smaller than a JPEG's headers
            s.downscaleToFit(true);

            BudgetEncoder.BudgetMissed e = catchThrowableOfType(BudgetEncoder.BudgetMissed.class,
                    () -> BudgetEncoder.encode(image, ImageFormat.JPEG, s, null, null, 230_214));

            assertThat(e.getMessage()).containsPattern("even at \\d+x\\d+ px and quality 40 the JPEG is \\d+ B, over the 300 B budget; raise maxBytes");
            assertThat(image.width()).as("the image is left as it was").isEqualTo(1800);
        }
    }

    @Test
    void should_fail_clearly_when_a_png_without_palette_misses_the_budget() throws Exception {
        try (WorkingImage image = decode("alpha-tuxpaint-anemone.png")) {
            EncodeSettings s = budget(50_000);

            BudgetEncoder.BudgetMissed e = catchThrowableOfType(BudgetEncoder.BudgetMissed.class,
                    () -> BudgetEncoder.encode(image, ImageFormat.PNG, s, null, null, 394_971));

            assertThat(e.getMessage()).startsWith("step 'compress', option 'maxBytes': the PNG is ")
                    .contains("over the 50 KB budget, and PNG has no quality to lower; add palette: 256");
        }
    }

    @Test
    void should_fit_a_png_with_a_palette_when_full_colour_does_not() throws Exception {
        try (WorkingImage image = decode("alpha-tuxpaint-anemone.png")) {
            EncodeSettings full = new EncodeSettings();
            int fullColour = ImageEncoder.encode(image, ImageFormat.PNG, full, null, null).length;
            EncodeSettings s = budget(fullColour / 2);
            s.paletteColors(256);

            BudgetEncoder.Result r = BudgetEncoder.encode(image, ImageFormat.PNG, s, null, null, 394_971);

            assertThat(r.bytes().length).isLessThanOrEqualTo(fullColour / 2);
            assertThat(r.encodes()).isEqualTo(1);
            assertThat(dev.imagehub.testing.Images.read(r.bytes()).getColorModel()).isInstanceOf(java.awt.image.IndexColorModel.class);
        }
    }

    @Test
    void should_suggest_fewer_colours_when_a_palette_png_misses_the_budget() throws Exception {
        try (WorkingImage image = decode("alpha-tuxpaint-anemone.png")) {
            EncodeSettings s = budget(50_000);
            s.paletteColors(256);

            BudgetEncoder.BudgetMissed e = catchThrowableOfType(BudgetEncoder.BudgetMissed.class,
                    () -> BudgetEncoder.encode(image, ImageFormat.PNG, s, null, null, 394_971));

            assertThat(e.getMessage()).startsWith("step 'compress', option 'maxBytes': the 256-colour PNG is ")
                    .contains("over the 50 KB budget", "use fewer palette colours, allow downscale: true");
        }
    }

    @Test
    void should_fail_a_bmp_over_budget_saying_it_has_no_quality() throws Exception {
        try (WorkingImage image = decode("bmp-go-video-001.bmp")) {
            BudgetEncoder.BudgetMissed e = catchThrowableOfType(BudgetEncoder.BudgetMissed.class,
                    () -> BudgetEncoder.encode(image, ImageFormat.BMP, budget(10_000), null, null, 46_610));

            assertThat(e.getMessage()).contains("the BMP is", "BMP has no quality to lower; allow downscale: true, convert to webp or jpeg");
        }
    }

    @Test
    void should_not_search_the_quality_of_lossless_webp_but_say_so() throws Exception {
        try (WorkingImage image = decode("photo-sunset-1800.jpg")) {
            EncodeSettings s = budget(50_000);
            s.lossless(true);

            BudgetEncoder.BudgetMissed e = catchThrowableOfType(BudgetEncoder.BudgetMissed.class,
                    () -> BudgetEncoder.encode(image, ImageFormat.WEBP, s, null, null, 230_214));

            assertThat(e.getMessage()).contains("the WEBP is", "over the 50 KB budget, and lossless WEBP has no quality to lower");
        }
    }

    @Test
    void should_still_search_jpeg_when_lossless_is_set_for_other_formats() throws Exception {
        try (WorkingImage image = decode("photo-sunset-1800.jpg")) {
            EncodeSettings s = budget(120_000);
            s.lossless(true);

            BudgetEncoder.Result r = BudgetEncoder.encode(image, ImageFormat.JPEG, s, null, null, 230_214);

            assertThat(r.bytes().length).isLessThanOrEqualTo(120_000);
            assertThat(r.quality()).isBetween(40, 84);
        }
    }

    @Test
    void should_pick_the_smallest_format_at_equal_settings_in_auto_mode() throws Exception {
        try (WorkingImage image = decode("photo-camera-exif-1200.jpg")) {
            EncodeSettings s = new EncodeSettings();
            s.quality(80);
            s.autoFormats(List.of(ImageFormat.JPEG, ImageFormat.PNG, ImageFormat.WEBP));
            Map<Integer, ImageFormat> bySize = new TreeMap<>();
            for (ImageFormat f : s.autoFormats()) bySize.put(sizeAt(image, f, 80), f);

            BudgetEncoder.Result r = BudgetEncoder.encode(image, ImageFormat.JPEG, s, null, null, 119_941);

            Map.Entry<Integer, ImageFormat> smallest = bySize.entrySet().iterator().next();
            assertThat(r.format()).isEqualTo(smallest.getValue());
            assertThat(r.bytes().length).isEqualTo(smallest.getKey());
            assertThat(ImageFormat.sniff(r.bytes())).isEqualTo(smallest.getValue());
            assertThat(r.encodes()).isEqualTo(3);
            // every candidate's size is in the ledger details
            for (Map.Entry<Integer, ImageFormat> e : bySize.entrySet()) {
                assertThat(r.details()).contains(e.getValue() + " " + new dev.imagehub.config.ByteSize(e.getKey()));
            }
        }
    }

    @Test
    void should_search_the_quality_of_the_smallest_candidate_when_none_fits_in_auto_mode() throws Exception {
        try (WorkingImage image = decode("photo-sunset-1800.jpg")) {
            int webpDefault = sizeAt(image, ImageFormat.WEBP, 80);
            int jpegDefault = sizeAt(image, ImageFormat.JPEG, 85);
            long maxBytes = Math.min(webpDefault, jpegDefault) * 2 / 3;
            EncodeSettings s = budget(maxBytes);
            s.autoFormats(List.of(ImageFormat.JPEG, ImageFormat.WEBP));

            BudgetEncoder.Result r = BudgetEncoder.encode(image, ImageFormat.JPEG, s, null, null, 230_214);

            ImageFormat expected = webpDefault < jpegDefault ? ImageFormat.WEBP : ImageFormat.JPEG;
            assertThat(r.format()).isEqualTo(expected);
            assertThat(r.bytes().length).isLessThanOrEqualTo((int) maxBytes);
            assertThat(sizeAt(image, expected, r.quality() + 1)).isGreaterThan((int) maxBytes);
            assertThat(r.encodes()).isLessThanOrEqualTo(2 + 7);
            assertThat(r.details()).contains("none within", "auto -> " + expected);
        }
    }

    @Test
    void should_keep_transparency_in_auto_mode_when_a_candidate_can() throws Exception {
        try (WorkingImage image = decode("alpha-tuxpaint-anemone.png")) {
            EncodeSettings s = new EncodeSettings();
            s.autoFormats(List.of(ImageFormat.JPEG, ImageFormat.WEBP));

            BudgetEncoder.Result r = BudgetEncoder.encode(image, ImageFormat.PNG, s, null, null, 394_971);

            assertThat(r.format()).isEqualTo(ImageFormat.WEBP);
            assertThat(r.encodes()).as("JPEG is not even tried").isEqualTo(1);
            try (Mat decoded = TestImages.decode(r.bytes(), IMREAD_UNCHANGED)) {
                assertThat(decoded.channels()).isEqualTo(4);
            }
        }
    }

    @Test
    void should_report_the_saving_against_the_source_file() throws Exception {
        try (WorkingImage image = decode("photo-sunset-1800.jpg")) {
            EncodeSettings s = new EncodeSettings();
            s.quality(60);

            BudgetEncoder.Result r = BudgetEncoder.encode(image, ImageFormat.JPEG, s, null, null, 1_000_000);

            long saved = Math.round(100.0 * (1_000_000 - r.bytes().length) / 1_000_000);
            assertThat(r.details()).isEqualTo("quality 60; saved " + saved + "% (1.0 MB -> " + new dev.imagehub.config.ByteSize(r.bytes().length) + ")");
        }
    }
}
