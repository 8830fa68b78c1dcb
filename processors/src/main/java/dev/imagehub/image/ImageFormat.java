package dev.imagehub.image;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Image formats the hub knows, recognised by content (magic bytes), never by file extension. */
public enum ImageFormat {
    JPEG("jpg", "image/jpeg", false, false),
    PNG("png", "image/png", true, false),
    GIF("gif", "image/gif", true, true),
    BMP("bmp", "image/bmp", false, false),
    TIFF("tif", "image/tiff", true, false),
    WEBP("webp", "image/webp", true, true),
    // alpha travels as a second, monochrome AV1 image (see AvifEncoder); animated AVIF is not written
    AVIF("avif", "image/avif", true, false),
    // read only (phones' photos, see heif.HeifDecoder): a chain that keeps the source format writes JPEG instead
    HEIF("heic", "image/heic", false, false);

    private final String extension;
    private final String mimeType;
    private final boolean alpha;
    private final boolean animation;

    ImageFormat(String extension, String mimeType, boolean alpha, boolean animation) {
        this.extension = extension;
        this.mimeType = mimeType;
        this.alpha = alpha;
        this.animation = animation;
    }

    public String extension() { return extension; }
    public String mimeType() { return mimeType; }
    /** Whether the format can carry transparency; when it cannot, alpha is flattened onto a background colour. */
    public boolean supportsAlpha() { return alpha; }
    /** Whether the hub can write an animation (several timed frames) in this format. */
    public boolean supportsAnimation() { return animation; }
    public String displayName() { return this == HEIF ? "HEIC" : name(); }
    /** Whether the hub can write this format (HEIC/HEIF is read only). */
    public boolean writable() { return this != HEIF; }
    /** The format a result takes when its chain keeps the source's: the source's own, or JPEG where that cannot be written. */
    public ImageFormat whenKept() { return writable() ? this : JPEG; }

    /** The format named in configuration ({@code jpeg}, {@code jpg}, {@code tif}, ...); throws with the known names. */
    public static ImageFormat fromName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("heic") || n.equals("heif")) {
            throw new IllegalArgumentException("'" + name + "' can be read but not written (known: jpeg, png, gif, bmp, tiff, webp, avif)");
        }
        for (ImageFormat f : values()) {
            if (f.name().toLowerCase(Locale.ROOT).equals(n) || f.extension.equals(n)) return f;
        }
        if (n.equals("tiff")) return TIFF;
        throw new IllegalArgumentException("'" + name + "' is not a known format (known: jpeg, png, gif, bmp, tiff, webp, avif)");
    }

    /** Recognises the format from the first bytes of the file, or explains in plain words what the file is instead. */
    public static ImageFormat sniff(byte[] b) throws BadImageException {
        if (b.length == 0) throw new BadImageException("the file is empty (0 bytes)");
        if (b.length >= 3 && u(b[0]) == 0xFF && u(b[1]) == 0xD8 && u(b[2]) == 0xFF) return JPEG;
        if (startsWith(b, new int[] {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})) return PNG;
        if (ascii(b, 0, "GIF87a") || ascii(b, 0, "GIF89a")) return GIF;
        if (ascii(b, 0, "BM") && b.length >= 26) return BMP;
        if (ascii(b, 0, "II*\0") || ascii(b, 0, "MM\0*")) return TIFF;
        if (ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) return WEBP;
        if (isAvif(b)) return AVIF;
        if (isHeif(b)) return HEIF;
        throw new BadImageException(describeUnsupported(b));
    }

    // ISO-BMFF: an 'ftyp' box whose major or compatible brands include avif (still) or avis (sequence). HEIC files
    // share the container and often the 'mif1' major brand, so only the AVIF brands decide.
    private static boolean isAvif(byte[] b) {
        if (b.length < 16 || !ascii(b, 4, "ftyp")) return false;
        long size = ((long) u(b[0]) << 24) | (u(b[1]) << 16) | (u(b[2]) << 8) | u(b[3]);
        int end = (int) Math.min(b.length, Math.max(16, size));
        if (ascii(b, 8, "avif") || ascii(b, 8, "avis")) return true;
        for (int i = 16; i + 4 <= end; i += 4) {
            if (ascii(b, i, "avif") || ascii(b, i, "avis")) return true;
        }
        return false;
    }

    // ISO-BMFF with a HEIF brand (HEVC stills, image collections and sequences; phones write 'heic' with 'mif1'); checked
    // after AVIF, which shares the container and the 'mif1' brand
    private static boolean isHeif(byte[] b) {
        if (b.length < 16 || !ascii(b, 4, "ftyp")) return false;
        long size = ((long) u(b[0]) << 24) | (u(b[1]) << 16) | (u(b[2]) << 8) | u(b[3]);
        int end = (int) Math.min(b.length, Math.max(16, size));
        for (int i = 8; i + 4 <= end; i += 4) {
            if (i == 12) continue;   // the minor version, not a brand
            for (String brand : new String[] {"heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"}) {
                if (ascii(b, i, brand)) return true;
            }
        }
        return false;
    }

    private static String describeUnsupported(byte[] b) {
        if (b.length >= 12 && ascii(b, 4, "ftyp")) {
            String brand = new String(b, 8, 4, StandardCharsets.ISO_8859_1).trim().toLowerCase(Locale.ROOT);
            return "the file is a video or ISO media container (brand '" + brand + "'), not an image";
        }
        if (ascii(b, 0, "%PDF")) return "the file is a PDF document, not an image";
        if (ascii(b, 0, "PK\u0003\u0004")) return "the file is a ZIP archive, not an image";
        if (ascii(b, 0, "8BPS")) return "Photoshop PSD files are not supported; export as PNG or JPEG";
        if (ascii(b, 0, "<svg") || ascii(b, 0, "<?xml")) return "vector/XML files (SVG) are not supported; export as PNG";
        if (looksLikeText(b)) return "the file contains text, not image data (is it an image saved with the wrong extension?)";
        return String.format(Locale.ROOT, "unknown or unsupported file type (first bytes %s)", hex(b, 8));
    }

    private static boolean looksLikeText(byte[] b) {
        int n = Math.min(b.length, 512);
        for (int i = 0; i < n; i++) {
            int c = u(b[i]);
            if (c < 0x09 || (c > 0x0D && c < 0x20 && c != 0x1B)) return false;
        }
        // text is valid UTF-8 (a partial character at the cut-off is fine); binary junk is not
        java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(b, 0, n);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(n);
        java.nio.charset.CoderResult r = utf8.decode(in, out, b.length <= n);
        return !r.isError();
    }

    private static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(n, b.length); i++) sb.append(String.format("%02X", u(b[i])));
        return sb.toString();
    }

    private static boolean startsWith(byte[] b, int[] magic) {
        if (b.length < magic.length) return false;
        for (int i = 0; i < magic.length; i++) if (u(b[i]) != magic[i]) return false;
        return true;
    }

    private static boolean ascii(byte[] b, int offset, String s) {
        if (b.length < offset + s.length()) return false;
        for (int i = 0; i < s.length(); i++) if (u(b[offset + i]) != s.charAt(i)) return false;
        return true;
    }

    private static int u(byte x) {
        return x & 0xFF;
    }
}
