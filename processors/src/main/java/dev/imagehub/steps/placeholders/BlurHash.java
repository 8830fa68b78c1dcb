package dev.imagehub.steps.placeholders;

/**
 * BlurHash encoding (https://blurha.sh), a port of the reference C encoder of woltapp/blurhash: the picture's
 * cosine components in linear light, the DC as an sRGB colour, the AC quantised against their maximum, all in base 83.
 * Written here because the one Java library on Maven Central (io.trbl:blurhash 1.0.0, 2019) is unmaintained; the tests
 * compare it with the reference implementation's published encodings.
 */
public final class BlurHash {
    private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";
    private static final double[] TO_LINEAR = new double[256];

    static {
        for (int i = 0; i < 256; i++) {
            double v = i / 255.0;
            TO_LINEAR[i] = v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
    }

    private BlurHash() {
    }

    /**
     * The BlurHash of {@code rgb} (3 bytes per pixel, R G B, rows of {@code width} pixels) with {@code xComponents}
     * by {@code yComponents} components, each 1 to 9.
     */
    public static String encode(byte[] rgb, int width, int height, int xComponents, int yComponents) {
        if (xComponents < 1 || xComponents > 9 || yComponents < 1 || yComponents > 9) {
            throw new IllegalArgumentException("BlurHash components must be 1 to 9 each, were " + xComponents + "x" + yComponents);
        }
        if (width < 1 || height < 1 || rgb.length < width * height * 3) {
            throw new IllegalArgumentException("BlurHash needs " + width + "x" + height + " RGB pixels, got " + rgb.length + " bytes");
        }
        double[][] factors = new double[xComponents * yComponents][];
        double[] linear = new double[width * height * 3];
        for (int i = 0; i < linear.length; i++) linear[i] = TO_LINEAR[rgb[i] & 0xFF];
        for (int y = 0; y < yComponents; y++) {
            for (int x = 0; x < xComponents; x++) factors[y * xComponents + x] = basis(x, y, width, height, linear);
        }
        StringBuilder hash = new StringBuilder(4 + 2 * factors.length);
        base83((xComponents - 1) + (yComponents - 1) * 9, 1, hash);
        double maximum;
        if (factors.length > 1) {
            double actual = 0;
            for (int i = 1; i < factors.length; i++) for (double v : factors[i]) actual = Math.max(actual, Math.abs(v));
            int quantised = (int) Math.max(0, Math.min(82, Math.floor(actual * 166 - 0.5)));
            maximum = (quantised + 1) / 166.0;
            base83(quantised, 1, hash);
        } else {
            maximum = 1;
            base83(0, 1, hash);
        }
        double[] dc = factors[0];
        base83((toSrgb(dc[0]) << 16) + (toSrgb(dc[1]) << 8) + toSrgb(dc[2]), 4, hash);
        for (int i = 1; i < factors.length; i++) {
            double[] ac = factors[i];
            base83(quantise(ac[0], maximum) * 19 * 19 + quantise(ac[1], maximum) * 19 + quantise(ac[2], maximum), 2, hash);
        }
        return hash.toString();
    }

    private static double[] basis(int xc, int yc, int width, int height, double[] linear) {
        double[] cosX = new double[width];
        double[] cosY = new double[height];
        for (int x = 0; x < width; x++) cosX[x] = Math.cos(Math.PI * xc * x / width);
        for (int y = 0; y < height; y++) cosY[y] = Math.cos(Math.PI * yc * y / height);
        double r = 0, g = 0, b = 0;
        for (int y = 0; y < height; y++) {
            int row = y * width * 3;
            for (int x = 0; x < width; x++) {
                double f = cosX[x] * cosY[y];
                int p = row + x * 3;
                r += f * linear[p];
                g += f * linear[p + 1];
                b += f * linear[p + 2];
            }
        }
        double scale = (xc == 0 && yc == 0 ? 1.0 : 2.0) / ((double) width * height);
        return new double[] {r * scale, g * scale, b * scale};
    }

    private static int quantise(double value, double maximum) {
        double v = value / maximum;
        double signPow = Math.copySign(Math.sqrt(Math.abs(v)), v);
        return (int) Math.max(0, Math.min(18, Math.floor(signPow * 9 + 9.5)));
    }

    private static int toSrgb(double linear) {
        double v = Math.max(0, Math.min(1, linear));
        return v <= 0.0031308 ? (int) (v * 12.92 * 255 + 0.5) : (int) ((1.055 * Math.pow(v, 1 / 2.4) - 0.055) * 255 + 0.5);
    }

    private static void base83(int value, int length, StringBuilder out) {
        int divisor = 1;
        for (int i = 1; i < length; i++) divisor *= 83;
        for (int i = 0; i < length; i++) {
            out.append(DIGITS.charAt((value / divisor) % 83));
            divisor /= 83;
        }
    }
}
