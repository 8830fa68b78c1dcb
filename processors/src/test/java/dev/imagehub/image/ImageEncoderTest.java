package dev.imagehub.image;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

import dev.imagehub.TestImages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;

/** Encoding the final image: alpha flattened onto the background where the format has none, kept where it has. */
class ImageEncoderTest {
    private static final int[] RED = {0, 0, 255};

    /** 32x32 BGRA: fully transparent (hidden colour black) with an opaque red 16x16 square in the middle. */
    private static WorkingImage redSquareOnTransparent() {
        Mat m = TestImages.filled(32, 32, 0, 0, 0, 0);
        for (int y = 8; y < 24; y++) for (int x = 8; x < 24; x++) TestImages.set(m, x, y, 0, 0, 255, 255);
        return new WorkingImage(m);
    }

    @Test
    void should_flatten_transparency_onto_white_for_jpeg() throws IOException {
        // given
        EncodeSettings settings = new EncodeSettings();
        settings.quality(95);

        // when
        byte[] jpeg;
        try (WorkingImage image = redSquareOnTransparent()) {
            jpeg = ImageEncoder.encode(image, ImageFormat.JPEG, settings, null, null);
        }

        // then
        try (Mat decoded = TestImages.decode(jpeg, IMREAD_COLOR)) {
            assertThat(decoded.channels()).isEqualTo(3);
            assertThat(TestImages.maxDiff(TestImages.pixel(decoded, 0, 0), 255, 255, 255)).as("corner is white, not black").isLessThanOrEqualTo(4);
            assertThat(TestImages.maxDiff(TestImages.pixel(decoded, 31, 31), 255, 255, 255)).isLessThanOrEqualTo(4);
            assertThat(TestImages.maxDiff(TestImages.pixel(decoded, 16, 16), RED)).isLessThanOrEqualTo(8);
        }
    }

    @Test
    void should_flatten_onto_the_configured_background_colour() throws IOException {
        // given
        EncodeSettings settings = new EncodeSettings();
        settings.quality(95);
        settings.background(Rgba.parse("#3080c0"));

        // when
        byte[] jpeg;
        try (WorkingImage image = redSquareOnTransparent()) {
            jpeg = ImageEncoder.encode(image, ImageFormat.JPEG, settings, null, null);
        }

        // then
        try (Mat decoded = TestImages.decode(jpeg, IMREAD_COLOR)) {
            assertThat(TestImages.maxDiff(TestImages.pixel(decoded, 1, 1), 0xc0, 0x80, 0x30)).isLessThanOrEqualTo(4);
        }
    }

    @Test
    void should_blend_half_transparent_pixels_with_the_background() throws IOException {
        // given a half-transparent red image, written as BMP (no alpha, lossless)
        EncodeSettings settings = new EncodeSettings();

        // when
        byte[] bmp;
        try (WorkingImage image = new WorkingImage(TestImages.filled(4, 4, 0, 0, 255, 128))) {
            bmp = ImageEncoder.encode(image, ImageFormat.BMP, settings, null, null);
        }

        // then: 50% red over white is pink
        try (Mat decoded = TestImages.decodeUnchanged(bmp)) {
            assertThat(decoded.channels()).isEqualTo(3);
            assertThat(TestImages.maxDiff(TestImages.pixel(decoded, 2, 2), 127, 127, 255)).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void should_keep_alpha_in_png() throws IOException {
        // when
        byte[] png;
        try (WorkingImage image = redSquareOnTransparent()) {
            png = ImageEncoder.encode(image, ImageFormat.PNG, new EncodeSettings(), null, null);
        }

        // then
        try (Mat decoded = TestImages.decodeUnchanged(png)) {
            assertThat(decoded.channels()).isEqualTo(4);
            assertThat(TestImages.pixel(decoded, 0, 0)[3]).isZero();
            assertThat(TestImages.pixel(decoded, 16, 16)).containsExactly(0, 0, 255, 255);
        }
    }

    @Test
    void should_write_progressive_jpeg_with_the_given_metadata() throws IOException, BadImageException {
        // given
        EncodeSettings settings = new EncodeSettings();
        settings.progressive(true);
        byte[] exif = ExifBlocks.withOrientation(ByteOrder.LITTLE_ENDIAN, 8);
        byte[] icc = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();

        // when
        byte[] jpeg;
        try (WorkingImage image = new WorkingImage(TestImages.noise(48, 32, 3, 1))) {
            jpeg = ImageEncoder.encode(image, ImageFormat.JPEG, settings, exif, icc);
        }

        // then
        JpegStructure s = JpegStructure.parse(jpeg);
        assertThat(s.progressive()).isTrue();
        assertThat(s.exif()).isEqualTo(exif);
        assertThat(s.icc()).isEqualTo(icc);
        assertThat(s.complete()).isTrue();
    }

    @Test
    void should_write_every_format_so_that_it_decodes_to_the_same_pixels() throws IOException, BadImageException {
        for (ImageFormat format : ImageFormat.values()) {
            if (!format.writable()) continue;                      // HEIC is read only
            // given
            EncodeSettings settings = new EncodeSettings();
            settings.quality(100);

            // when
            byte[] bytes;
            try (WorkingImage image = new WorkingImage(TestImages.filled(10, 6, 40, 120, 200))) {
                bytes = ImageEncoder.encode(image, format, settings, null, null);
            }

            // then
            assertThat(ImageFormat.sniff(bytes)).as(format.name()).isEqualTo(format);
            ImageInfo info = ImageProbe.probe(bytes);
            try (WorkingImage decoded = ImageDecoder.decode(bytes, info, 1)) {
                assertThat(decoded.width()).as(format.name()).isEqualTo(10);
                assertThat(decoded.height()).as(format.name()).isEqualTo(6);
                int tolerance = format == ImageFormat.GIF ? 24 : 6;
                assertThat(TestImages.maxDiff(TestImages.pixel(decoded.mat(), 5, 3), 40, 120, 200)).as(format.name())
                        .isLessThanOrEqualTo(tolerance);
            }
        }
    }

    @Test
    void should_write_a_grey_image_in_every_format() throws IOException, BadImageException {
        for (ImageFormat format : ImageFormat.values()) {
            if (!format.writable()) continue;                      // HEIC is read only
            // when
            byte[] bytes;
            try (WorkingImage grey = new WorkingImage(TestImages.filled(9, 7, 150))) {
                bytes = ImageEncoder.encode(grey, format, new EncodeSettings(), null, null);
            }

            // then
            try (WorkingImage decoded = ImageDecoder.decode(bytes, ImageProbe.probe(bytes), 1)) {
                assertThat(decoded.width()).as(format.name()).isEqualTo(9);
                int[] px = TestImages.pixel(decoded.mat(), 4, 3);
                for (int channel : px) assertThat(channel).as("%s %s", format, Arrays.toString(px)).isBetween(146, 154);
            }
        }
    }

    @Test
    void should_write_a_transparent_image_as_gif() throws IOException, BadImageException {
        // when
        byte[] gif;
        try (WorkingImage image = redSquareOnTransparent()) {
            gif = ImageEncoder.encode(image, ImageFormat.GIF, new EncodeSettings(), null, null);
        }

        // then
        try (WorkingImage decoded = ImageDecoder.decode(gif, ImageProbe.probe(gif), 1)) {
            assertThat(decoded.width()).isEqualTo(32);
            int[] centre = TestImages.pixel(decoded.mat(), 16, 16);
            assertThat(TestImages.maxDiff(centre, RED)).isLessThanOrEqualTo(8);
        }
    }
}
