package dev.imagehub.image;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.twelvemonkeys.imageio.metadata.CompoundDirectory;
import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;

import dev.imagehub.image.TiffBlocks.Tag;
import dev.imagehub.testing.Fixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The EXIF rebuild on real camera blocks (PENTAX K-7, little-endian, with MakerNote; iPhone 7, big-endian, with an
 * Apple MakerNote), checked with TwelveMonkeys' TIFF reader and, when installed, {@code exiftool -validate}.
 */
class ExifRewriterTest {
    private static final int MAKE = 0x010F;
    private static final int MODEL = 0x0110;
    private static final int DATE_TIME_ORIGINAL = 0x9003;
    private static final int LENS_MODEL = 0xA434;
    private static final int GPS_LATITUDE = 0x0002;

    @TempDir
    Path dir;

    private static ExifRewriter.Target all(int orientation) {
        return new ExifRewriter.Target(MetadataPolicy.ALL, true, orientation, 640, 425);
    }

    @Test
    void should_keep_camera_tags_and_drop_the_maker_note_and_thumbnail_directory() throws BadImageException {
        // given
        byte[] pentax = exif("photo-camera-exif-1200.jpg");
        assertThat(TiffBlocks.sub(TiffBlocks.read(pentax), ExifRewriter.TAG_EXIF_IFD).getEntryById(ExifRewriter.TAG_MAKER_NOTE))
                .as("the source has a MakerNote").isNotNull();

        // when
        byte[] out = ExifRewriter.rewrite(pentax, all(1));

        // then
        CompoundDirectory tiff = TiffBlocks.read(out);
        assertThat(tiff.directoryCount()).as("IFD0 only, no IFD1").isEqualTo(1);
        assertThat(TiffBlocks.text(tiff.getDirectory(0), MAKE)).isEqualTo("PENTAX");
        assertThat(TiffBlocks.text(tiff.getDirectory(0), MODEL)).isEqualTo("PENTAX K-7");
        Directory exifIfd = TiffBlocks.sub(tiff, ExifRewriter.TAG_EXIF_IFD);
        assertThat(TiffBlocks.text(exifIfd, DATE_TIME_ORIGINAL)).isEqualTo("2014:11:18 17:43:55");
        assertThat(exifIfd.getEntryById(ExifRewriter.TAG_MAKER_NOTE)).isNull();
        assertThat(TiffBlocks.text(exifIfd, 0xA002)).as("PixelXDimension is the output width").isEqualTo("640");
        assertThat(TiffBlocks.text(exifIfd, 0xA003)).isEqualTo("425");
        assertThat(out.length).isLessThan(pentax.length);
    }

    @Test
    void should_rebuild_a_big_endian_iphone_block() throws BadImageException {
        // when
        byte[] out = ExifRewriter.rewrite(exif("photo-iphone-p3-1000.jpg"), all(1));

        // then
        assertThat(out[0]).isEqualTo((byte) 'M');
        CompoundDirectory tiff = TiffBlocks.read(out);
        assertThat(TiffBlocks.text(tiff.getDirectory(0), MAKE)).isEqualTo("Apple");
        assertThat(TiffBlocks.text(tiff.getDirectory(0), MODEL)).isEqualTo("iPhone 7");
        Directory exifIfd = TiffBlocks.sub(tiff, ExifRewriter.TAG_EXIF_IFD);
        assertThat(TiffBlocks.text(exifIfd, DATE_TIME_ORIGINAL)).isEqualTo("2021:11:09 16:09:55");
        assertThat(TiffBlocks.text(exifIfd, LENS_MODEL)).isEqualTo("iPhone 7 back camera 3.99mm f/1.8");
        assertThat(exifIfd.getEntryById(ExifRewriter.TAG_MAKER_NOTE)).isNull();
    }

    @Test
    void should_keep_only_copyright_and_artist_with_the_copyright_policy() throws BadImageException {
        // when
        byte[] out = ExifRewriter.rewrite(exif("photo-camera-exif-1200.jpg"),
                new ExifRewriter.Target(MetadataPolicy.COPYRIGHT, true, 1, 640, 425));

        // then
        CompoundDirectory tiff = TiffBlocks.read(out);
        List<Integer> tags = new ArrayList<>();
        for (Entry e : tiff.getDirectory(0)) tags.add((Integer) e.getIdentifier());
        assertThat(tags).contains(ExifRewriter.TAG_ARTIST, ExifRewriter.TAG_COPYRIGHT)
                .as("besides Artist and Copyright only the resolution and chroma tags EXIF requires")
                .containsOnly(ExifRewriter.TAG_ARTIST, ExifRewriter.TAG_COPYRIGHT, 0x011A, 0x011B, 0x0128, 0x0213);
        assertThat(TiffBlocks.sub(tiff, ExifRewriter.TAG_EXIF_IFD)).isNull();
        assertThat(TiffBlocks.text(tiff.getDirectory(0), ExifRewriter.TAG_ARTIST)).isEqualTo("Stef Binde");
        assertThat(TiffBlocks.text(tiff.getDirectory(0), ExifRewriter.TAG_COPYRIGHT)).isEqualTo("Stef Binde www.vogliaditerra.com");
    }

    @Test
    void should_write_nothing_for_the_copyright_policy_when_the_source_has_no_copyright() throws BadImageException {
        assertThat(ExifRewriter.rewrite(exif("photo-iphone-p3-1000.jpg"),
                new ExifRewriter.Target(MetadataPolicy.COPYRIGHT, true, 1, 640, 425))).isNull();
    }

    @Test
    void should_keep_the_gps_directory_only_when_gps_is_allowed() {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            // given
            byte[] withGps = gpsBlock(order);

            // when
            byte[] kept = ExifRewriter.rewrite(withGps, new ExifRewriter.Target(MetadataPolicy.ALL, true, 1, 10, 10));
            byte[] removed = ExifRewriter.rewrite(withGps, new ExifRewriter.Target(MetadataPolicy.ALL, false, 1, 10, 10));

            // then
            Directory gps = TiffBlocks.sub(TiffBlocks.read(kept), ExifRewriter.TAG_GPS_IFD);
            assertThat(gps).as(order.toString()).isNotNull();
            assertThat(gps.getEntryById(GPS_LATITUDE).getValueAsString()).contains("43").contains("17");
            CompoundDirectory without = TiffBlocks.read(removed);
            assertThat(without.getDirectory(0).getEntryById(ExifRewriter.TAG_GPS_IFD)).isNull();
            assertThat(TiffBlocks.text(without.getDirectory(0), MAKE)).isEqualTo("TestCam");
            assertThat(TiffBlocks.text(TiffBlocks.sub(without, ExifRewriter.TAG_EXIF_IFD), DATE_TIME_ORIGINAL)).isEqualTo("2024:05:01 10:00:00");
        }
    }

    @Test
    void should_state_the_orientation_of_the_output_pixels() throws BadImageException {
        // given: the PENTAX block says 1; the orient6 fixture says 6
        byte[] upright = exif("photo-camera-exif-1200.jpg");
        byte[] rotated = exif("orient6-picos-800.jpg");

        // then
        assertThat(ExifOrientation.read(ExifRewriter.rewrite(upright, all(6)))).isEqualTo(6);
        assertThat(ExifOrientation.read(ExifRewriter.rewrite(rotated, all(1)))).isEqualTo(1);
        assertThat(TiffBlocks.text(TiffBlocks.read(ExifRewriter.rewrite(rotated, all(1))).getDirectory(0), ExifRewriter.TAG_ORIENTATION))
                .as("a source that stated its orientation keeps stating it").isEqualTo("1");
        assertThat(ExifOrientation.read(ExifRewriter.rewrite(rotated, all(6)))).isEqualTo(6);
    }

    @Test
    void should_drop_misplaced_pointers_and_repeated_tags() {
        // given: a GPS IFD holding an Interop pointer (only the Exif IFD may) and IFD0 with Make twice
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        byte[] odd = TiffBlocks.build(order,
                List.of(Tag.ascii(MAKE, "First"), Tag.ascii(MAKE, "Second")),
                List.of(Tag.ascii(DATE_TIME_ORIGINAL, "2024:05:01 10:00:00")),
                List.of(Tag.ascii(0x0001, "N"), new Tag(ExifRewriter.TAG_INTEROP_IFD, 4, 1, new byte[] {8, 0, 0, 0})));

        // when
        byte[] out = ExifRewriter.rewrite(odd, all(1));

        // then
        CompoundDirectory tiff = TiffBlocks.read(out);
        assertThat(tiff.getDirectory(0).size()).as("Make once, Orientation, Exif and GPS pointers").isEqualTo(3);
        assertThat(TiffBlocks.text(tiff.getDirectory(0), MAKE)).isEqualTo("First");
        Directory gps = TiffBlocks.sub(tiff, ExifRewriter.TAG_GPS_IFD);
        assertThat(gps.getEntryById(ExifRewriter.TAG_INTEROP_IFD)).isNull();
        assertThat(TiffBlocks.text(gps, 0x0001)).isEqualTo("N");
    }

    @Test
    void should_refuse_a_block_that_is_not_tiff() {
        assertThatThrownBy(() -> ExifRewriter.rewrite("JFIF nonsense".getBytes(), all(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TIFF");
    }

    @Test
    void should_never_fail_other_than_refusing_on_truncated_or_corrupted_blocks() throws BadImageException {
        // given
        byte[] pentax = exif("photo-camera-exif-1200.jpg");
        Random random = new Random(7);
        List<byte[]> damaged = new ArrayList<>();
        for (int len = 0; len < pentax.length; len += 7) damaged.add(java.util.Arrays.copyOf(pentax, len));
        for (int i = 0; i < 300; i++) {
            byte[] b = pentax.clone();
            for (int k = 0; k < 8; k++) b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            damaged.add(b);
        }

        for (byte[] block : damaged) {
            // when
            byte[] out;
            try {
                out = ExifRewriter.rewrite(block, all(1));
            } catch (IllegalArgumentException refused) {
                continue;
            }

            // then: whatever survives is a well-formed block another parser reads
            if (out != null) assertThat(TiffBlocks.read(out).getDirectory(0)).isNotNull();
        }
    }

    @Test
    void should_validate_with_exiftool_without_new_warnings() throws Exception {
        Assumptions.assumeTrue(ExifTool.available(), "exiftool is not installed (apt-get install libimage-exiftool-perl)");
        for (String fixture : new String[] {"photo-camera-exif-1200.jpg", "photo-iphone-p3-1000.jpg"}) {
            // given
            byte[] jpeg = Fixtures.bytes(fixture);
            Path source = Files.write(dir.resolve("source-" + fixture), jpeg);
            byte[] rebuilt = ExifRewriter.rewrite(JpegStructure.parse(jpeg).exif(), all(1));

            // when
            Path out = Files.write(dir.resolve("out-" + fixture), JpegStructure.withMetadata(jpeg, rebuilt, null));

            // then: nothing exiftool did not already say about the camera's own block (and no overlap or offset trouble)
            List<String> before = ExifTool.warnings(source);
            List<String> after = ExifTool.warnings(out);
            assertThat(after).as(fixture + " warnings").allSatisfy(w -> assertThat(before).contains(w));
            assertThat(String.join("\n", after)).doesNotContainIgnoringCase("overlap").doesNotContainIgnoringCase("offset");
        }
        // and the copyright-only block validates cleanly
        byte[] jpeg = Fixtures.bytes("photo-camera-exif-1200.jpg");
        byte[] copyright = ExifRewriter.rewrite(JpegStructure.parse(jpeg).exif(), new ExifRewriter.Target(MetadataPolicy.COPYRIGHT, true, 1, 1200, 797));
        assertThat(ExifTool.warnings(Files.write(dir.resolve("copyright.jpg"), JpegStructure.withMetadata(jpeg, copyright, null)))).isEmpty();
    }

    private static byte[] gpsBlock(ByteOrder order) {
        return TiffBlocks.build(order,
                List.of(Tag.ascii(MAKE, "TestCam"), Tag.shortValue(ExifRewriter.TAG_ORIENTATION, 1, order)),
                List.of(Tag.ascii(DATE_TIME_ORIGINAL, "2024:05:01 10:00:00")),
                List.of(Tag.bytes(0x0000, 2, 3, 0, 0), Tag.ascii(0x0001, "N"), Tag.rationals(GPS_LATITUDE, order, 43, 1, 17, 1, 0, 1),
                        Tag.ascii(0x0003, "W"), Tag.rationals(0x0004, order, 2, 1, 50, 1, 0, 1)));
    }

    private static byte[] exif(String fixture) throws BadImageException {
        return JpegStructure.parse(Fixtures.bytes(fixture)).exif();
    }
}
