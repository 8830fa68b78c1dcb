package dev.imagehub.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Hand-built TIFF-structured EXIF blocks (the payload of a JPEG APP1 "Exif" segment), in either byte order. */
final class ExifBlocks {
    private ExifBlocks() {
    }

    /**
     * A TIFF header and IFD0 with two entries: Make ("Camera", stored after the IFD) and Orientation (SHORT) set to
     * {@code orientation}, followed by a next-IFD offset of 0.
     */
    static byte[] withOrientation(ByteOrder order, int orientation) {
        byte[] make = "Camera\0".getBytes(StandardCharsets.US_ASCII);
        int ifdOffset = 8;
        int entries = 2;
        int dataOffset = ifdOffset + 2 + entries * 12 + 4;
        ByteBuffer b = ByteBuffer.allocate(dataOffset + make.length).order(order);
        b.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
        b.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
        b.putShort((short) 42);
        b.putInt(ifdOffset);
        b.putShort((short) entries);
        // 0x010F Make, ASCII, count, offset
        b.putShort((short) 0x010F).putShort((short) 2).putInt(make.length).putInt(dataOffset);
        // 0x0112 Orientation, SHORT, count 1, value left-justified in the 4-byte field
        b.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        b.putInt(0);
        b.put(make);
        return b.array();
    }

    /** A TIFF block whose IFD0 holds only Make: no Orientation tag at all. */
    static byte[] withoutOrientation(ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(8 + 2 + 12 + 4).order(order);
        b.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
        b.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
        b.putShort((short) 42).putInt(8).putShort((short) 1);
        b.putShort((short) 0x010F).putShort((short) 2).putInt(4).put("Cam\0".getBytes(StandardCharsets.US_ASCII));
        b.putInt(0);
        return b.array();
    }

    /** Concatenates byte arrays. */
    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
