package dev.imagehub.image;

import java.nio.ByteOrder;
import java.util.List;

import dev.imagehub.image.TiffBlocks.Tag;

/** EXIF and XMP made in tests for what the fixtures lack: a GPS position, a copyright, GPS in XMP. */
public final class TestExif {
    /** An XMP packet with a GPS position, an orientation, a creator tool, dc:rights and dc:creator. */
    public static final String XMP_WITH_GPS = XmpPacketTest.SAMPLE.replace("(c) Stef Binde", "(c) Test Photographer");

    private TestExif() {
    }

    /** IFD0 (Make TestCam, Copyright, Artist), an Exif sub-IFD (DateTimeOriginal) and a GPS IFD (43°17'N 2°50'W). */
    public static byte[] withGpsAndCopyright(ByteOrder order) {
        return TiffBlocks.build(order,
                List.of(Tag.ascii(0x010F, "TestCam"), Tag.shortValue(0x0112, 1, order), Tag.ascii(0x013B, "Test Photographer"),
                        Tag.ascii(0x8298, "(c) Test Photographer")),
                List.of(Tag.ascii(0x9003, "2024:05:01 10:00:00")),
                List.of(Tag.bytes(0x0000, 2, 3, 0, 0), Tag.ascii(0x0001, "N"), Tag.rationals(0x0002, order, 43, 1, 17, 1, 0, 1),
                        Tag.ascii(0x0003, "W"), Tag.rationals(0x0004, order, 2, 1, 50, 1, 0, 1)));
    }
}
