package dev.imagehub.image;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;

import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

import dev.imagehub.TestImages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_PROGRESSIVE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;

/** The JPEG marker structure read without decoding pixels, and metadata spliced in without re-encoding. */
class JpegStructureTest {

    @Test
    void should_read_size_components_and_baseline_flag_of_an_opencv_jpeg() throws BadImageException {
        // given
        byte[] jpeg;
        try (Mat image = TestImages.noise(120, 80, 3, 1)) {
            jpeg = TestImages.encode(".jpg", image, IMWRITE_JPEG_QUALITY, 90);
        }

        // when
        JpegStructure s = JpegStructure.parse(jpeg);

        // then
        assertThat(s.width()).isEqualTo(120);
        assertThat(s.height()).isEqualTo(80);
        assertThat(s.components()).isEqualTo(3);
        assertThat(s.progressive()).isFalse();
        assertThat(s.complete()).isTrue();
        assertThat(s.exif()).isNull();
        assertThat(s.icc()).isNull();
    }

    @Test
    void should_recognise_a_progressive_jpeg() throws BadImageException {
        // given
        byte[] jpeg;
        try (Mat image = TestImages.noise(64, 48, 3, 2)) {
            jpeg = TestImages.encode(".jpg", image, IMWRITE_JPEG_PROGRESSIVE, 1);
        }

        // when
        JpegStructure s = JpegStructure.parse(jpeg);

        // then
        assertThat(s.progressive()).isTrue();
        assertThat(s.width()).isEqualTo(64);
        assertThat(s.height()).isEqualTo(48);
        assertThat(s.complete()).isTrue();
    }

    @Test
    void should_count_one_component_for_a_grey_jpeg() throws BadImageException {
        // given
        byte[] jpeg;
        try (Mat grey = TestImages.noise(30, 20, 1, 3)) {
            jpeg = TestImages.encode(".jpg", grey);
        }

        // when / then
        assertThat(JpegStructure.parse(jpeg).components()).isEqualTo(1);
    }

    @Test
    void should_see_that_a_truncated_jpeg_is_incomplete() throws BadImageException {
        // given a JPEG whose entropy-coded data is far larger than its headers, cut at two thirds
        byte[] jpeg;
        try (Mat image = TestImages.noise(200, 150, 3, 4)) {
            jpeg = TestImages.encode(".jpg", image, IMWRITE_JPEG_QUALITY, 95);
        }
        byte[] truncated = Arrays.copyOf(jpeg, jpeg.length * 2 / 3);

        // when
        JpegStructure s = JpegStructure.parse(truncated);
        BadImageException probe = catchThrowableOfType(BadImageException.class, () -> ImageProbe.probe(truncated));

        // then
        assertThat(s.width()).isEqualTo(200);
        assertThat(s.complete()).isFalse();
        assertThat(probe).isNotNull();
        assertThat(probe.getMessage()).contains("truncated");
    }

    @Test
    void should_see_that_a_progressive_jpeg_cut_between_scans_is_incomplete() throws BadImageException {
        // given
        byte[] jpeg;
        try (Mat image = TestImages.noise(200, 150, 3, 5)) {
            jpeg = TestImages.encode(".jpg", image, IMWRITE_JPEG_PROGRESSIVE, 1, IMWRITE_JPEG_QUALITY, 95);
        }

        // when
        JpegStructure s = JpegStructure.parse(Arrays.copyOf(jpeg, jpeg.length - 2));

        // then
        assertThat(s.progressive()).isTrue();
        assertThat(s.complete()).isFalse();
    }

    @Test
    void should_reject_a_jpeg_cut_inside_its_headers() {
        // given
        byte[] jpeg;
        try (Mat image = TestImages.noise(50, 50, 3, 6)) {
            jpeg = TestImages.encode(".jpg", image);
        }

        // when
        BadImageException e = catchThrowableOfType(BadImageException.class, () -> JpegStructure.parse(Arrays.copyOf(jpeg, 100)));

        // then
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("truncated");
    }

    @Test
    void should_round_trip_exif_and_icc_spliced_into_an_encoded_jpeg() throws BadImageException {
        // given
        byte[] jpeg;
        try (Mat image = TestImages.noise(120, 80, 3, 7)) {
            jpeg = TestImages.encode(".jpg", image, IMWRITE_JPEG_QUALITY, 90);
        }
        byte[] exif = ExifBlocks.withOrientation(ByteOrder.LITTLE_ENDIAN, 6);
        byte[] icc = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
        assertThat(icc.length).isGreaterThan(3000);

        // when
        byte[] withMetadata = JpegStructure.withMetadata(jpeg, exif, icc);
        JpegStructure s = JpegStructure.parse(withMetadata);

        // then
        assertThat(s.exif()).isEqualTo(exif);
        assertThat(s.icc()).isEqualTo(icc);
        assertThat(s.width()).isEqualTo(120);
        assertThat(s.height()).isEqualTo(80);
        assertThat(s.complete()).isTrue();
        assertThat(withMetadata[2] & 0xFF).isEqualTo(0xFF);
        assertThat(withMetadata[3] & 0xFF).as("the JFIF APP0 segment stays first").isEqualTo(0xE0);
        try (Mat original = TestImages.decode(jpeg, IMREAD_COLOR | IMREAD_IGNORE_ORIENTATION);
             Mat spliced = TestImages.decode(withMetadata, IMREAD_COLOR | IMREAD_IGNORE_ORIENTATION);
             Mat oriented = TestImages.decode(withMetadata, IMREAD_COLOR)) {
            assertThat(spliced.cols()).isEqualTo(120);
            assertThat(spliced.rows()).isEqualTo(80);
            assertThat(TestImages.pixel(spliced, 17, 33)).isEqualTo(TestImages.pixel(original, 17, 33));
            assertThat(oriented.cols()).as("OpenCV honours the spliced orientation 6").isEqualTo(80);
            assertThat(oriented.rows()).isEqualTo(120);
        }
    }

    @Test
    void should_split_a_large_icc_profile_over_several_segments_and_reassemble_it() throws BadImageException {
        // given a profile needing three APP2 segments (at most 65519 payload bytes each)
        byte[] jpeg;
        try (Mat image = TestImages.noise(40, 30, 3, 8)) {
            jpeg = TestImages.encode(".jpg", image);
        }
        byte[] icc = new byte[150_000];
        new Random(9).nextBytes(icc);

        // when
        byte[] withMetadata = JpegStructure.withMetadata(jpeg, null, icc);
        JpegStructure s = JpegStructure.parse(withMetadata);

        // then
        assertThat(s.icc()).isEqualTo(icc);
        assertThat(s.exif()).isNull();
        try (Mat decoded = TestImages.decode(withMetadata, IMREAD_COLOR)) {
            assertThat(decoded.cols()).isEqualTo(40);
        }
    }

    @Test
    void should_return_the_jpeg_unchanged_in_content_when_no_metadata_is_given() throws BadImageException {
        // given
        byte[] jpeg;
        try (Mat image = TestImages.noise(20, 10, 3, 10)) {
            jpeg = TestImages.encode(".jpg", image);
        }

        // when / then
        assertThat(JpegStructure.withMetadata(jpeg, null, null)).isEqualTo(jpeg);
    }

    @Test
    void should_replace_metadata_already_present() throws BadImageException {
        // given a JPEG that already carries EXIF and ICC
        byte[] jpeg;
        try (Mat image = TestImages.noise(40, 30, 3, 11)) {
            jpeg = TestImages.encode(".jpg", image);
        }
        byte[] oldIcc = new byte[500];
        Arrays.fill(oldIcc, (byte) 1);
        byte[] newIcc = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
        byte[] first = JpegStructure.withMetadata(jpeg, ExifBlocks.withOrientation(ByteOrder.BIG_ENDIAN, 3), oldIcc);

        // when
        byte[] second = JpegStructure.withMetadata(first, ExifBlocks.withOrientation(ByteOrder.BIG_ENDIAN, 1), newIcc);
        JpegStructure s = JpegStructure.parse(second);

        // then
        assertThat(ExifOrientation.read(s.exif())).isEqualTo(1);
        assertThat(Arrays.equals(s.icc(), newIcc)).as("the ICC profile read back is the new one, not the old %d-byte one",
                oldIcc.length).isTrue();
        assertThat(second.length).as("old segments removed").isLessThan(jpeg.length + newIcc.length + 200);
    }
}
