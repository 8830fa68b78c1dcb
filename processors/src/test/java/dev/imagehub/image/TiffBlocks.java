package dev.imagehub.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;

import com.twelvemonkeys.imageio.metadata.CompoundDirectory;
import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;

/**
 * Test helpers for EXIF blocks: a small independent TIFF writer (IFD0 with optional Exif and GPS sub-IFDs, laid out
 * the simple way, sub-IFDs after IFD0's values) and reading blocks back with TwelveMonkeys' TIFF reader.
 */
final class TiffBlocks {
    private TiffBlocks() {
    }

    /** One IFD entry: tag, TIFF type and the raw value bytes (already in the block's byte order). */
    record Tag(int tag, int type, int count, byte[] value) {
        static Tag ascii(int tag, String text) {
            byte[] b = (text + "\0").getBytes(StandardCharsets.US_ASCII);
            return new Tag(tag, 2, b.length, b);
        }

        static Tag shortValue(int tag, int v, ByteOrder order) {
            return new Tag(tag, 3, 1, ByteBuffer.allocate(2).order(order).putShort((short) v).array());
        }

        static Tag rationals(int tag, ByteOrder order, int... numDen) {
            ByteBuffer b = ByteBuffer.allocate(numDen.length * 4).order(order);
            for (int v : numDen) b.putInt(v);
            return new Tag(tag, 5, numDen.length / 2, b.array());
        }

        static Tag bytes(int tag, int... values) {
            byte[] b = new byte[values.length];
            for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
            return new Tag(tag, 1, b.length, b);
        }
    }

    /** A block with IFD0 {@code ifd0}, plus an Exif sub-IFD and a GPS IFD when the lists are not empty. */
    static byte[] build(ByteOrder order, List<Tag> ifd0, List<Tag> exif, List<Tag> gps) {
        ByteBuffer out = ByteBuffer.allocate(8192).order(order);
        out.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
        out.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
        out.putShort((short) 42).putInt(8);
        List<Tag> first = new ArrayList<>(ifd0);
        int pointerSlots = (exif.isEmpty() ? 0 : 1) + (gps.isEmpty() ? 0 : 1);
        int ifd0End = 8 + size(first.size() + pointerSlots, first);
        int exifAt = ifd0End;
        int gpsAt = exifAt + (exif.isEmpty() ? 0 : size(exif.size(), exif));
        if (!exif.isEmpty()) first.add(new Tag(0x8769, 4, 1, ByteBuffer.allocate(4).order(order).putInt(exifAt).array()));
        if (!gps.isEmpty()) first.add(new Tag(0x8825, 4, 1, ByteBuffer.allocate(4).order(order).putInt(gpsAt).array()));
        first.sort((a, b) -> Integer.compare(a.tag(), b.tag()));
        writeIfd(out, 8, first);
        if (!exif.isEmpty()) writeIfd(out, exifAt, exif);
        if (!gps.isEmpty()) writeIfd(out, gpsAt, gps);
        int end = gps.isEmpty() ? (exif.isEmpty() ? ifd0End : gpsAt) : gpsAt + size(gps.size(), gps);
        byte[] block = new byte[end];
        out.get(0, block);
        return block;
    }

    private static int size(int entries, List<Tag> tags) {
        int s = 2 + 12 * entries + 4;
        for (Tag t : tags) if (t.value().length > 4) s += (t.value().length + 1) & ~1;
        return s;
    }

    private static void writeIfd(ByteBuffer out, int at, List<Tag> tags) {
        out.position(at);
        out.putShort((short) tags.size());
        int data = at + 2 + 12 * tags.size() + 4;
        for (Tag t : tags) {
            out.putShort((short) t.tag()).putShort((short) t.type()).putInt(t.count());
            if (t.value().length <= 4) {
                byte[] inline = new byte[4];
                System.arraycopy(t.value(), 0, inline, 0, t.value().length);
                out.put(inline);
            } else {
                out.putInt(data);
                out.put(data, t.value());
                data += (t.value().length + 1) & ~1;
            }
        }
        out.putInt(0);
    }

    /** Reads a block with TwelveMonkeys (an independent TIFF parser), sub-IFDs included. */
    static CompoundDirectory read(byte[] tiff) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(tiff))) {
            return (CompoundDirectory) new TIFFReader().read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sub-IFD behind pointer {@code tag} of IFD0 (Exif 0x8769, GPS 0x8825), or null. */
    static Directory sub(CompoundDirectory tiff, int tag) {
        Entry e = tiff.getDirectory(0).getEntryById(tag);
        return e == null ? null : (Directory) e.getValue();
    }

    /** A tag's value as text (ASCII without the trailing NUL, numbers in decimal). */
    static String text(Directory dir, int tag) {
        Entry e = dir == null ? null : dir.getEntryById(tag);
        if (e == null) return null;
        Object v = e.getValue();
        return v instanceof String s ? s.trim() : e.getValueAsString();
    }
}
