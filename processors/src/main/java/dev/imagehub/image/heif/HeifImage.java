package dev.imagehub.image.heif;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.imagehub.image.AvifHeader;
import dev.imagehub.image.BadImageException;
import dev.imagehub.image.ExifOrientation;

/**
 * The primary image of a HEIF/HEIC file, as its header describes it: one HEVC-coded image or a grid of HEVC tiles
 * (phones store 512x512 tiles), how it is shown ({@code clap} crop, {@code irot} and {@code imir}), its colour
 * ({@code colr}: an ICC profile or nclx code points), its alpha plane, and its EXIF and XMP items. Everything is
 * checked before a pixel is decoded: a grid whose tiles are missing, inconsistent or larger than the picture they
 * make, or a sequence without a still image, fails here with a reason. Thumbnails, depth maps and other auxiliary
 * images are ignored, as is every image but the primary one (the first of a burst).
 */
public final class HeifImage {
    /** The HEVC standard's largest picture (level 6.2): a tile larger than this is damaged, not a real tile. */
    static final long MAX_TILE_PIXELS = 35_651_584L;
    private static final String ALPHA_URN = "urn:mpeg:hevc:2015:auxid:1";
    private static final String ALPHA_URN_MIAF = "urn:mpeg:mpegB:cicp:systems:auxiliary:alpha";

    /** A coded picture to decode: the HEVC item and its decoder configuration ({@code hvcC}). */
    record Coded(long item, byte[] hvcC, int width, int height) {
    }

    /** How the coded pictures make the stored image: one picture, or rows x columns of tiles cropped to width x height. */
    record Layout(List<Coded> tiles, int rows, int columns, int width, int height) {
        boolean grid() {
            return rows * columns > 1 || tiles.size() > 1;
        }
    }

    /** nclx colour code points (ITU-T H.273): primaries, transfer, matrix, full range. */
    public record Nclx(int primaries, int transfer, int matrix, boolean fullRange) {
    }

    /** A clean-aperture crop: the size kept and its offset from the top-left corner, in stored pixels. */
    record Crop(int x, int y, int width, int height) {
    }

    private final HeifFile file;
    private final Layout colour;
    private final Layout alpha;
    private final Crop crop;
    private final int orientation;
    private final byte[] icc;
    private final Nclx nclx;
    private final byte[] exif;
    private final byte[] xmp;

    private HeifImage(HeifFile file, Layout colour, Layout alpha, Crop crop, int orientation, byte[] icc, Nclx nclx, byte[] exif, byte[] xmp) {
        this.file = file;
        this.colour = colour;
        this.alpha = alpha;
        this.crop = crop;
        this.orientation = orientation;
        this.icc = icc;
        this.nclx = nclx;
        this.exif = exif;
        this.xmp = xmp;
    }

    /** Reads and checks the header of a HEIF file; throws with a reason a user can act on. */
    public static HeifImage parse(byte[] bytes) throws BadImageException {
        HeifFile f = HeifFile.parse(bytes);
        long primary = f.primary();
        if (primary < 0 || f.type(primary) == null) {
            if (f.trackSamples() > 0) {
                throw new BadImageException("the HEIF file is an image sequence (" + f.trackSamples() + " frames) with no still image; "
                        + "export one frame as a photo (HEIC or JPEG) first");
            }
            throw new BadImageException("the HEIF file has no primary image (no pitm/iinf boxes): it is damaged or not a still image");
        }
        String type = f.type(primary);
        if (type.equals("av01")) {
            throw new BadImageException("the HEIF file holds an AV1 image but does not say it is AVIF (no 'avif' brand): it is damaged");
        }
        if (!type.equals("hvc1") && !type.equals("grid")) {
            throw new BadImageException("the HEIF primary image is of type '" + type + "', which is not supported (HEVC images and grids are)");
        }
        Layout colour = layout(f, primary, "image");
        int[] shown = size(f, primary, "image");
        if (shown[0] != colour.width() || shown[1] != colour.height()) {
            throw new BadImageException(String.format(Locale.ROOT, "the HEIF file is damaged: the image declares %dx%d but its tiles make %dx%d",
                    shown[0], shown[1], colour.width(), colour.height()));
        }
        Layout alpha = null;
        for (long aux : f.referencesTo(primary, "auxl")) {
            HeifFile.Property c = f.property(aux, "auxC");
            if (c == null || !isAlpha(c.payload())) continue;
            Layout a = layout(f, aux, "alpha plane");
            if (a.width() == colour.width() && a.height() == colour.height()) alpha = a;
        }
        Crop crop = null;
        int turns = 0;
        int axis = -1;
        byte[] icc = null;
        Nclx nclx = null;
        for (HeifFile.Property p : f.properties(primary)) {
            byte[] v = p.payload();
            switch (p.type()) {
                case "clap" -> crop = clap(v, colour.width(), colour.height());
                case "irot" -> turns = v[0] & 3;
                case "imir" -> axis = v[0] & 1;
                case "colr" -> {
                    String kind = new String(v, 0, 4, StandardCharsets.ISO_8859_1);
                    if ((kind.equals("prof") || kind.equals("rICC")) && icc == null) icc = Arrays.copyOfRange(v, 4, v.length);
                    if (kind.equals("nclx") && v.length >= 11) {
                        nclx = new Nclx(u16(v, 4), u16(v, 6), u16(v, 8), (v[10] & 0x80) != 0);
                    }
                }
                default -> { }
            }
        }
        byte[] exif = null;
        byte[] xmp = null;
        for (long meta : f.referencesTo(primary, "cdsc")) {
            String t = f.type(meta);
            try {
                if ("Exif".equals(t) && exif == null) exif = exifTiff(f.data(meta, "the EXIF block"));
                if ("mime".equals(t) && xmp == null && "application/rdf+xml".equals(f.contentType(meta))) xmp = f.data(meta, "the XMP packet");
            } catch (BadImageException damaged) {
                // metadata that cannot be read is left out; the picture is what matters
            }
        }
        if (exif != null) {
            // irot/imir are how the picture is shown, and the decoder applies them; phones also write the EXIF tag that
            // matches them, which must not turn the picture a second time
            exif = ExifOrientation.withOrientation(exif, 1);
        }
        return new HeifImage(f, colour, alpha, crop, AvifHeader.orientation(turns, axis), icc, nclx, exif, xmp);
    }

    /** The width of the picture as shown (after the crop, rotation and mirroring). */
    public int width() {
        return orientation >= 5 ? storedHeight() : storedWidth();
    }

    /** The height of the picture as shown. */
    public int height() {
        return orientation >= 5 ? storedWidth() : storedHeight();
    }

    private int storedWidth() {
        return crop != null ? crop.width() : colour.width();
    }

    private int storedHeight() {
        return crop != null ? crop.height() : colour.height();
    }

    /** The EXIF orientation (1..8) equivalent to irot then imir, which the decoder applies to the pixels. */
    public int orientation() {
        return orientation;
    }

    /** The embedded ICC profile, or null. */
    public byte[] icc() {
        return icc;
    }

    /**
     * The profile the pixels are in: the embedded ICC profile, else one made from the nclx code points when they are
     * not sRGB (a Display P3 or BT.2020 photo tagged only with nclx), else null (sRGB).
     */
    public byte[] colourProfile() {
        if (icc != null) return icc;
        return nclx == null ? null : dev.imagehub.image.NclxProfile.forCodePoints(nclx.primaries(), nclx.transfer());
    }

    /** The nclx colour code points, or null. */
    public Nclx nclx() {
        return nclx;
    }

    /** The EXIF block as a TIFF structure with orientation 1 (the pixels are decoded upright), or null. */
    public byte[] exif() {
        return exif;
    }

    /** The XMP packet, or null. */
    public byte[] xmp() {
        return xmp;
    }

    /** Whether an alpha plane belongs to the picture. */
    public boolean hasAlpha() {
        return alpha != null;
    }

    /** Whether the picture is a grid of tiles. */
    public boolean grid() {
        return colour.grid();
    }

    HeifFile file() {
        return file;
    }

    Layout colour() {
        return colour;
    }

    Layout alpha() {
        return alpha;
    }

    Crop crop() {
        return crop;
    }

    // the coded pictures behind an image item: itself, or the tiles of its grid, with every consistency check
    private static Layout layout(HeifFile f, long item, String what) throws BadImageException {
        String type = f.type(item);
        if ("hvc1".equals(type)) {
            Coded c = coded(f, item, what);
            return new Layout(List.of(c), 1, 1, c.width(), c.height());
        }
        if (!"grid".equals(type)) throw new BadImageException("the HEIF " + what + " is of type '" + type + "', which is not supported");
        byte[] g = f.data(item, "the " + what + "'s grid description");
        if (g.length < 8) throw new BadImageException("the HEIF file is damaged: the " + what + "'s grid description is too short");
        boolean wide = (g[1] & 1) != 0;
        int rows = (g[2] & 0xFF) + 1;
        int columns = (g[3] & 0xFF) + 1;
        if (g.length < (wide ? 12 : 8)) throw new BadImageException("the HEIF file is damaged: the " + what + "'s grid description is too short");
        long width = wide ? u32(g, 4) : u16(g, 4);
        long height = wide ? u32(g, 8) : u16(g, 6);
        List<Long> ids = f.referencesFrom(item, "dimg");
        if (ids.size() != rows * columns) {
            throw new BadImageException(String.format(Locale.ROOT, "the HEIF file is damaged: the %s is a grid of %dx%d tiles but names %d",
                    what, columns, rows, ids.size()));
        }
        List<Coded> tiles = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            long id = ids.get(i);
            if (f.type(id) == null || f.dataLength(id) == 0) {
                throw new BadImageException(String.format(Locale.ROOT, "the HEIF file is damaged: tile %d of %d of the %s is missing",
                        i + 1, ids.size(), what));
            }
            if (!"hvc1".equals(f.type(id))) {
                throw new BadImageException("the HEIF " + what + "'s tiles are of type '" + f.type(id) + "', which is not supported");
            }
            Coded c = coded(f, id, "tile " + (i + 1) + " of the " + what);
            if (!tiles.isEmpty() && (c.width() != tiles.get(0).width() || c.height() != tiles.get(0).height())) {
                throw new BadImageException("the HEIF file is damaged: the tiles of the " + what + " differ in size");
            }
            tiles.add(c);
        }
        int tileW = tiles.get(0).width();
        int tileH = tiles.get(0).height();
        // the tiles must cover the picture, with less than one tile to spare on each side: anything else is a header
        // that would make the hub allocate far more than the picture it describes
        if (width <= 0 || height <= 0 || (long) columns * tileW < width || (long) rows * tileH < height
                || (long) (columns - 1) * tileW >= width || (long) (rows - 1) * tileH >= height) {
            throw new BadImageException(String.format(Locale.ROOT, "the HEIF file is damaged: a grid of %dx%d tiles of %dx%d cannot make a %dx%d %s",
                    columns, rows, tileW, tileH, width, height, what));
        }
        return new Layout(tiles, rows, columns, (int) width, (int) height);
    }

    private static Coded coded(HeifFile f, long item, String what) throws BadImageException {
        HeifFile.Property config = f.property(item, "hvcC");
        if (config == null) throw new BadImageException("the HEIF file is damaged: the " + what + " has no HEVC configuration (hvcC)");
        int[] size = size(f, item, what);
        if ((long) size[0] * size[1] > MAX_TILE_PIXELS) {
            throw new BadImageException(String.format(Locale.ROOT, "the HEIF file is damaged: the %s declares %dx%d, more than HEVC allows",
                    what, size[0], size[1]));
        }
        return new Coded(item, config.payload(), size[0], size[1]);
    }

    private static int[] size(HeifFile f, long item, String what) throws BadImageException {
        HeifFile.Property ispe = f.property(item, "ispe");
        if (ispe == null || ispe.payload().length < 12) {
            throw new BadImageException("the HEIF file is damaged: the " + what + " declares no size (ispe)");
        }
        long w = u32(ispe.payload(), 4);
        long h = u32(ispe.payload(), 8);
        if (w <= 0 || h <= 0 || w > Integer.MAX_VALUE || h > Integer.MAX_VALUE) {
            throw new BadImageException(String.format(Locale.ROOT, "the HEIF file is damaged: the %s declares a size of %dx%d", what, w, h));
        }
        return new int[] {(int) w, (int) h};
    }

    private static boolean isAlpha(byte[] auxC) {
        int end = 4;
        while (end < auxC.length && auxC[end] != 0) end++;
        String urn = new String(auxC, 4, Math.max(0, end - 4), StandardCharsets.US_ASCII);
        return urn.equals(ALPHA_URN) || urn.equals(ALPHA_URN_MIAF);
    }

    // clap: width, height, horizontal and vertical offset of the centre, each a fraction (numerator, denominator)
    private static Crop clap(byte[] v, int width, int height) throws BadImageException {
        if (v.length < 32) throw new BadImageException("the HEIF file is damaged: the clean aperture (clap) is too short");
        double w = fraction(v, 0);
        double h = fraction(v, 8);
        double dx = fraction(v, 16);
        double dy = fraction(v, 24);
        int cw = (int) Math.round(w);
        int ch = (int) Math.round(h);
        int x = (int) Math.round((width - 1) / 2.0 + dx - (cw - 1) / 2.0);
        int y = (int) Math.round((height - 1) / 2.0 + dy - (ch - 1) / 2.0);
        if (cw <= 0 || ch <= 0 || x < 0 || y < 0 || x + cw > width || y + ch > height) {
            throw new BadImageException(String.format(Locale.ROOT, "the HEIF file is damaged: its clean aperture (%dx%d at %d,%d) lies outside the %dx%d image",
                    cw, ch, x, y, width, height));
        }
        return cw == width && ch == height ? null : new Crop(x, y, cw, ch);
    }

    private static double fraction(byte[] v, int at) {
        long d = u32(v, at + 4);
        return d == 0 ? 0 : (int) u32(v, at) / (double) d;
    }

    // the Exif item: a 4-byte offset to the TIFF header, then (usually "Exif\0\0" and) the TIFF structure
    private static byte[] exifTiff(byte[] item) {
        if (item.length < 4) return null;
        long offset = u32(item, 0);
        int start = (int) Math.min(item.length, 4 + offset);
        if (start + 4 <= item.length && !(item[start] == 'I' && item[start + 1] == 'I') && !(item[start] == 'M' && item[start + 1] == 'M')) {
            // some writers put "Exif\0\0" before the TIFF header without counting it in the offset
            for (int i = 4; i + 4 <= item.length && i < 64; i++) {
                if ((item[i] == 'I' && item[i + 1] == 'I' && item[i + 2] == 42) || (item[i] == 'M' && item[i + 1] == 'M' && item[i + 3] == 42)) {
                    start = i;
                    break;
                }
            }
        }
        return start + 8 <= item.length ? Arrays.copyOfRange(item, start, item.length) : null;
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static long u32(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFFL) << 16) | ((b[at + 2] & 0xFFL) << 8) | (b[at + 3] & 0xFFL);
    }
}
