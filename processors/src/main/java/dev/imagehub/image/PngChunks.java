package dev.imagehub.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Metadata chunks of a PNG file: reads the EXIF ({@code eXIf}, or ImageMagick's "Raw profile type exif" text),
 * the ICC profile ({@code iCCP}) and XMP ({@code iTXt XML:com.adobe.xmp}) of a source, and writes them into an
 * encoded PNG without touching its image data.
 */
public final class PngChunks {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    static final String XMP_KEYWORD = "XML:com.adobe.xmp";
    private static final int MAX_INFLATED = 16 << 20;
    // Colour chunks a written iCCP replaces (the spec forbids sRGB beside iCCP; gAMA and cHRM would disagree with it).
    private static final Set<String> COLOUR = Set.of("iCCP", "sRGB", "gAMA", "cHRM");

    private PngChunks() {
    }

    /** Metadata found in a PNG: each part null when absent or unreadable. */
    public record Found(byte[] exif, byte[] icc, byte[] xmp) {
    }

    /** Reads the metadata chunks of {@code png}; damaged chunks are skipped rather than failing the image. */
    public static Found read(byte[] png) {
        byte[] exif = null;
        byte[] icc = null;
        byte[] xmp = null;
        int pos = SIGNATURE.length;
        while (pos + 12 <= png.length) {
            int len = ByteBuffer.wrap(png, pos, 4).getInt();
            String type = new String(png, pos + 4, 4, StandardCharsets.ISO_8859_1);
            if (len < 0 || pos + 12L + len > png.length || type.equals("IEND")) break;
            int data = pos + 8;
            switch (type) {
                case "eXIf" -> exif = Arrays.copyOfRange(png, data, data + len);
                case "iCCP" -> icc = iccp(png, data, len);
                case "iTXt" -> {
                    byte[] x = itxt(png, data, len, XMP_KEYWORD);
                    if (x != null) xmp = x;
                }
                case "zTXt", "tEXt" -> {
                    if (exif == null) exif = rawProfileExif(png, data, len, type.equals("zTXt"));
                }
                default -> { }
            }
            pos += 12 + len;
        }
        return new Found(exif, icc, xmp);
    }

    /**
     * {@code png} with the given EXIF (TIFF block), ICC profile and XMP packet written right after IHDR, replacing any
     * the encoder wrote; each may be null. Returns {@code png} itself when all three are null.
     */
    public static byte[] withMetadata(byte[] png, byte[] exif, byte[] icc, byte[] xmp) {
        if (exif == null && icc == null && xmp == null) return png;
        ByteArrayOutputStream out = new ByteArrayOutputStream(png.length + 1024
                + (exif == null ? 0 : exif.length) + (icc == null ? 0 : icc.length) + (xmp == null ? 0 : xmp.length));
        out.writeBytes(SIGNATURE);
        int pos = SIGNATURE.length;
        while (pos + 12 <= png.length) {
            int len = ByteBuffer.wrap(png, pos, 4).getInt();
            String type = new String(png, pos + 4, 4, StandardCharsets.ISO_8859_1);
            boolean drop = (icc != null && COLOUR.contains(type))
                    || (exif != null && type.equals("eXIf"))
                    || (xmp != null && type.equals("iTXt") && itxt(png, pos + 8, len, XMP_KEYWORD) != null);
            if (!drop) out.write(png, pos, 12 + len);
            if (type.equals("IHDR")) {
                // iCCP must precede PLTE and IDAT; eXIf and iTXt are safest there too (some readers stop at IDAT)
                if (icc != null) chunk(out, "iCCP", iccpData(icc));
                if (exif != null) chunk(out, "eXIf", exif);
                if (xmp != null) chunk(out, "iTXt", itxtData(XMP_KEYWORD, xmp));
            }
            pos += 12 + len;
        }
        return out.toByteArray();
    }

    private static byte[] iccp(byte[] b, int data, int len) {
        int nul = indexOf(b, data, data + Math.min(len, 80), (byte) 0);
        if (nul < 0 || nul + 2 > data + len || b[nul + 1] != 0) return null;   // compression method 0 = zlib
        return inflate(b, nul + 2, data + len - nul - 2);
    }

    private static byte[] iccpData(byte[] icc) {
        ByteArrayOutputStream d = new ByteArrayOutputStream(icc.length / 2 + 32);
        d.writeBytes("ICC profile".getBytes(StandardCharsets.ISO_8859_1));
        d.write(0);
        d.write(0);
        d.writeBytes(deflate(icc));
        return d.toByteArray();
    }

    // iTXt: keyword NUL, compression flag, method, language NUL, translated keyword NUL, text.
    private static byte[] itxt(byte[] b, int data, int len, String keyword) {
        byte[] k = keyword.getBytes(StandardCharsets.ISO_8859_1);
        if (len < k.length + 5 || b[data + k.length] != 0) return null;
        for (int i = 0; i < k.length; i++) if (b[data + i] != k[i]) return null;
        int end = data + len;
        int p = data + k.length + 1;
        boolean compressed = b[p] == 1;
        p += 2;
        int lang = indexOf(b, p, end, (byte) 0);
        if (lang < 0) return null;
        int translated = indexOf(b, lang + 1, end, (byte) 0);
        if (translated < 0) return null;
        p = translated + 1;
        return compressed ? inflate(b, p, end - p) : Arrays.copyOfRange(b, p, end);
    }

    private static byte[] itxtData(String keyword, byte[] text) {
        ByteArrayOutputStream d = new ByteArrayOutputStream(text.length + 32);
        d.writeBytes(keyword.getBytes(StandardCharsets.ISO_8859_1));
        d.write(0);
        d.write(0);     // not compressed: XMP readers scan for the packet
        d.write(0);
        d.write(0);     // no language
        d.write(0);     // no translated keyword
        d.writeBytes(text);
        return d.toByteArray();
    }

    // ImageMagick and exiv2 store EXIF as hex text: "\nexif\n   <length>\n<hex digits in lines>", often with "Exif\0\0".
    private static byte[] rawProfileExif(byte[] b, int data, int len, boolean compressed) {
        byte[] k = "Raw profile type exif".getBytes(StandardCharsets.ISO_8859_1);
        byte[] app1 = "Raw profile type APP1".getBytes(StandardCharsets.ISO_8859_1);
        boolean match = startsWith(b, data, len, k) || startsWith(b, data, len, app1);
        if (!match || b[data + k.length] != 0) return null;
        int p = data + k.length + 1 + (compressed ? 1 : 0);
        byte[] text = compressed ? inflate(b, p, data + len - p) : Arrays.copyOfRange(b, p, data + len);
        if (text == null) return null;
        String s = new String(text, StandardCharsets.ISO_8859_1).trim();
        String[] lines = s.split("\n", 3);
        if (lines.length < 3) return null;
        int size;
        try {
            size = Integer.parseInt(lines[1].trim());
        } catch (NumberFormatException e) {
            return null;
        }
        String hex = lines[2].replaceAll("\\s", "");
        if (size <= 0 || hex.length() < size * 2) return null;
        byte[] raw = new byte[size];
        for (int i = 0; i < size; i++) raw[i] = (byte) Integer.parseInt(hex, 2 * i, 2 * i + 2, 16);
        byte[] exifId = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
        return startsWith(raw, 0, raw.length, exifId) ? Arrays.copyOfRange(raw, exifId.length, raw.length) : raw;
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    static byte[] inflate(byte[] b, int off, int len) {
        Inflater inf = new Inflater();
        try {
            inf.setInput(b, off, len);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, len * 3));
            byte[] buf = new byte[8192];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) return null;   // truncated stream
                out.write(buf, 0, n);
                if (out.size() > MAX_INFLATED) return null;                           // a metadata bomb
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            return null;
        } finally {
            inf.end();
        }
    }

    private static byte[] deflate(byte[] data) {
        Deflater def = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            def.setInput(data);
            def.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
            byte[] buf = new byte[8192];
            while (!def.finished()) out.write(buf, 0, def.deflate(buf));
            return out.toByteArray();
        } finally {
            def.end();
        }
    }

    private static int indexOf(byte[] b, int from, int to, byte v) {
        for (int i = from; i < Math.min(to, b.length); i++) if (b[i] == v) return i;
        return -1;
    }

    private static boolean startsWith(byte[] b, int off, int len, byte[] prefix) {
        if (len < prefix.length || off + prefix.length > b.length) return false;
        for (int i = 0; i < prefix.length; i++) if (b[off + i] != prefix[i]) return false;
        return true;
    }
}
