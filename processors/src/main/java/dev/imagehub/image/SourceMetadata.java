package dev.imagehub.image;

import java.util.Arrays;

/**
 * Reads the metadata blocks of a source file that the header probe does not: EXIF and ICC of PNG and WebP sources,
 * and the XMP packet of JPEG, PNG, WebP and HEIF. Damaged blocks read as absent rather than failing the image.
 */
public final class SourceMetadata {
    private SourceMetadata() {
    }

    /** EXIF, ICC profile and XMP packet of a source; each null when absent. */
    public record Found(byte[] exif, byte[] icc, byte[] xmp) {
        public static final Found NONE = new Found(null, null, null);

        /** The EXIF orientation 1..8 (1 when there is no EXIF). */
        public int orientation() {
            return exif == null ? 1 : ExifOrientation.read(exif);
        }
    }

    /** The metadata of a PNG or WebP source; {@link Found#NONE} for other formats (JPEG is read by {@link JpegStructure}). */
    public static Found read(byte[] bytes, ImageFormat format) {
        try {
            return switch (format) {
                case PNG -> {
                    PngChunks.Found f = PngChunks.read(bytes);
                    yield new Found(f.exif(), f.icc(), f.xmp());
                }
                case WEBP -> {
                    WebpChunks.Found f = WebpChunks.read(bytes);
                    yield new Found(f.exif(), f.icc(), f.xmp());
                }
                default -> Found.NONE;
            };
        } catch (RuntimeException e) {
            return Found.NONE;
        }
    }

    /** The XMP packet of a JPEG, PNG, WebP or HEIF source, or null. */
    public static byte[] xmp(byte[] bytes, ImageFormat format) {
        if (format == ImageFormat.HEIF) {
            try {
                return dev.imagehub.image.heif.HeifImage.parse(bytes).xmp();
            } catch (BadImageException | RuntimeException damaged) {
                return null;
            }
        }
        return format == ImageFormat.JPEG ? jpegXmp(bytes) : read(bytes, format).xmp();
    }

    // Scans the header segments for the APP1 whose payload starts with the XMP namespace (extended XMP is not read).
    private static byte[] jpegXmp(byte[] b) {
        byte[] id = EmbeddedMetadata.XMP_ID;
        int pos = 2;
        while (pos + 4 <= b.length && (b[pos] & 0xFF) == 0xFF) {
            int marker = b[pos + 1] & 0xFF;
            if (marker == 0xFF) { pos++; continue; }
            if (marker == 0xDA || marker == 0xD9) break;
            int len = ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
            if (len < 2 || pos + 2 + len > b.length) break;
            if (marker == 0xE1 && len - 2 > id.length && Arrays.equals(b, pos + 4, pos + 4 + id.length, id, 0, id.length)) {
                return Arrays.copyOfRange(b, pos + 4 + id.length, pos + 2 + len);
            }
            pos += 2 + len;
        }
        return null;
    }
}
