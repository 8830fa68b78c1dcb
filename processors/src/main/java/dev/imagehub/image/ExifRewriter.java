package dev.imagehub.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rebuilds a TIFF-structured EXIF block as a clean, compact structure: IFD0, then the Exif sub-IFD, its Interop IFD
 * and the GPS IFD, each followed by its own out-of-line values. Nothing is patched in place, so no offset from the
 * source survives: the IFD1 thumbnail and the MakerNote (whose private offsets break when moved) are dropped, as are
 * tags that point at data outside the block. Values are copied byte for byte in the source byte order.
 */
public final class ExifRewriter {
    static final int TAG_ORIENTATION = 0x0112;
    static final int TAG_ARTIST = 0x013B;
    static final int TAG_COPYRIGHT = 0x8298;
    static final int TAG_EXIF_IFD = 0x8769;
    static final int TAG_GPS_IFD = 0x8825;
    static final int TAG_INTEROP_IFD = 0xA005;
    static final int TAG_MAKER_NOTE = 0x927C;
    private static final int TAG_PIXEL_X = 0xA002;
    private static final int TAG_PIXEL_Y = 0xA003;
    private static final int TAG_X_RESOLUTION = 0x011A;
    private static final int TAG_Y_RESOLUTION = 0x011B;
    private static final int TAG_RESOLUTION_UNIT = 0x0128;
    private static final int TAG_YCBCR_POSITIONING = 0x0213;
    private static final int SHORT = 3;
    private static final int RATIONAL = 5;
    private static final int LONG = 4;
    private static final int MAX_ENTRIES = 1000;

    // Offsets into the old file (strips, tiles, thumbnails, sub-IFDs we do not rebuild) or private blobs with
    // internal offsets: copied, they would point at garbage.
    private static final Set<Integer> DROPPED = Set.of(
            TAG_MAKER_NOTE,
            0x0111, 0x0117,             // StripOffsets, StripByteCounts
            0x0144, 0x0145,             // TileOffsets, TileByteCounts
            0x0201, 0x0202,             // JPEGInterchangeFormat (thumbnail), its length
            0x014A,                     // SubIFDs
            0x8773,                     // ICC profile in TIFF (the image's profile travels separately)
            0x02BC,                     // XMP in TIFF (XMP travels separately)
            0xEA1C, 0xEA1D,             // Microsoft padding and MakerNote offset schema
            0xC634);                    // DNGPrivateData

    /** What the output keeps and the facts its tags must agree with. */
    public record Target(MetadataPolicy policy, boolean gps, int orientation, int width, int height) {
    }

    private record Entry(int tag, int type, int count, byte[] value) {
        int size() { return value.length; }
    }

    private static final class Ifd {
        final List<Entry> entries = new ArrayList<>();
        Ifd exif;
        Ifd gps;
        Ifd interop;
        int offset;
        boolean hadOrientation;

        int byteSize() {
            int n = entries.size() + (exif != null ? 1 : 0) + (gps != null ? 1 : 0) + (interop != null ? 1 : 0);
            int size = 2 + 12 * n + 4;
            for (Entry e : entries) if (e.size() > 4) size += pad(e.size());
            return size;
        }

        Entry find(int tag) {
            for (Entry e : entries) if (e.tag() == tag) return e;
            return null;
        }
    }

    private ExifRewriter() {
    }

    /**
     * The rebuilt block for {@code target}, or null when nothing is left to write (no EXIF, or the copyright policy and
     * neither Copyright nor Artist). Throws IllegalArgumentException when the source block is not TIFF-structured.
     */
    public static byte[] rewrite(byte[] tiff, Target target) {
        if (target.policy() == MetadataPolicy.STRIP || tiff == null) return null;
        ByteOrder order = order(tiff);
        ByteBuffer in = ByteBuffer.wrap(tiff).order(order);
        if (tiff.length < 8 || (in.getShort(2) & 0xFFFF) != 42) throw new IllegalArgumentException("the EXIF block is not TIFF-structured");
        Set<Long> visited = new HashSet<>();
        Ifd ifd0 = readIfd(in, in.getInt(4) & 0xFFFFFFFFL, Kind.IFD0, visited);
        if (ifd0 == null) throw new IllegalArgumentException("the EXIF block has no readable first directory");
        Ifd out = target.policy() == MetadataPolicy.COPYRIGHT ? copyrightOnly(ifd0, order) : everything(ifd0, target, order);
        if (out == null) return null;
        return write(out, order);
    }

    // Copyright and Artist, plus the four neutral tags EXIF requires in every IFD0 (resolution 72 dpi, centred
    // chroma), so that validators accept the block; nothing that identifies the camera, place or time survives.
    private static Ifd copyrightOnly(Ifd ifd0, ByteOrder order) {
        Ifd out = new Ifd();
        for (Entry e : ifd0.entries) {
            if (e.tag() == TAG_COPYRIGHT || e.tag() == TAG_ARTIST) out.entries.add(e);
        }
        if (out.entries.isEmpty()) return null;
        byte[] dpi72 = ByteBuffer.allocate(8).order(order).putInt(72).putInt(1).array();
        out.entries.add(new Entry(TAG_X_RESOLUTION, RATIONAL, 1, dpi72));
        out.entries.add(new Entry(TAG_Y_RESOLUTION, RATIONAL, 1, dpi72));
        out.entries.add(new Entry(TAG_RESOLUTION_UNIT, SHORT, 1, shortValue(2, order)));       // inches
        out.entries.add(new Entry(TAG_YCBCR_POSITIONING, SHORT, 1, shortValue(1, order)));     // centred
        return out;
    }

    private static Ifd everything(Ifd ifd0, Target target, ByteOrder order) {
        if (!target.gps()) ifd0.gps = null;
        ifd0.hadOrientation = ifd0.entries.removeIf(e -> e.tag() == TAG_ORIENTATION);
        // a source that stated its orientation keeps stating it, even when it becomes 1 (upright)
        if (target.orientation() != 1 || ifd0.hadOrientation) {
            ifd0.entries.add(new Entry(TAG_ORIENTATION, SHORT, 1, shortValue(target.orientation(), order)));
        }
        if (ifd0.exif != null) {
            replaceDimension(ifd0.exif, TAG_PIXEL_X, target.width(), order);
            replaceDimension(ifd0.exif, TAG_PIXEL_Y, target.height(), order);
        }
        return ifd0;
    }

    // PixelXDimension/PixelYDimension describe the stored image; after a resize the source's values would be wrong.
    private static void replaceDimension(Ifd ifd, int tag, int value, ByteOrder order) {
        Entry old = ifd.find(tag);
        if (old == null || value <= 0) return;
        ifd.entries.remove(old);
        boolean asShort = old.type() == SHORT && value <= 0xFFFF;
        ifd.entries.add(new Entry(tag, asShort ? SHORT : LONG, 1, asShort ? shortValue(value, order) : longValue(value, order)));
    }

    // Which directory is being read: only IFD0 may point to Exif and GPS, only Exif to Interop.
    private enum Kind { IFD0, EXIF, GPS, INTEROP }

    private static Ifd readIfd(ByteBuffer in, long offset, Kind kind, Set<Long> visited) {
        int limit = in.limit();
        if (offset < 8 || offset + 2 > limit || !visited.add(offset)) return null;
        int at = (int) offset;
        int count = in.getShort(at) & 0xFFFF;
        if (count > MAX_ENTRIES) return null;
        Ifd ifd = new Ifd();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            int e = at + 2 + i * 12;
            if (e + 12 > limit) break;          // a truncated directory keeps the entries that are complete
            int tag = in.getShort(e) & 0xFFFF;
            int type = in.getShort(e + 2) & 0xFFFF;
            long n = in.getInt(e + 4) & 0xFFFFFFFFL;
            if (!seen.add(tag)) continue;       // a repeated tag: the first one wins, as in most readers
            long pointer = in.getInt(e + 8) & 0xFFFFFFFFL;
            if (kind == Kind.IFD0 && tag == TAG_EXIF_IFD) {
                ifd.exif = readIfd(in, pointer, Kind.EXIF, visited);
                continue;
            }
            if (kind == Kind.IFD0 && tag == TAG_GPS_IFD) {
                ifd.gps = readIfd(in, pointer, Kind.GPS, visited);
                continue;
            }
            if (kind == Kind.EXIF && tag == TAG_INTEROP_IFD) {
                ifd.interop = readIfd(in, pointer, Kind.INTEROP, visited);
                continue;
            }
            // a pointer in the wrong directory, or data we cannot relocate
            if (tag == TAG_EXIF_IFD || tag == TAG_GPS_IFD || tag == TAG_INTEROP_IFD || DROPPED.contains(tag)) continue;
            int unit = typeSize(type);
            if (unit == 0 || n == 0 || n * unit > limit) continue;
            int size = (int) (n * unit);
            int valueAt = size <= 4 ? e + 8 : in.getInt(e + 8);
            if (valueAt < 0 || (long) valueAt + size > limit || (size > 4 && valueAt < 8)) continue;  // points outside the block
            byte[] value = new byte[size];
            in.get(valueAt, value);
            ifd.entries.add(new Entry(tag, type, (int) n, value));
        }
        return ifd;
    }

    private static byte[] write(Ifd ifd0, ByteOrder order) {
        List<Ifd> blocks = new ArrayList<>();
        blocks.add(ifd0);
        if (ifd0.exif != null) {
            blocks.add(ifd0.exif);
            if (ifd0.exif.interop != null) blocks.add(ifd0.exif.interop);
        }
        if (ifd0.gps != null) blocks.add(ifd0.gps);
        int pos = 8;
        for (Ifd ifd : blocks) {
            ifd.offset = pos;
            pos += ifd.byteSize();
        }
        ByteBuffer out = ByteBuffer.allocate(pos).order(order);
        out.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
        out.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
        out.putShort((short) 42);
        out.putInt(8);
        for (Ifd ifd : blocks) writeIfd(out, ifd, order);
        return out.array();
    }

    private static void writeIfd(ByteBuffer out, Ifd ifd, ByteOrder order) {
        List<Entry> entries = new ArrayList<>(ifd.entries);
        if (ifd.exif != null) entries.add(new Entry(TAG_EXIF_IFD, LONG, 1, longValue(ifd.exif.offset, order)));
        if (ifd.gps != null) entries.add(new Entry(TAG_GPS_IFD, LONG, 1, longValue(ifd.gps.offset, order)));
        if (ifd.interop != null) entries.add(new Entry(TAG_INTEROP_IFD, LONG, 1, longValue(ifd.interop.offset, order)));
        entries.sort(Comparator.comparingInt(Entry::tag));   // TIFF requires ascending tags
        out.position(ifd.offset);
        out.putShort((short) entries.size());
        int data = ifd.offset + 2 + 12 * entries.size() + 4;
        for (Entry e : entries) {
            out.putShort((short) e.tag()).putShort((short) e.type()).putInt(e.count());
            if (e.size() <= 4) {
                byte[] inline = new byte[4];                // left-justified, zero padded
                System.arraycopy(e.value(), 0, inline, 0, e.size());
                out.put(inline);
            } else {
                out.putInt(data);
                out.put(data, e.value());
                data += pad(e.size());
            }
        }
        out.putInt(0);                                       // no IFD1: the thumbnail is not carried
    }

    static ByteOrder order(byte[] tiff) {
        if (tiff != null && tiff.length >= 2 && tiff[0] == 'I' && tiff[1] == 'I') return ByteOrder.LITTLE_ENDIAN;
        if (tiff != null && tiff.length >= 2 && tiff[0] == 'M' && tiff[1] == 'M') return ByteOrder.BIG_ENDIAN;
        throw new IllegalArgumentException("the EXIF block has no TIFF byte-order mark");
    }

    private static int typeSize(int type) {
        return switch (type) {
            case 1, 2, 6, 7 -> 1;       // BYTE, ASCII, SBYTE, UNDEFINED
            case 3, 8 -> 2;             // SHORT, SSHORT
            case 4, 9, 11, 13 -> 4;     // LONG, SLONG, FLOAT, IFD
            case 5, 10, 12 -> 8;        // RATIONAL, SRATIONAL, DOUBLE
            default -> 0;
        };
    }

    private static byte[] shortValue(int v, ByteOrder order) {
        return ByteBuffer.allocate(2).order(order).putShort((short) v).array();
    }

    private static byte[] longValue(int v, ByteOrder order) {
        return ByteBuffer.allocate(4).order(order).putInt(v).array();
    }

    private static int pad(int size) {
        return (size + 1) & ~1;                              // values start on word boundaries
    }
}
