package dev.imagehub.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Metadata chunks of a WebP (RIFF) file: reads a source's {@code ICCP}, {@code EXIF} and {@code XMP } chunks, and
 * rewrites an encoded WebP into the extended (VP8X) layout that carries them, without touching the bitstream.
 */
public final class WebpChunks {
    private static final int FLAG_ICC = 0x20;
    private static final int FLAG_ALPHA = 0x10;
    private static final int FLAG_EXIF = 0x08;
    private static final int FLAG_XMP = 0x04;
    private static final byte[] EXIF_ID = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);

    private WebpChunks() {
    }

    /** Metadata found in a WebP: each part null when absent. */
    public record Found(byte[] exif, byte[] icc, byte[] xmp) {
    }

    public static Found read(byte[] webp) {
        byte[] exif = null;
        byte[] icc = null;
        byte[] xmp = null;
        for (int pos = 12; pos + 8 <= webp.length; ) {
            String id = new String(webp, pos, 4, StandardCharsets.ISO_8859_1);
            long size = u32(webp, pos + 4);
            if (pos + 8 + size > webp.length) break;
            int data = pos + 8;
            switch (id) {
                case "ICCP" -> icc = Arrays.copyOfRange(webp, data, data + (int) size);
                case "EXIF" -> {
                    // some writers keep the JPEG "Exif\0\0" prefix, which the WebP container does not use
                    int skip = startsWith(webp, data, (int) size, EXIF_ID) ? EXIF_ID.length : 0;
                    exif = Arrays.copyOfRange(webp, data + skip, data + (int) size);
                }
                case "XMP " -> xmp = Arrays.copyOfRange(webp, data, data + (int) size);
                default -> { }
            }
            pos = data + (int) (size + (size & 1));
        }
        return new Found(exif, icc, xmp);
    }

    /**
     * {@code webp} in the extended layout (VP8X, ICCP, image chunks, EXIF, XMP) carrying the given metadata; each may
     * be null. Returns {@code webp} itself when all three are null. Throws IllegalArgumentException when the image
     * chunk cannot be found, which would mean the encoder wrote something that is not WebP.
     */
    public static byte[] withMetadata(byte[] webp, byte[] exif, byte[] icc, byte[] xmp) {
        if (exif == null && icc == null && xmp == null) return webp;
        ByteArrayOutputStream image = new ByteArrayOutputStream(webp.length);
        int flags = 0;
        int canvasW = 0;
        int canvasH = 0;
        for (int pos = 12; pos + 8 <= webp.length; ) {
            String id = new String(webp, pos, 4, StandardCharsets.ISO_8859_1);
            long size = u32(webp, pos + 4);
            if (pos + 8 + size > webp.length) throw new IllegalArgumentException("the WebP chunk '" + id + "' runs past the end of the file");
            int data = pos + 8;
            int padded = (int) (size + (size & 1));
            switch (id) {
                case "VP8X" -> {
                    flags = webp[data] & ~(FLAG_ICC | FLAG_EXIF | FLAG_XMP);
                    canvasW = 1 + u24(webp, data + 4);
                    canvasH = 1 + u24(webp, data + 7);
                }
                case "ICCP", "EXIF", "XMP " -> { }     // replaced by ours
                default -> {
                    if (id.equals("VP8 ") && canvasW == 0 && size >= 10) {
                        canvasW = (u16(webp, data + 6) & 0x3FFF);
                        canvasH = (u16(webp, data + 8) & 0x3FFF);
                    } else if (id.equals("VP8L") && canvasW == 0 && size >= 5) {
                        long bits = u32(webp, data + 1);
                        canvasW = (int) (bits & 0x3FFF) + 1;
                        canvasH = (int) ((bits >> 14) & 0x3FFF) + 1;
                        if (((bits >> 28) & 1) != 0) flags |= FLAG_ALPHA;
                    } else if (id.equals("ALPH")) {
                        flags |= FLAG_ALPHA;
                    }
                    image.write(webp, pos, 8 + (int) Math.min(padded, webp.length - data));
                }
            }
            pos = data + padded;
        }
        if (canvasW <= 0 || canvasH <= 0) throw new IllegalArgumentException("the encoded WebP has no image chunk to size its canvas");
        if (icc != null) flags |= FLAG_ICC;
        if (exif != null) flags |= FLAG_EXIF;
        if (xmp != null) flags |= FLAG_XMP;

        ByteArrayOutputStream body = new ByteArrayOutputStream(webp.length + 1024);
        body.writeBytes("WEBP".getBytes(StandardCharsets.ISO_8859_1));
        byte[] vp8x = new byte[10];
        vp8x[0] = (byte) flags;
        put24(vp8x, 4, canvasW - 1);
        put24(vp8x, 7, canvasH - 1);
        chunk(body, "VP8X", vp8x);
        if (icc != null) chunk(body, "ICCP", icc);
        body.writeBytes(image.toByteArray());
        if (exif != null) chunk(body, "EXIF", exif);
        if (xmp != null) chunk(body, "XMP ", xmp);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.size() + 8);
        out.writeBytes("RIFF".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(le32(body.size()));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String id, byte[] data) {
        out.writeBytes(id.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(le32(data.length));
        out.writeBytes(data);
        if ((data.length & 1) != 0) out.write(0);     // chunks are padded to an even size
    }

    private static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static void put24(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >> 8);
        b[off + 2] = (byte) (v >> 16);
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | ((b[off + 1] & 0xFF) << 8);
    }

    private static int u24(byte[] b, int off) {
        return (b[off] & 0xFF) | ((b[off + 1] & 0xFF) << 8) | ((b[off + 2] & 0xFF) << 16);
    }

    private static long u32(byte[] b, int off) {
        return (b[off] & 0xFFL) | ((b[off + 1] & 0xFFL) << 8) | ((b[off + 2] & 0xFFL) << 16) | ((b[off + 3] & 0xFFL) << 24);
    }

    private static boolean startsWith(byte[] b, int off, int len, byte[] prefix) {
        if (len < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if (b[off + i] != prefix[i]) return false;
        return true;
    }
}
