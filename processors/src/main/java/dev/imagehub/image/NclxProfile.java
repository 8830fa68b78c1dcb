package dev.imagehub.image;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An ICC profile for colour given as ITU-T H.273 code points (a HEIF {@code nclx} box), so that such a picture is
 * converted to sRGB by the same colour management as a JPEG with an embedded profile. The profile is a v4 matrix/TRC
 * display profile: the primaries' colorants adapted to D50 with Bradford (its {@code chad} tag), and a parametric
 * tone curve. Code points that already mean sRGB give no profile at all.
 */
public final class NclxProfile {
    private static final double[] D65 = {0.3127, 0.3290};
    private static final double[] D50_XYZ = {0.9642, 1.0, 0.8249};
    private static final double[][] BRADFORD = {{0.8951, 0.2664, -0.1614}, {-0.7502, 1.7135, 0.0367}, {0.0389, -0.0685, 1.0296}};

    private NclxProfile() {
    }

    /** Primaries of H.273 table 2 (red, green, blue, white as CIE xy), with the name the profile is given. */
    private record Primaries(String name, double[] red, double[] green, double[] blue, double[] white) {
    }

    /**
     * The profile for {@code primaries} and {@code transfer} (H.273 code points), or null when they mean sRGB, are
     * unspecified, or are unknown (then the pixels are taken as sRGB, as browsers and libheif do).
     */
    public static byte[] forCodePoints(int primaries, int transfer) {
        Primaries p = primaries(primaries);
        double[] curve = curve(transfer);
        boolean srgbCurve = curve == SRGB_CURVE;
        if ((p == null || primaries == 1) && srgbCurve) return null;
        if (p == null) p = primaries(1);
        String name = p.name() + (srgbCurve ? "" : ", " + curveName(transfer));
        return build(name, p, curve);
    }

    private static Primaries primaries(int code) {
        return switch (code) {
            case 1 -> new Primaries("sRGB (BT.709)", xy(0.640, 0.330), xy(0.300, 0.600), xy(0.150, 0.060), D65);
            case 5 -> new Primaries("BT.601 625-line", xy(0.640, 0.330), xy(0.290, 0.600), xy(0.150, 0.060), D65);
            case 6, 7 -> new Primaries("BT.601 525-line", xy(0.630, 0.340), xy(0.310, 0.595), xy(0.155, 0.070), D65);
            case 9 -> new Primaries("BT.2020", xy(0.708, 0.292), xy(0.170, 0.797), xy(0.131, 0.046), D65);
            case 11 -> new Primaries("DCI-P3", xy(0.680, 0.320), xy(0.265, 0.690), xy(0.150, 0.060), xy(0.314, 0.351));
            case 12 -> new Primaries("Display P3", xy(0.680, 0.320), xy(0.265, 0.690), xy(0.150, 0.060), D65);
            default -> null;
        };
    }

    // parametric curve type 3 of ICC.1 10.18 (g, a, b, c, d): sRGB's
    private static final double[] SRGB_CURVE = {2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045};

    // BT.709-family transfers (1, 6, 14, 15) are shown with the sRGB curve, as browsers show them; PQ (16) and HLG (18)
    // are not tone-mapped (they too fall back to sRGB, see docs/codecs.md)
    private static double[] curve(int code) {
        return switch (code) {
            case 4 -> new double[] {2.2};
            case 5 -> new double[] {2.8};
            case 8 -> new double[] {1.0};
            default -> SRGB_CURVE;
        };
    }

    private static String curveName(int code) {
        return switch (code) {
            case 4 -> "gamma 2.2";
            case 5 -> "gamma 2.8";
            case 8 -> "linear";
            default -> "sRGB curve";
        };
    }

    private static double[] xy(double x, double y) {
        return new double[] {x, y};
    }

    private static double[] xyz(double[] xy) {
        return new double[] {xy[0] / xy[1], 1.0, (1 - xy[0] - xy[1]) / xy[1]};
    }

    private static byte[] build(String name, Primaries p, double[] curve) {
        double[][] rgbToXyz = rgbToXyz(p);
        double[][] chad = adaptation(xyz(p.white()), D50_XYZ);
        double[][] adapted = multiply(chad, rgbToXyz);
        List<Tag> tags = new ArrayList<>();
        tags.add(new Tag("desc", mluc("nclx " + name)));
        tags.add(new Tag("cprt", mluc("No copyright, use freely")));
        tags.add(new Tag("wtpt", xyzType(D50_XYZ)));
        tags.add(new Tag("chad", sf32(chad)));
        String[] colorants = {"rXYZ", "gXYZ", "bXYZ"};
        for (int c = 0; c < 3; c++) tags.add(new Tag(colorants[c], xyzType(new double[] {adapted[0][c], adapted[1][c], adapted[2][c]})));
        byte[] trc = para(curve);
        for (String t : new String[] {"rTRC", "gTRC", "bTRC"}) tags.add(new Tag(t, trc));
        return assemble(tags);
    }

    private record Tag(String signature, byte[] data) {
    }

    private static byte[] assemble(List<Tag> tags) {
        int tableEnd = 128 + 4 + 12 * tags.size();
        int size = tableEnd;
        for (Tag t : tags) size += pad4(t.data().length);
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putInt(size).putInt(0).putInt(0x04300000).put(ascii("mntr")).put(ascii("RGB ")).put(ascii("XYZ "));
        b.putShort((short) 2026).putShort((short) 1).putShort((short) 1).putShort((short) 0).putShort((short) 0).putShort((short) 0);
        b.put(ascii("acsp")).putInt(0).putInt(0).putInt(0).putInt(0).putLong(0).putInt(0);   // platform .. rendering intent
        for (double v : D50_XYZ) b.putInt(s15f16(v));
        b.position(128).putInt(tags.size());
        int offset = tableEnd;
        for (Tag t : tags) {
            b.put(ascii(t.signature())).putInt(offset).putInt(t.data().length);
            offset += pad4(t.data().length);
        }
        for (Tag t : tags) {
            b.put(t.data());
            b.position(b.position() + pad4(t.data().length) - t.data().length);
        }
        return b.array();
    }

    private static byte[] mluc(String text) {
        byte[] utf16 = text.getBytes(StandardCharsets.UTF_16BE);
        return ByteBuffer.allocate(28 + utf16.length).put(ascii("mluc")).putInt(0).putInt(1).putInt(12)
                .put(ascii("enUS")).putInt(utf16.length).putInt(28).put(utf16).array();
    }

    private static byte[] xyzType(double[] xyz) {
        ByteBuffer b = ByteBuffer.allocate(20).put(ascii("XYZ ")).putInt(0);
        for (double v : xyz) b.putInt(s15f16(v));
        return b.array();
    }

    private static byte[] sf32(double[][] m) {
        ByteBuffer b = ByteBuffer.allocate(44).put(ascii("sf32")).putInt(0);
        for (double[] row : m) for (double v : row) b.putInt(s15f16(v));
        return b.array();
    }

    private static byte[] para(double[] params) {
        int type = params.length == 1 ? 0 : 3;
        ByteBuffer b = ByteBuffer.allocate(12 + 4 * params.length).put(ascii("para")).putInt(0).putShort((short) type).putShort((short) 0);
        for (double v : params) b.putInt(s15f16(v));
        return b.array();
    }

    private static int s15f16(double v) {
        return (int) Math.round(v * 65536);
    }

    private static int pad4(int n) {
        return (n + 3) & ~3;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    // the RGB -> XYZ matrix of a set of primaries (columns: the colorants scaled so that RGB 1,1,1 is the white)
    private static double[][] rgbToXyz(Primaries p) {
        double[] r = xyz(p.red()), g = xyz(p.green()), bl = xyz(p.blue());
        double[][] m = {{r[0], g[0], bl[0]}, {r[1], g[1], bl[1]}, {r[2], g[2], bl[2]}};
        double[] s = apply(invert(m), xyz(p.white()));
        double[][] out = new double[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) out[i][j] = m[i][j] * s[j];
        return out;
    }

    // Bradford chromatic adaptation from one white (XYZ) to another
    private static double[][] adaptation(double[] from, double[] to) {
        double[] a = apply(BRADFORD, from), b = apply(BRADFORD, to);
        double[][] scale = {{b[0] / a[0], 0, 0}, {0, b[1] / a[1], 0}, {0, 0, b[2] / a[2]}};
        return multiply(invert(BRADFORD), multiply(scale, BRADFORD));
    }

    private static double[] apply(double[][] m, double[] v) {
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) out[i] = m[i][0] * v[0] + m[i][1] * v[1] + m[i][2] * v[2];
        return out;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        double[][] out = new double[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++) out[i][j] += a[i][k] * b[k][j];
        return out;
    }

    private static double[][] invert(double[][] m) {
        double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
        if (Math.abs(det) < 1e-12) throw new IllegalArgumentException(String.format(Locale.ROOT, "singular matrix (det %.3g)", det));
        double[][] inv = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                int i1 = (j + 1) % 3, i2 = (j + 2) % 3, j1 = (i + 1) % 3, j2 = (i + 2) % 3;
                inv[i][j] = (m[i1][j1] * m[i2][j2] - m[i1][j2] * m[i2][j1]) / det;
            }
        }
        return inv;
    }
}
