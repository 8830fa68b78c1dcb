package dev.imagehub.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.imagehub.TestImages;
import dev.imagehub.testing.Fixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_core.extractChannel;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

/** AVIF through FFmpeg: round trips on real photos, alpha, lossless, files made by avifenc, header probing, failures. */
class AvifCodecTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"photo-sunset-1800.jpg", "photo-wine-portrait-1800.jpg"})
    void should_round_trip_a_photo_at_its_exact_size_with_close_colours_in_a_fraction_of_the_png_bytes(String fixture) throws Exception {
        // given a real photo, decoded
        byte[] jpeg = Fixtures.bytes(fixture);
        try (WorkingImage source = ImageDecoder.decode(jpeg, ImageProbe.probe(jpeg), 1)) {
            byte[] png = ImageEncoder.encode(source, ImageFormat.PNG, new EncodeSettings(), null, null);

            // when written as AVIF at the default quality and read back
            byte[] avif = ImageEncoder.encode(source, ImageFormat.AVIF, new EncodeSettings(), null, null);
            ImageInfo info = ImageProbe.probe(avif);
            try (WorkingImage back = ImageDecoder.decode(avif, info, 1)) {
                // then: the same size, from the header and from the pixels
                assertThat(ImageFormat.sniff(avif)).isEqualTo(ImageFormat.AVIF);
                assertThat(new int[] {info.width(), info.height()}).containsExactly(source.width(), source.height());
                assertThat(new int[] {back.width(), back.height()}).containsExactly(source.width(), source.height());
                // colours within a few levels on average, and no overall shift (a wrong matrix or range shows as one)
                assertThat(meanAbsoluteError(source.mat(), back.mat())).as("mean absolute error per channel").isLessThan(3.0);
                assertThat(meanShift(source.mat(), back.mat())).as("mean colour shift").isLessThan(1.0);
                // and a small fraction of the lossless size
                assertThat(avif.length).as("AVIF %d bytes vs PNG %d", avif.length, png.length).isLessThan(png.length / 15);
                assertThat(avif.length).as("AVIF vs the source JPEG (q85)").isLessThan(jpeg.length / 2);
            }
        }
    }

    @Test
    void should_give_fewer_bytes_at_lower_quality_and_map_quality_to_crf_like_libavif() throws Exception {
        byte[] jpeg = Fixtures.bytes("photo-sunset-1800.jpg");
        try (WorkingImage source = ImageDecoder.decode(jpeg, ImageProbe.probe(jpeg), 1)) {
            int[] sizes = new int[3];
            int[] qualities = {30, 60, 90};
            for (int i = 0; i < 3; i++) {
                EncodeSettings s = new EncodeSettings();
                s.quality(qualities[i]);
                sizes[i] = ImageEncoder.encode(source, ImageFormat.AVIF, s, null, null).length;
            }
            assertThat(sizes[0]).as("q30 < q60 < q90: %s", Arrays.toString(sizes)).isLessThan(sizes[1]);
            assertThat(sizes[1]).isLessThan(sizes[2]);
        }
        assertThat(AvifEncoder.crf(100)).isZero();
        assertThat(AvifEncoder.crf(60)).isEqualTo(25);
        assertThat(AvifEncoder.crf(50)).isEqualTo(32);
        assertThat(AvifEncoder.crf(1)).isEqualTo(62);
    }

    @Test
    void should_keep_transparency_in_avif() throws Exception {
        // given a real RGBA image with a transparent background
        byte[] png = Fixtures.bytes("alpha-tuxpaint-anemone.png");
        try (WorkingImage source = ImageDecoder.decode(png, ImageProbe.probe(png), 1)) {
            assertThat(source.hasAlpha()).isTrue();

            // when
            byte[] avif = ImageEncoder.encode(source, ImageFormat.AVIF, new EncodeSettings(), null, null);

            // then: the alpha plane comes back exactly (it is stored losslessly), the colours closely
            assertThat(AvifHeader.parse(avif).alpha()).isTrue();
            try (WorkingImage back = ImageDecoder.decode(avif, ImageProbe.probe(avif), 1);
                 Mat alphaIn = new Mat(); Mat alphaOut = new Mat(); Mat diff = new Mat()) {
                assertThat(back.channels()).isEqualTo(4);
                extractChannel(source.mat(), alphaIn, 3);
                extractChannel(back.mat(), alphaOut, 3);
                absdiff(alphaIn, alphaOut, diff);
                assertThat(countNonZero(diff)).as("alpha pixels that differ").isZero();
                assertThat(TestImages.pixel(back.mat(), 2, 2)[3]).as("transparent corner").isZero();
                assertThat(avif.length).isLessThan(png.length / 5);
            }
        }
    }

    @Test
    void should_write_lossless_avif_that_decodes_to_the_exact_pixels() throws Exception {
        byte[] jpeg = Fixtures.bytes("photo-cmyk-video-001.jpg");
        try (WorkingImage source = ImageDecoder.decode(jpeg, ImageProbe.probe(jpeg), 1)) {
            EncodeSettings s = new EncodeSettings();
            s.lossless(true);
            byte[] avif = ImageEncoder.encode(source, ImageFormat.AVIF, s, null, null);
            try (WorkingImage back = ImageDecoder.decode(avif, ImageProbe.probe(avif), 1); Mat diff = new Mat()) {
                absdiff(source.mat(), back.mat(), diff);
                assertThat(countNonZero(diff.reshape(1, 0))).as("differing samples").isZero();
            }
        }
    }

    @Test
    void should_write_odd_sizes_exactly() throws Exception {
        // 4:2:0 halves the chroma; an odd width must still come back as written, not rounded up and rescaled
        try (WorkingImage image = new WorkingImage(new Mat(7, 9, org.bytedeco.opencv.global.opencv_core.CV_8UC3, new Scalar(40, 120, 200, 0)))) {
            byte[] avif = ImageEncoder.encode(image, ImageFormat.AVIF, new EncodeSettings(), null, null);
            try (WorkingImage back = ImageDecoder.decode(avif, ImageProbe.probe(avif), 1)) {
                assertThat(new int[] {back.width(), back.height()}).containsExactly(9, 7);
                assertThat(TestImages.maxDiff(TestImages.pixel(back.mat(), 4, 3), 40, 120, 200)).isLessThanOrEqualTo(4);
            }
        }
    }

    @Test
    void should_decode_an_avif_made_by_avifenc_with_full_range_alpha_and_a_rotation() throws Exception {
        // given avifenc's file: full-range YUV (JavaCV would misread it), lossless alpha, irot = one quarter turn anticlockwise
        byte[] avif = Fixtures.bytes("avif-avifenc-anemone-alpha-irot.avif");
        byte[] png = Fixtures.bytes("alpha-tuxpaint-anemone.png");
        assertThat(AvifHeader.parse(avif).orientation()).as("irot 1 as EXIF orientation").isEqualTo(8);

        // when
        ImageInfo info = ImageProbe.probe(avif);
        try (WorkingImage decoded = ImageDecoder.decode(avif, info, 1);
             WorkingImage source = ImageDecoder.decode(png, ImageProbe.probe(png), 1)) {
            // then: the picture comes out turned as the file says, and the probe reports that upright size
            assertThat(info.format()).isEqualTo(ImageFormat.AVIF);
            assertThat(new int[] {info.width(), info.height(), info.orientation()}).containsExactly(520, 600, 1);
            assertThat(new int[] {decoded.width(), decoded.height()}).containsExactly(520, 600);
            assertThat(decoded.channels()).isEqualTo(4);
            // the source turned the same way matches in colour and alpha
            Orientation.apply(source, 8);
            assertThat(meanAbsoluteError(opaqueColours(source), opaqueColours(decoded))).isLessThan(4.0);
            assertThat(meanShift(opaqueColours(source), opaqueColours(decoded))).isLessThan(1.5);
        }
    }

    @Test
    void should_map_irot_and_imir_to_the_exif_orientation_that_shows_the_same_picture() {
        // a 3x2 image with distinct pixels, transformed the HEIF way (rotate anticlockwise, then mirror) and the EXIF way
        for (int turns = 0; turns < 4; turns++) {
            for (int axis = -1; axis <= 1; axis++) {
                try (WorkingImage heif = new WorkingImage(numbered()); WorkingImage exif = new WorkingImage(numbered())) {
                    for (int t = 0; t < turns; t++) {
                        Mat out = new Mat();
                        org.bytedeco.opencv.global.opencv_core.rotate(heif.mat(), out,
                                org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE);
                        heif.replace(out);
                    }
                    if (axis >= 0) {
                        Mat out = new Mat();
                        // axis 0 exchanges top and bottom (OpenCV flip code 0), axis 1 left and right (code 1)
                        org.bytedeco.opencv.global.opencv_core.flip(heif.mat(), out, axis == 0 ? 0 : 1);
                        heif.replace(out);
                    }
                    Orientation.apply(exif, AvifHeader.orientation(turns, axis));
                    assertThat(bytes(exif.mat())).as("irot %d, imir %d", turns, axis).isEqualTo(bytes(heif.mat()));
                }
            }
        }
    }

    @Test
    void should_read_the_size_from_the_header_so_the_megapixel_limit_applies_before_decoding() throws Exception {
        // given a real AVIF whose ispe box is rewritten to claim 30000x30000 (the pixel data stays tiny)
        byte[] avif = Fixtures.bytes("avif-avifenc-anemone-alpha-irot.avif");
        byte[] bomb = avif.clone();
        int ispe = indexOf(bomb, "ispe");
        ByteBuffer.wrap(bomb, ispe + 12, 8).order(ByteOrder.BIG_ENDIAN).putInt(30000).putInt(30000);

        // when / then
        ImageInfo info = ImageProbe.probe(bomb);
        assertThat(info.megapixels()).isEqualTo(900.0);
        BadImageException e = catchThrowableOfType(BadImageException.class, () -> ImageDecoder.decode(bomb, info, 1));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("30000x30000", "damaged");
    }

    @Test
    void should_fail_a_truncated_or_damaged_avif_with_a_reason() {
        byte[] avif = Fixtures.bytes("avif-avifenc-anemone-alpha-irot.avif");

        // cut in the middle of the image data: the header is fine, the decoder is not
        byte[] truncated = Arrays.copyOf(avif, avif.length / 2);
        BadImageException cut = catchThrowableOfType(BadImageException.class,
                () -> ImageDecoder.decode(truncated, ImageProbe.probe(truncated), 1));
        assertThat(cut).isNotNull();
        assertThat(cut.getMessage()).contains("AVIF", "damaged or truncated");

        // cut inside the header boxes: the probe already says so
        byte[] headerOnly = Arrays.copyOf(avif, 200);
        BadImageException header = catchThrowableOfType(BadImageException.class, () -> ImageProbe.probe(headerOnly));
        assertThat(header).isNotNull();
        assertThat(header.getMessage()).contains("AVIF header cannot be read");
    }

    @Test
    void should_refuse_tiled_and_animated_avif_instead_of_showing_one_tile_or_frame() throws Exception {
        byte[] grid = Fixtures.bytes("avif-avifenc-grid-2x1.avif");
        ImageInfo gridInfo = ImageProbe.probe(grid);
        assertThat(new int[] {gridInfo.width(), gridInfo.height()}).containsExactly(128, 64);
        assertThat(catchThrowableOfType(BadImageException.class, () -> ImageDecoder.decode(grid, gridInfo, 1)).getMessage())
                .contains("grid of tiles");

        byte[] sequence = Fixtures.bytes("avif-avifenc-sequence-3frames.avif");
        assertThat(ImageFormat.sniff(sequence)).isEqualTo(ImageFormat.AVIF);
        ImageInfo seqInfo = ImageProbe.probe(sequence);
        assertThat(catchThrowableOfType(BadImageException.class, () -> ImageDecoder.decode(sequence, seqInfo, 1)).getMessage())
                .contains("animation (3 frames)");
    }

    @Test
    void should_fail_an_image_the_encoder_refuses_with_a_reason_naming_avif_and_leave_no_temporary_file() throws IOException {
        long before = temporaryAvifFiles();
        // AV1 and the AVIF container stop at 65535 pixels per side; FFmpeg refuses and says so
        try (WorkingImage wide = new WorkingImage(new Mat(2, 65_536, org.bytedeco.opencv.global.opencv_core.CV_8UC3, new Scalar(90, 90, 90, 0)))) {
            IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
                    () -> ImageEncoder.encode(wide, ImageFormat.AVIF, new EncodeSettings(), null, null));
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).contains("AV1 encoder", "65536x2", "too large");
        }
        // the muxer's temporary file is gone after a failure as after a success
        assertThat(temporaryAvifFiles()).isEqualTo(before);
    }

    private static long temporaryAvifFiles() throws IOException {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("hub-avif-")).count();
        }
    }

    static double meanAbsoluteError(Mat a, Mat b) {
        try (Mat diff = new Mat()) {
            absdiff(a, b, diff);
            Scalar m = mean(diff);
            return (m.get(0) + m.get(1) + m.get(2)) / 3;
        }
    }

    static double meanShift(Mat a, Mat b) {
        Scalar ma = mean(a);
        Scalar mb = mean(b);
        double worst = 0;
        for (int c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(ma.get(c) - mb.get(c)));
        return worst;
    }

    // BGR of the pixels, with fully transparent ones (whose hidden colour is arbitrary) set to black in both images alike.
    private static Mat opaqueColours(WorkingImage image) {
        try (Mat bgr = new Mat(); Mat alpha = new Mat(); Mat visible = new Mat()) {
            cvtColor(image.mat(), bgr, COLOR_BGRA2BGR);
            extractChannel(image.mat(), alpha, 3);
            threshold(alpha, visible, 0, 255, THRESH_BINARY);
            Mat out = new Mat(bgr.rows(), bgr.cols(), bgr.type(), new Scalar(0, 0, 0, 0));
            bgr.copyTo(out, visible);
            return out;
        }
    }

    private static Mat numbered() {
        byte[] data = new byte[3 * 2];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (10 * (i + 1));
        return TestImages.fromBytes(3, 2, 1, data);
    }

    private static byte[] bytes(Mat m) {
        byte[] b = new byte[(int) (m.total() * m.channels())];
        m.data().get(b);
        return b;
    }

    private static int indexOf(byte[] b, String ascii) {
        outer:
        for (int i = 0; i + ascii.length() <= b.length; i++) {
            for (int j = 0; j < ascii.length(); j++) if (b[i + j] != ascii.charAt(j)) continue outer;
            return i - 4;
        }
        throw new IllegalArgumentException("no " + ascii + " box");
    }
}
