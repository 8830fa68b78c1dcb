package dev.imagehub.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The metadata blocks written into an encoded image: EXIF (a TIFF-structured block), an ICC profile and an XMP
 * packet, each null when absent. JPEG gets APP1/APP2 segments, PNG {@code eXIf}/{@code iCCP}/{@code iTXt} chunks and
 * WebP {@code EXIF}/{@code ICCP}/{@code XMP } chunks; the pixels are never re-encoded for it.
 */
public record EmbeddedMetadata(byte[] exif, byte[] icc, byte[] xmp) {
    /** Nothing to embed. */
    public static final EmbeddedMetadata NONE = new EmbeddedMetadata(null, null, null);
    /** The largest XMP packet one JPEG APP1 segment holds (65533 bytes less the namespace header). */
    public static final int JPEG_MAX_XMP = 65533 - 29;
    /** The largest EXIF block one JPEG APP1 segment holds. */
    public static final int JPEG_MAX_EXIF = 65533 - 6;
    static final byte[] XMP_ID = "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.ISO_8859_1);

    public boolean isEmpty() {
        return exif == null && icc == null && xmp == null;
    }

    /** Whether the hub writes metadata (EXIF, ICC, XMP) into this format; the others lose it. */
    public static boolean carriedBy(ImageFormat format) {
        return format == ImageFormat.JPEG || format == ImageFormat.PNG || format == ImageFormat.WEBP;
    }

    /** Bytes the blocks add to the file, roughly (for byte-budget arithmetic). */
    public int size() {
        return (exif == null ? 0 : exif.length + 16) + (icc == null ? 0 : icc.length + 24) + (xmp == null ? 0 : xmp.length + 40);
    }

    /** {@code encoded} (as written by the codec) with these blocks in it; unchanged when empty or the format has no place for them. */
    public byte[] into(byte[] encoded, ImageFormat format) {
        if (isEmpty()) return encoded;
        return switch (format) {
            case JPEG -> {
                byte[] out = exif == null && icc == null ? encoded : JpegStructure.withMetadata(encoded, exif, icc);
                yield xmp == null || xmp.length > JPEG_MAX_XMP ? out : withJpegXmp(out, xmp);
            }
            case PNG -> PngChunks.withMetadata(encoded, exif, icc, xmp);
            case WEBP -> WebpChunks.withMetadata(encoded, exif, icc, xmp);
            default -> encoded;
        };
    }

    // The XMP APP1 segment goes after JFIF and the EXIF APP1, where readers look for it.
    private static byte[] withJpegXmp(byte[] jpeg, byte[] xmp) {
        int pos = 2;
        while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xFF) == 0xFF) {
            int marker = jpeg[pos + 1] & 0xFF;
            if (marker != 0xE0 && marker != 0xE1) break;
            pos += 2 + (((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + xmp.length + 40);
        out.write(jpeg, 0, pos);
        int len = 2 + XMP_ID.length + xmp.length;
        out.write(0xFF);
        out.write(0xE1);
        out.write(len >> 8);
        out.write(len & 0xFF);
        out.writeBytes(XMP_ID);
        out.writeBytes(xmp);
        out.write(jpeg, pos, jpeg.length - pos);
        return out.toByteArray();
    }
}
