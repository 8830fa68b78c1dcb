package dev.imagehub.image;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an AVIF file declares about its primary image, read from the ISO-BMFF boxes without decoding anything: the
 * size ({@code ispe}), rotation and mirroring ({@code irot}/{@code imir}, as an EXIF orientation), an embedded ICC
 * profile ({@code colr}), whether an alpha plane is attached, whether the image is a tile grid, and how many frames
 * an image sequence ({@code avis}) holds. The size lets the megapixel limit apply before a single pixel is decoded.
 *
 * @param width       stored width of the primary image
 * @param height      stored height
 * @param orientation EXIF orientation (1..8) equivalent to the irot/imir transforms
 * @param icc         embedded ICC profile, or null
 * @param alpha       whether an auxiliary alpha image belongs to the primary image
 * @param grid        whether the primary image is a grid of separately coded tiles
 * @param frames      frames of the image sequence track (0 when the file has none)
 */
public record AvifHeader(int width, int height, int orientation, byte[] icc, boolean alpha, boolean grid, long frames) {
    private static final String ALPHA_URN = "urn:mpeg:mpegB:cicp:systems:auxiliary:alpha";
    private static final String ALPHA_URN_HEVC = "urn:mpeg:hevc:2015:auxid:1";

    /** Parses the header boxes; throws with a reason when the file is not a readable AVIF. */
    public static AvifHeader parse(byte[] bytes) throws BadImageException {
        try {
            return new Parser(bytes).parse();
        } catch (IndexOutOfBoundsException e) {
            throw new BadImageException("the AVIF header cannot be read: the file is damaged or truncated (a box runs past the end)", e);
        }
    }

    /**
     * The EXIF orientation showing the stored pixels the way irot (counter-clockwise quarter turns) then imir show them;
     * the same boxes in HEIF.
     */
    public static int orientation(int quarterTurnsCcw, int mirrorAxis) {
        // MIAF fixes the order: rotate first, then mirror. ISO/IEC 23008-12:2022 6.5.12: axis 0 exchanges the top and
        // bottom (EXIF 4), axis 1 the left and right (EXIF 2), as libheif and libavif read it
        return switch (quarterTurnsCcw & 3) {
            case 0 -> mirrorAxis < 0 ? 1 : mirrorAxis == 0 ? 4 : 2;
            case 1 -> mirrorAxis < 0 ? 8 : mirrorAxis == 0 ? 5 : 7;
            case 2 -> mirrorAxis < 0 ? 3 : mirrorAxis == 0 ? 2 : 4;
            default -> mirrorAxis < 0 ? 6 : mirrorAxis == 0 ? 7 : 5;
        };
    }

    private static final class Parser {
        private final byte[] b;
        private long primary = -1;
        private final Map<Long, String> itemTypes = new HashMap<>();
        private final List<byte[]> properties = new ArrayList<>();
        private final List<String> propertyTypes = new ArrayList<>();
        private final Map<Long, List<Integer>> associations = new HashMap<>();
        private final Map<Long, List<Long>> auxiliaryOf = new HashMap<>();
        private int trackWidth;
        private int trackHeight;
        private long samples;

        Parser(byte[] bytes) {
            this.b = bytes;
        }

        AvifHeader parse() throws BadImageException {
            walk(0, b.length, "");
            if (primary < 0 || !associations.containsKey(primary)) {
                if (trackWidth > 0 && trackHeight > 0) return new AvifHeader(trackWidth, trackHeight, 1, null, false, false, samples);
                throw new BadImageException("the AVIF file has no primary image (no pitm/ipma boxes): it is damaged or not a still AVIF");
            }
            int width = 0;
            int height = 0;
            int turns = 0;
            int axis = -1;
            byte[] icc = null;
            for (int index : associations.get(primary)) {
                if (index < 1 || index > properties.size()) continue;
                byte[] p = properties.get(index - 1);
                switch (propertyTypes.get(index - 1)) {
                    case "ispe" -> {
                        width = (int) u32(p, 4);
                        height = (int) u32(p, 8);
                    }
                    case "irot" -> turns = p[0] & 3;
                    case "imir" -> axis = p[0] & 1;
                    case "colr" -> {
                        String type = new String(p, 0, 4, StandardCharsets.ISO_8859_1);
                        if (type.equals("prof") || type.equals("rICC")) icc = java.util.Arrays.copyOfRange(p, 4, p.length);
                    }
                    default -> { }
                }
            }
            if (width <= 0 || height <= 0) {
                throw new BadImageException(String.format(Locale.ROOT, "the AVIF header declares no usable size (%dx%d): the file is damaged", width, height));
            }
            boolean alpha = false;
            for (Map.Entry<Long, List<Long>> aux : auxiliaryOf.entrySet()) {
                if (aux.getValue().contains(primary) && isAlpha(aux.getKey())) alpha = true;
            }
            return new AvifHeader(width, height, orientation(turns, axis), icc, alpha, "grid".equals(itemTypes.get(primary)), samples);
        }

        private boolean isAlpha(long item) {
            for (int index : associations.getOrDefault(item, List.of())) {
                if (index < 1 || index > properties.size() || !propertyTypes.get(index - 1).equals("auxC")) continue;
                byte[] p = properties.get(index - 1);
                int end = 4;
                while (end < p.length && p[end] != 0) end++;
                String urn = new String(p, 4, end - 4, StandardCharsets.US_ASCII);
                if (urn.equals(ALPHA_URN) || urn.equals(ALPHA_URN_HEVC)) return true;
            }
            return false;
        }

        // Walks sibling boxes in [start, end); recurses into the containers that lead to what we read.
        private void walk(int start, int end, String parent) throws BadImageException {
            int pos = start;
            while (pos + 8 <= end) {
                long size = u32(b, pos);
                String type = new String(b, pos + 4, 4, StandardCharsets.ISO_8859_1);
                int header = 8;
                if (size == 1) {
                    size = u64(b, pos + 8);
                    header = 16;
                } else if (size == 0) {
                    size = end - pos;
                }
                if (size < header || pos + size > end) {
                    if (type.equals("mdat")) return;   // the pixel data may be cut: that is the decoder's business
                    throw new BadImageException("the AVIF header cannot be read: the '" + type + "' box runs past the end of the file");
                }
                int body = pos + header;
                int next = (int) (pos + size);
                box(parent, type, body, next);
                pos = next;
            }
        }

        private void box(String parent, String type, int body, int end) throws BadImageException {
            switch (type) {
                case "meta" -> walk(body + 4, end, "meta");
                case "iprp", "moov", "mdia", "minf", "stbl" -> walk(body, end, type);
                case "trak" -> walk(body, end, "trak");
                case "ipco" -> walkProperties(body, end);
                case "pitm" -> primary = (b[body] & 0xFF) == 0 ? u16(b, body + 4) : u32(b, body + 4);
                case "iinf" -> walk(body + 4 + ((b[body] & 0xFF) == 0 ? 2 : 4), end, "iinf");
                case "infe" -> infe(body);
                case "ipma" -> ipma(body);
                case "iref" -> iref(body, end);
                case "tkhd" -> tkhd(body);
                case "stsz" -> samples = Math.max(samples, u32(b, body + 8));
                default -> { }
            }
        }

        private void walkProperties(int start, int end) throws BadImageException {
            int pos = start;
            while (pos + 8 <= end) {
                long size = u32(b, pos);
                if (size < 8 || pos + size > end) throw new BadImageException("the AVIF header cannot be read: a property box is damaged");
                propertyTypes.add(new String(b, pos + 4, 4, StandardCharsets.ISO_8859_1));
                properties.add(java.util.Arrays.copyOfRange(b, pos + 8, (int) (pos + size)));
                pos += (int) size;
            }
        }

        private void infe(int body) {
            int version = b[body] & 0xFF;
            if (version < 2) return;
            long id = version == 2 ? u16(b, body + 4) : u32(b, body + 4);
            int at = body + 4 + (version == 2 ? 2 : 4) + 2;
            itemTypes.put(id, new String(b, at, 4, StandardCharsets.ISO_8859_1));
        }

        private void ipma(int body) {
            int version = b[body] & 0xFF;
            boolean wide = (b[body + 3] & 1) != 0;
            long count = u32(b, body + 4);
            int pos = body + 8;
            for (long i = 0; i < count; i++) {
                long item = version < 1 ? u16(b, pos) : u32(b, pos);
                pos += version < 1 ? 2 : 4;
                int n = b[pos++] & 0xFF;
                List<Integer> list = associations.computeIfAbsent(item, k -> new ArrayList<>());
                for (int j = 0; j < n; j++) {
                    if (wide) {
                        list.add((int) (u16(b, pos) & 0x7FFF));
                        pos += 2;
                    } else {
                        list.add(b[pos++] & 0x7F);
                    }
                }
            }
        }

        private void iref(int body, int end) {
            boolean wide = (b[body] & 0xFF) != 0;
            int pos = body + 4;
            while (pos + 8 <= end) {
                long size = u32(b, pos);
                if (size < 8 || pos + size > end) return;
                String type = new String(b, pos + 4, 4, StandardCharsets.ISO_8859_1);
                int at = pos + 8;
                long from = wide ? u32(b, at) : u16(b, at);
                at += wide ? 4 : 2;
                int n = (int) u16(b, at);
                at += 2;
                if (type.equals("auxl")) {
                    List<Long> to = auxiliaryOf.computeIfAbsent(from, k -> new ArrayList<>());
                    for (int i = 0; i < n; i++) {
                        to.add(wide ? u32(b, at) : u16(b, at));
                        at += wide ? 4 : 2;
                    }
                }
                pos += (int) size;
            }
        }

        private void tkhd(int body) {
            int version = b[body] & 0xFF;
            int at = body + (version == 1 ? 88 : 76);
            if (trackWidth == 0) {
                trackWidth = (int) (u32(b, at) >>> 16);
                trackHeight = (int) (u32(b, at + 4) >>> 16);
            }
        }
    }

    private static long u16(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 8) | (b[at + 1] & 0xFFL);
    }

    private static long u32(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFFL) << 16) | ((b[at + 2] & 0xFFL) << 8) | (b[at + 3] & 0xFFL);
    }

    private static long u64(byte[] b, int at) {
        return (u32(b, at) << 32) | u32(b, at + 4);
    }
}
