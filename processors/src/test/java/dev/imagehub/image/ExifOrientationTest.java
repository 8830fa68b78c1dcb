package dev.imagehub.image;

import java.nio.ByteOrder;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading and rewriting the EXIF Orientation tag in place, in Intel (II) and Motorola (MM) byte order. */
class ExifOrientationTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"II", "MM"})
    void should_read_every_orientation(String byteOrder) {
        for (int orientation = 1; orientation <= 8; orientation++) {
            // given
            byte[] tiff = ExifBlocks.withOrientation(order(byteOrder), orientation);

            // when
            int read = ExifOrientation.read(tiff);

            // then
            assertThat(read).as("%s orientation %d", byteOrder, orientation).isEqualTo(orientation);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"II", "MM"})
    void should_rewrite_only_the_orientation_value(String byteOrder) {
        // given
        byte[] tiff = ExifBlocks.withOrientation(order(byteOrder), 6);
        byte[] before = tiff.clone();

        // when
        byte[] upright = ExifOrientation.withOrientation(tiff, 1);

        // then
        assertThat(ExifOrientation.read(upright)).isEqualTo(1);
        assertThat(tiff).as("the input is not modified").isEqualTo(before);
        assertThat(upright).hasSameSizeAs(tiff);
        assertThat(ExifBlocks.withOrientation(order(byteOrder), 1)).as("same bytes as a block written with 1").isEqualTo(upright);
        assertThat(ExifOrientation.read(ExifOrientation.withOrientation(tiff, 8))).isEqualTo(8);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"II", "MM"})
    void should_leave_a_block_without_orientation_unchanged(String byteOrder) {
        // given
        byte[] tiff = ExifBlocks.withoutOrientation(order(byteOrder));

        // when / then
        assertThat(ExifOrientation.read(tiff)).isEqualTo(1);
        assertThat(ExifOrientation.withOrientation(tiff, 6)).isSameAs(tiff);
    }

    @Test
    void should_treat_missing_damaged_or_invalid_blocks_as_upright() {
        byte[] valid = ExifBlocks.withOrientation(ByteOrder.LITTLE_ENDIAN, 6);
        assertThat(ExifOrientation.read(null)).isEqualTo(1);
        assertThat(ExifOrientation.read(new byte[0])).isEqualTo(1);
        assertThat(ExifOrientation.read("XX*\0\0\0\0\0".getBytes())).as("unknown byte order").isEqualTo(1);
        assertThat(ExifOrientation.read(Arrays.copyOf(valid, 20))).as("IFD cut short").isEqualTo(1);
        assertThat(ExifOrientation.read(ExifBlocks.withOrientation(ByteOrder.BIG_ENDIAN, 9))).as("out of range").isEqualTo(1);
        assertThat(ExifOrientation.read(ExifBlocks.withOrientation(ByteOrder.BIG_ENDIAN, 0))).as("out of range").isEqualTo(1);
    }

    private static ByteOrder order(String name) {
        return name.equals("II") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    }
}
