package dev.imagehub.image.heif;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.imagehub.image.BadImageException;

/**
 * The items of a HEIF file (ISO/IEC 23008-12) as its {@code meta} box declares them, read without decoding anything:
 * each item's type, its properties ({@code ipco}/{@code ipma}), where its bytes are ({@code iloc}, in the file or in
 * {@code idat}), and how items refer to each other ({@code iref}: the tiles of a grid, the alpha plane, the EXIF of an
 * image). Every offset is checked against the file, so a damaged or truncated file fails with a reason, never with an
 * index error or a large allocation.
 */
final class HeifFile {
    /** One property of an item: its box type and payload (after the box header). */
    record Property(String type, byte[] payload) {
    }

    private record Extent(int method, long offset, long length) {
    }

    private final byte[] b;
    private long primary = -1;
    private final Map<Long, String> types = new LinkedHashMap<>();
    private final Map<Long, String> contentTypes = new HashMap<>();
    private final List<Property> properties = new ArrayList<>();
    private final Map<Long, List<Integer>> associations = new HashMap<>();
    private final Map<Long, List<Extent>> locations = new HashMap<>();
    private final Map<String, Map<Long, List<Long>>> references = new HashMap<>();
    private int idatStart = -1;
    private int idatEnd = -1;
    private long trackSamples;
    private boolean hasMeta;

    private HeifFile(byte[] bytes) {
        this.b = bytes;
    }

    /** Reads the boxes of {@code bytes}; throws with a reason when they cannot be read. */
    static HeifFile parse(byte[] bytes) throws BadImageException {
        HeifFile f = new HeifFile(bytes);
        try {
            f.walk(0, bytes.length, "");
        } catch (IndexOutOfBoundsException e) {
            throw new BadImageException("the HEIF header cannot be read: the file is damaged or truncated (a box runs past the end)", e);
        }
        return f;
    }

    boolean hasMeta() {
        return hasMeta;
    }

    /** The primary item's id, or -1 when the file names none. */
    long primary() {
        return primary;
    }

    /** Frames of an image sequence track ({@code moov}), 0 when there is none. */
    long trackSamples() {
        return trackSamples;
    }

    /** The item's four-letter type ({@code hvc1}, {@code grid}, {@code Exif}, {@code mime}, ...), or null. */
    String type(long item) {
        return types.get(item);
    }

    /** The content type of a {@code mime} item, or null. */
    String contentType(long item) {
        return contentTypes.get(item);
    }

    /** The item's properties, in the order {@code ipma} lists them (the order they apply in). */
    List<Property> properties(long item) {
        List<Property> out = new ArrayList<>();
        for (int index : associations.getOrDefault(item, List.of())) {
            if (index >= 1 && index <= properties.size()) out.add(properties.get(index - 1));
        }
        return out;
    }

    /** The first property of {@code type} of the item, or null. */
    Property property(long item, String type) {
        for (Property p : properties(item)) {
            if (p.type().equals(type)) return p;
        }
        return null;
    }

    /** Items that {@code from} refers to by a reference of {@code type} ({@code dimg}: a grid's tiles, in order). */
    List<Long> referencesFrom(long from, String type) {
        return references.getOrDefault(type, Map.of()).getOrDefault(from, List.of());
    }

    /** Items that refer to {@code to} by a reference of {@code type} ({@code cdsc}: its metadata; {@code auxl}: its auxiliary images). */
    List<Long> referencesTo(long to, String type) {
        List<Long> out = new ArrayList<>();
        for (Map.Entry<Long, List<Long>> e : references.getOrDefault(type, Map.of()).entrySet()) {
            if (e.getValue().contains(to)) out.add(e.getKey());
        }
        return out;
    }

    /** How many bytes the item's data holds, from {@code iloc}, without reading it. */
    long dataLength(long item) {
        long n = 0;
        for (Extent e : locations.getOrDefault(item, List.of())) n += e.length();
        return n;
    }

    /**
     * The item's bytes. Throws when the file holds no location for it or the data lies beyond the end of the file (a
     * truncated download), naming {@code what}.
     */
    byte[] data(long item, String what) throws BadImageException {
        List<Extent> extents = locations.get(item);
        if (extents == null || extents.isEmpty()) {
            throw new BadImageException("the HEIF file is damaged: " + what + " (item " + item + ") has no data");
        }
        long total = dataLength(item);
        if (total > b.length) throw new BadImageException("the HEIF file is truncated: " + what + " lies beyond the end of the file");
        byte[] out = new byte[(int) total];
        int at = 0;
        for (Extent e : extents) {
            long start;
            long limit;
            if (e.method() == 1) {
                if (idatStart < 0) throw new BadImageException("the HEIF file is damaged: " + what + " points into a missing idat box");
                start = idatStart + e.offset();
                limit = idatEnd;
            } else if (e.method() == 0) {
                start = e.offset();
                limit = b.length;
            } else {
                throw new BadImageException("the HEIF file stores " + what + " by reference to another item, which is not supported");
            }
            if (start < 0 || e.length() < 0 || start + e.length() > limit) {
                throw new BadImageException("the HEIF file is truncated: " + what + " lies beyond the end of the file "
                        + "(an interrupted copy or upload?)");
            }
            System.arraycopy(b, (int) start, out, at, (int) e.length());
            at += (int) e.length();
        }
        return out;
    }

    // Walks sibling boxes in [start, end); recurses into the containers that lead to what we read.
    private void walk(int start, int end, String parent) throws BadImageException {
        int pos = start;
        while (pos + 8 <= end) {
            long size = u32(pos);
            String type = ascii(pos + 4, 4);
            int header = 8;
            if (size == 1) {
                size = u64(pos + 8);
                header = 16;
            } else if (size == 0) {
                size = end - pos;
            }
            if (size < header || pos + size > end) {
                if (type.equals("mdat")) return;   // coded data cut short: each item's read says so
                throw new BadImageException("the HEIF header cannot be read: the '" + type + "' box runs past the end of the file "
                        + "(the file is truncated or damaged)");
            }
            box(type, pos + header, (int) (pos + size));
            pos = (int) (pos + size);
        }
    }

    private void box(String type, int body, int end) throws BadImageException {
        switch (type) {
            case "meta" -> {
                hasMeta = true;
                walk(body + 4, end, "meta");
            }
            case "iprp", "moov", "trak", "mdia", "minf", "stbl" -> walk(body, end, type);
            case "ipco" -> walkProperties(body, end);
            case "pitm" -> primary = version(body) == 0 ? u16(body + 4) : u32(body + 4);
            case "iinf" -> walk(body + 4 + (version(body) == 0 ? 2 : 4), end, "iinf");
            case "infe" -> infe(body, end);
            case "ipma" -> ipma(body, end);
            case "iloc" -> iloc(body, end);
            case "iref" -> iref(body, end);
            case "idat" -> {
                idatStart = body;
                idatEnd = end;
            }
            case "stsz" -> trackSamples = Math.max(trackSamples, u32(body + 8));
            default -> { }
        }
    }

    private void walkProperties(int start, int end) throws BadImageException {
        int pos = start;
        while (pos + 8 <= end) {
            long size = u32(pos);
            if (size < 8 || pos + size > end) throw new BadImageException("the HEIF header cannot be read: a property box is damaged");
            properties.add(new Property(ascii(pos + 4, 4), Arrays.copyOfRange(b, pos + 8, (int) (pos + size))));
            pos += (int) size;
        }
    }

    private void infe(int body, int end) {
        int version = version(body);
        if (version < 2) return;
        long id = version == 2 ? u16(body + 4) : u32(body + 4);
        int at = body + 4 + (version == 2 ? 2 : 4) + 2;
        String type = ascii(at, 4);
        types.put(id, type);
        if (type.equals("mime")) {
            int nameEnd = zero(at + 4, end);
            int contentEnd = zero(nameEnd + 1, end);
            if (contentEnd > nameEnd + 1) contentTypes.put(id, new String(b, nameEnd + 1, contentEnd - nameEnd - 1, StandardCharsets.US_ASCII));
        }
    }

    private int zero(int from, int end) {
        int i = from;
        while (i < end && b[i] != 0) i++;
        return i;
    }

    private void ipma(int body, int end) {
        int version = version(body);
        boolean wide = (b[body + 3] & 1) != 0;
        long count = u32(body + 4);
        int pos = body + 8;
        for (long i = 0; i < count && pos < end; i++) {
            long item = version < 1 ? u16(pos) : u32(pos);
            pos += version < 1 ? 2 : 4;
            int n = b[pos++] & 0xFF;
            List<Integer> list = associations.computeIfAbsent(item, k -> new ArrayList<>());
            for (int j = 0; j < n; j++) {
                int raw = wide ? (int) u16(pos) : b[pos] & 0xFF;
                pos += wide ? 2 : 1;
                list.add(raw & (wide ? 0x7FFF : 0x7F));
            }
        }
    }

    private void iloc(int body, int end) throws BadImageException {
        int version = version(body);
        int sizes = (int) u16(body + 4);
        int offsetSize = sizes >> 12;
        int lengthSize = (sizes >> 8) & 15;
        int baseSize = (sizes >> 4) & 15;
        int indexSize = version >= 1 ? sizes & 15 : 0;
        int pos = body + 6;
        long count = version < 2 ? u16(pos) : u32(pos);
        pos += version < 2 ? 2 : 4;
        for (long i = 0; i < count; i++) {
            if (pos >= end) throw new BadImageException("the HEIF header cannot be read: the item locations (iloc) are damaged");
            long item = version < 2 ? u16(pos) : u32(pos);
            pos += version < 2 ? 2 : 4;
            int method = 0;
            if (version >= 1) {
                method = (int) (u16(pos) & 15);
                pos += 2;
            }
            pos += 2;   // data reference index: 0, this file
            long base = uint(pos, baseSize);
            pos += baseSize;
            int extents = (int) u16(pos);
            pos += 2;
            List<Extent> list = new ArrayList<>();
            for (int e = 0; e < extents; e++) {
                pos += indexSize;
                long offset = uint(pos, offsetSize);
                pos += offsetSize;
                long length = uint(pos, lengthSize);
                pos += lengthSize;
                list.add(new Extent(method, base + offset, length));
            }
            locations.put(item, list);
        }
    }

    private void iref(int body, int end) {
        boolean wide = version(body) != 0;
        int pos = body + 4;
        while (pos + 8 <= end) {
            long size = u32(pos);
            if (size < 8 || pos + size > end) return;
            String type = ascii(pos + 4, 4);
            int at = pos + 8;
            long from = wide ? u32(at) : u16(at);
            at += wide ? 4 : 2;
            int n = (int) u16(at);
            at += 2;
            List<Long> to = references.computeIfAbsent(type, k -> new HashMap<>()).computeIfAbsent(from, k -> new ArrayList<>());
            for (int i = 0; i < n && at < pos + size; i++) {
                to.add(wide ? u32(at) : u16(at));
                at += wide ? 4 : 2;
            }
            pos += (int) size;
        }
    }

    private int version(int body) {
        return b[body] & 0xFF;
    }

    private String ascii(int at, int n) {
        return new String(b, at, n, StandardCharsets.ISO_8859_1);
    }

    private long uint(int at, int size) {
        return switch (size) {
            case 0 -> 0;
            case 4 -> u32(at);
            case 8 -> u64(at);
            default -> {
                long v = 0;
                for (int i = 0; i < size; i++) v = (v << 8) | (b[at + i] & 0xFFL);
                yield v;
            }
        };
    }

    private long u16(int at) {
        return ((b[at] & 0xFFL) << 8) | (b[at + 1] & 0xFFL);
    }

    private long u32(int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFFL) << 16) | ((b[at + 2] & 0xFFL) << 8) | (b[at + 3] & 0xFFL);
    }

    private long u64(int at) {
        return (u32(at) << 32) | u32(at + 4);
    }
}
