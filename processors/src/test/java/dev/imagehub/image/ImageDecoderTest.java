package dev.imagehub.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.imagehub.TestImages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.bytedeco.opencv.global.opencv_core.CV_16UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;

/** Decoding to 8-bit grey/BGR/BGRA: shrink-on-load for JPEG, 16-bit reduction, and refusing animations. */
class ImageDecoderTest {

    @Test
    void should_count_the_frames_of_a_still_and_an_animated_gif() throws IOException {
        // given
        byte[] still = gif(List.of(Color.RED));
        byte[] animated = gif(List.of(Color.RED, Color.GREEN, Color.BLUE));

        // when / then
        assertThat(ImageDecoder.gifFrames(still)).isEqualTo(1);
        assertThat(ImageDecoder.gifFrames(animated)).isEqualTo(3);
    }

    @Test
    void should_refuse_an_animated_gif_instead_of_keeping_one_frame() throws IOException, BadImageException {
        // given
        byte[] animated = gif(List.of(Color.RED, Color.GREEN, Color.BLUE));
        ImageInfo info = ImageProbe.probe(animated);

        // when
        BadImageException e = catchThrowableOfType(BadImageException.class, () -> ImageDecoder.decode(animated, info, 1));

        // then
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("animated", "3 frames");
    }

    @Test
    void should_decode_a_still_gif() throws IOException, BadImageException {
        // given
        byte[] still = gif(List.of(Color.RED));
        ImageInfo info = ImageProbe.probe(still);

        // when
        try (WorkingImage image = ImageDecoder.decode(still, info, 1)) {
            // then
            assertThat(image.width()).isEqualTo(16);
            assertThat(image.height()).isEqualTo(12);
            int[] px = TestImages.pixel(image.mat(), 5, 5);
            assertThat(TestImages.maxDiff(px, 0, 0, 255)).as("red in BGR order: %s", Arrays.toString(px)).isLessThanOrEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}x{1} needing {2}x{3} -> 1/{4}")
    @CsvSource({
            "4000, 3000, 400, 300, 8",
            "4000, 3000, 500, 375, 8",
            "4000, 3000, 501, 300, 4",
            "4000, 3000, 1000, 750, 4",
            "4000, 3000, 1600, 1200, 2",
            "4000, 3000, 2000, 1500, 2",
            "4000, 3000, 2001, 1500, 1",
            "4000, 3000, 4000, 3000, 1",
            "4001, 3001, 501, 376, 8",
            "100, 100, 1, 1, 8"})
    void should_pick_the_largest_jpeg_reduction_that_keeps_enough_pixels(int w, int h, int minW, int minH, int expected) {
        // given
        ImageInfo info = new ImageInfo(ImageFormat.JPEG, w, h, 1, null, null, 3);

        // when / then
        assertThat(ImageDecoder.reductionFor(info, minW, minH)).isEqualTo(expected);
    }

    @Test
    void should_never_reduce_formats_other_than_jpeg() {
        ImageInfo png = new ImageInfo(ImageFormat.PNG, 4000, 3000, 1, null, null, 0);
        assertThat(ImageDecoder.reductionFor(png, 10, 10)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}x{1} at 1/{2}")
    @CsvSource({"200, 100, 2, 100, 50", "201, 101, 2, 101, 51", "200, 100, 4, 50, 25", "203, 97, 8, 26, 13"})
    void should_shrink_a_jpeg_while_decoding(int w, int h, int reduction, int expectedW, int expectedH) throws BadImageException {
        // given a flat grey JPEG (so the reduced decode has the same colour)
        byte[] jpeg;
        try (Mat image = TestImages.filled(w, h, 90, 140, 200)) {
            jpeg = TestImages.encode(".jpg", image, IMWRITE_JPEG_QUALITY, 95);
        }
        ImageInfo info = ImageProbe.probe(jpeg);

        // when
        try (WorkingImage decoded = ImageDecoder.decode(jpeg, info, reduction)) {
            // then
            assertThat(decoded.width()).isEqualTo(expectedW);
            assertThat(decoded.height()).isEqualTo(expectedH);
            assertThat(decoded.channels()).isEqualTo(3);
            assertThat(TestImages.maxDiff(TestImages.pixel(decoded.mat(), expectedW / 2, expectedH / 2), 90, 140, 200)).isLessThanOrEqualTo(3);
            // and the planner's arithmetic agrees with the decoder
            int planned = ImageDecoder.reductionFor(info, expectedW, expectedH);
            assertThat(planned).isGreaterThanOrEqualTo(reduction);
        }
    }

    @Test
    void should_decode_a_grey_jpeg_as_one_channel() throws BadImageException {
        // given
        byte[] jpeg;
        try (Mat grey = TestImages.filled(40, 20, 77)) {
            jpeg = TestImages.encode(".jpg", grey);
        }
        ImageInfo info = ImageProbe.probe(jpeg);

        // when
        try (WorkingImage decoded = ImageDecoder.decode(jpeg, info, 2)) {
            // then
            assertThat(decoded.channels()).isEqualTo(1);
            assertThat(decoded.width()).isEqualTo(20);
            assertThat(TestImages.pixel(decoded.mat(), 3, 3)[0]).isBetween(75, 79);
        }
    }

    @Test
    void should_ignore_the_reduction_for_png() throws BadImageException {
        // given
        byte[] png;
        try (Mat image = TestImages.filled(30, 20, 1, 2, 3)) {
            png = TestImages.encode(".png", image);
        }

        // when
        try (WorkingImage decoded = ImageDecoder.decode(png, ImageProbe.probe(png), 4)) {
            // then
            assertThat(decoded.width()).isEqualTo(30);
            assertThat(decoded.height()).isEqualTo(20);
            assertThat(TestImages.pixel(decoded.mat(), 0, 0)).containsExactly(1, 2, 3);
        }
    }

    @Test
    void should_bring_a_16_bit_png_down_to_8_bits() throws BadImageException {
        // given a 16-bit BGR PNG: left column (25700, 51400, 65535), right column (0, 257 * 10, 1000)
        byte[] png;
        try (Mat deep = new Mat(2, 2, CV_16UC3, new Scalar(25700, 51400, 65535, 0))) {
            java.nio.ShortBuffer data = deep.createBuffer();
            for (int y = 0; y < 2; y++) {
                int i = (y * 2 + 1) * 3;
                data.put(i, (short) 0).put(i + 1, (short) 2570).put(i + 2, (short) 1000);
            }
            png = TestImages.encode(".png", deep);
        }
        ImageInfo info = ImageProbe.probe(png);

        // when
        try (WorkingImage decoded = ImageDecoder.decode(png, info, 1)) {
            // then
            assertThat(decoded.mat().depth()).isZero();
            assertThat(decoded.channels()).isEqualTo(3);
            assertThat(TestImages.maxDiff(TestImages.pixel(decoded.mat(), 0, 0), 100, 200, 255)).isLessThanOrEqualTo(1);
            assertThat(TestImages.maxDiff(TestImages.pixel(decoded.mat(), 1, 1), 0, 10, 4)).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void should_explain_a_file_no_decoder_can_read() {
        // given a PNG with a valid header but no pixel data
        byte[] png = ImageProbeTest.pngHeaderOnly(8, 8);
        ImageInfo info = new ImageInfo(ImageFormat.PNG, 8, 8, 1, null, null, 0);

        // when
        BadImageException e = catchThrowableOfType(BadImageException.class, () -> ImageDecoder.decode(png, info, 1));

        // then
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("PNG", "cannot be decoded");
    }

    /** A 16x12 GIF with one frame per colour, written with ImageIO's GIF writer (a sequence when there are several). */
    static byte[] gif(List<Color> frames) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (Color c : frames) {
                BufferedImage img = new BufferedImage(16, 12, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = img.createGraphics();
                g.setColor(c);
                g.fillRect(0, 0, 16, 12);
                g.dispose();
                writer.writeToSequence(new IIOImage(img, null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
