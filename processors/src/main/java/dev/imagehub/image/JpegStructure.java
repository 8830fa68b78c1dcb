package dev.imagehub.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The marker structure of a JPEG file, read without decoding pixels: frame size, component count, progressive flag,
 * the EXIF (APP1) and ICC (APP2) payloads, and whether the file is complete (an EOI marker after the scans).
 */
public final class JpegStructure {
    private static final byte[] EXIF_ID = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] ICC_ID = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);

    private int width;
    private int height;
    private int components;
    private boolean progressive;
    private byte[] exif;
    private byte[] icc;
    private int firstScanOffset = -1;
    private boolean complete;

    public int width() { return width; }
    public int height() { return height; }
    public int components() { return components; }
    public boolean progressive() { return progressive; }
    /** The TIFF structure inside the APP1 Exif segment (without the "Exif\0\0" prefix), or null. */
    public byte[] exif() { return exif; }
    /** The embedded ICC profile, reassembled from its APP2 chunks, or null. */
    public byte[] icc() { return icc; }
    /** False when the file ends before its image data does (a truncated upload or copy). */
    public boolean complete() { return complete; }

    public static JpegStructure parse(byte[] b) throws BadImageException {
        JpegStructure s = new JpegStructure();
        Map<Integer, byte[]> iccChunks = new TreeMap<>();
        int pos = 2;
        while (pos + 4 <= b.length) {
            if ((b[pos] & 0xFF) != 0xFF) throw new BadImageException("the JPEG file is damaged (bad marker at byte " + pos + ")");
            int marker = b[pos + 1] & 0xFF;
            if (marker == 0xFF) { pos++; continue; }             // fill bytes
            if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) { pos += 2; continue; }
            if (marker == 0xD9) break;
            int len = ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
            if (len < 2 || pos + 2 + len > b.length) {
                throw new BadImageException("the JPEG file is truncated or damaged (a header segment runs past the end of the file)");
            }
            int payload = pos + 4;
            int payloadLen = len - 2;
            if (isSof(marker) && payloadLen >= 6) {
                s.height = ((b[payload + 1] & 0xFF) << 8) | (b[payload + 2] & 0xFF);
                s.width = ((b[payload + 3] & 0xFF) << 8) | (b[payload + 4] & 0xFF);
                s.components = b[payload + 5] & 0xFF;
                s.progressive = marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE;
            } else if (marker == 0xE1 && s.exif == null && startsWith(b, payload, payloadLen, EXIF_ID)) {
                s.exif = Arrays.copyOfRange(b, payload + EXIF_ID.length, payload + payloadLen);
            } else if (marker == 0xE2 && startsWith(b, payload, payloadLen, ICC_ID) && payloadLen > ICC_ID.length + 2) {
                int seq = b[payload + ICC_ID.length] & 0xFF;
                iccChunks.put(seq, Arrays.copyOfRange(b, payload + ICC_ID.length + 2, payload + payloadLen));
            } else if (marker == 0xDA) {
                s.firstScanOffset = pos;
                break;
            }
            pos += 2 + len;
        }
        if (s.width == 0 || s.height == 0) {
            throw new BadImageException("the JPEG file has no readable frame header (damaged or truncated)");
        }
        if (s.firstScanOffset < 0) throw new BadImageException("the JPEG file is truncated: it ends before the image data starts");
        s.complete = hasEndMarker(b, s.firstScanOffset);
        if (!iccChunks.isEmpty()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            iccChunks.values().forEach(out::writeBytes);
            s.icc = out.toByteArray();
        }
        return s;
    }

    // Entropy-coded data stuffs every 0xFF as FF 00, so FF D9 after the first scan can only be the end-of-image marker.
    private static boolean hasEndMarker(byte[] b, int from) {
        for (int i = b.length - 2; i >= from; i--) {
            if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xD9) return true;
        }
        return false;
    }

    private static boolean isSof(int m) {
        return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
    }

    private static boolean startsWith(byte[] b, int off, int len, byte[] prefix) {
        if (len < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if (b[off + i] != prefix[i]) return false;
        return true;
    }

    /**
     * Returns {@code jpeg} with the given EXIF and ICC payloads inserted after its JFIF header (any the encoder wrote are
     * replaced). Either payload may be null. Splicing segments avoids a second encode just to carry metadata.
     */
    public static byte[] withMetadata(byte[] jpeg, byte[] exifTiff, byte[] icc) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + (exifTiff == null ? 0 : exifTiff.length + 10)
                + (icc == null ? 0 : icc.length + 200));
        out.write(0xFF);
        out.write(0xD8);
        int pos = 2;
        // keep a leading APP0 (JFIF) first, as libjpeg and libvips do
        if (jpeg.length > 6 && (jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
            int len = ((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF);
            out.write(jpeg, 2, 2 + len);
            pos = 4 + len;
        }
        if (exifTiff != null) {
            writeSegment(out, 0xE1, EXIF_ID, exifTiff, 0, exifTiff.length, null);
        }
        if (icc != null) {
            int max = 65533 - ICC_ID.length - 2;
            int count = (icc.length + max - 1) / max;
            for (int i = 0; i < count; i++) {
                int off = i * max;
                int n = Math.min(max, icc.length - off);
                writeSegment(out, 0xE2, ICC_ID, icc, off, n, new byte[] {(byte) (i + 1), (byte) count});
            }
        }
        copyWithoutMetadata(jpeg, pos, out);
        return out.toByteArray();
    }

    // Copies the rest of the file, dropping EXIF and ICC segments the encoder may have written: the spliced ones replace them.
    private static void copyWithoutMetadata(byte[] b, int pos, ByteArrayOutputStream out) {
        while (pos + 4 <= b.length && (b[pos] & 0xFF) == 0xFF) {
            int marker = b[pos + 1] & 0xFF;
            if (marker == 0xDA || marker == 0xD9 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) break;
            int len = ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
            if (pos + 2 + len > b.length) break;
            boolean drop = (marker == 0xE1 && startsWith(b, pos + 4, len - 2, EXIF_ID))
                    || (marker == 0xE2 && startsWith(b, pos + 4, len - 2, ICC_ID));
            if (!drop) out.write(b, pos, 2 + len);
            pos += 2 + len;
        }
        out.write(b, pos, b.length - pos);
    }

    private static void writeSegment(ByteArrayOutputStream out, int marker, byte[] id, byte[] data, int off, int n, byte[] extra) {
        int len = 2 + id.length + (extra == null ? 0 : extra.length) + n;
        if (len > 65535) return; // an EXIF block larger than one segment cannot be stored in JPEG; drop rather than corrupt
        out.write(0xFF);
        out.write(marker);
        out.write(len >> 8);
        out.write(len & 0xFF);
        out.writeBytes(id);
        if (extra != null) out.writeBytes(extra);
        out.write(data, off, n);
    }
}
