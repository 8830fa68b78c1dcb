package dev.imagehub.image;

import java.awt.image.BufferedImage;

import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

import dev.imagehub.TestImages;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.Images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_core.extractChannel;

/** WebP output: lossy at a quality, lossless pixel for pixel, and transparency kept either way. */
class WebpCodecTest {

    @Test
    void should_write_lossless_webp_that_decodes_to_the_exact_pixels_of_a_photo() throws Exception {
        // given a real photo
        byte[] jpeg = Fixtures.bytes("photo-camera-exif-1200.jpg");
        try (WorkingImage source = ImageDecoder.decode(jpeg, ImageProbe.probe(jpeg), 1)) {
            EncodeSettings lossless = new EncodeSettings();
            lossless.lossless(true);

            // when
            byte[] webp = ImageEncoder.encode(source, ImageFormat.WEBP, lossless, null, null);
            byte[] lossy = ImageEncoder.encode(source, ImageFormat.WEBP, new EncodeSettings(), null, null);

            // then: every sample is identical, read back by the hub and by an independent reader (TwelveMonkeys)
            try (WorkingImage back = ImageDecoder.decode(webp, ImageProbe.probe(webp), 1)) {
                assertThat(differingSamples(source.mat(), back.mat())).isZero();
            }
            BufferedImage independent = Images.read(webp);
            int[] px = TestImages.pixel(source.mat(), 600, 400);
            int rgb = independent.getRGB(600, 400);
            assertThat(new int[] {rgb & 0xFF, (rgb >> 8) & 0xFF, (rgb >> 16) & 0xFF}).containsExactly(px[0], px[1], px[2]);
            // lossless is a VP8L stream, lossy a VP8 one, and the lossy file is much smaller
            assertThat(new String(webp, 12, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("VP8L");
            assertThat(new String(lossy, 12, 4, java.nio.charset.StandardCharsets.US_ASCII)).isIn("VP8 ", "VP8X");
            assertThat(lossy.length).isLessThan(webp.length / 3);
        }
    }

    @Test
    void should_keep_transparency_in_lossless_and_lossy_webp() throws Exception {
        // given a real RGBA image
        byte[] png = Fixtures.bytes("alpha-tuxpaint-anemone.png");
        try (WorkingImage source = ImageDecoder.decode(png, ImageProbe.probe(png), 1)) {
            EncodeSettings lossless = new EncodeSettings();
            lossless.lossless(true);

            // when
            byte[] exact = ImageEncoder.encode(source, ImageFormat.WEBP, lossless, null, null);
            byte[] lossy = ImageEncoder.encode(source, ImageFormat.WEBP, new EncodeSettings(), null, null);

            // then: lossless keeps the alpha plane and the colour of every visible pixel exactly
            try (WorkingImage back = ImageDecoder.decode(exact, ImageProbe.probe(exact), 1)) {
                assertThat(back.channels()).isEqualTo(4);
                assertThat(differingSamples(alpha(source.mat()), alpha(back.mat()))).isZero();
                assertThat(differingSamples(visible(source.mat()), visible(back.mat()))).isZero();
            }
            // lossy keeps the alpha plane too (libwebp codes alpha losslessly by default)
            try (WorkingImage back = ImageDecoder.decode(lossy, ImageProbe.probe(lossy), 1)) {
                assertThat(back.channels()).isEqualTo(4);
                assertThat(TestImages.pixel(back.mat(), 2, 2)[3]).as("transparent corner").isZero();
                assertThat(TestImages.pixel(back.mat(), 300, 260)[3]).as("opaque centre").isEqualTo(255);
                assertThat(differingSamples(alpha(source.mat()), alpha(back.mat()))).isZero();
            }
        }
    }

    private static long differingSamples(Mat a, Mat b) {
        try (Mat diff = new Mat()) {
            absdiff(a, b, diff);
            return countNonZero(diff.reshape(1, 0));
        }
    }

    private static Mat alpha(Mat bgra) {
        Mat a = new Mat();
        extractChannel(bgra, a, 3);
        return a;
    }

    // The pixels with any opacity; the colour under alpha 0 is invisible and encoders may change it.
    private static Mat visible(Mat bgra) {
        Mat out = new Mat(bgra.rows(), bgra.cols(), bgra.type(), new org.bytedeco.opencv.opencv_core.Scalar(0, 0, 0, 0));
        try (Mat a = alpha(bgra)) {
            bgra.copyTo(out, a);
        }
        return out;
    }
}
