package dev.imagehub.steps.placeholders;

import java.io.IOException;
import java.util.Base64;
import java.util.Locale;

import org.bytedeco.opencv.opencv_core.Mat;

import dev.imagehub.image.EncodeSettings;
import dev.imagehub.image.ImageEncoder;
import dev.imagehub.image.ImageFormat;
import dev.imagehub.image.Resampler;
import dev.imagehub.image.WorkingImage;

/**
 * Makes a {@link Placeholder} from the final pixels. BlurHash and the dominant colour are computed on a copy fitted
 * into 64 px (a BlurHash has at most 9x9 cosine components, so more pixels change nothing a viewer can see) with
 * transparency over white, as a page's background usually is; the LQIP keeps transparency when it is WebP.
 */
public final class PlaceholderMaker {
    private static final int SAMPLE = 64;

    private PlaceholderMaker() {
    }

    /** The placeholder of {@code image}: {@code xComponents} x {@code yComponents}, an LQIP {@code lqipWidth} wide. */
    public static Placeholder make(WorkingImage image, int xComponents, int yComponents, int lqipWidth, ImageFormat lqipFormat,
                                   int lqipQuality) throws IOException {
        int w = image.width();
        int h = image.height();
        double scale = Math.min(1.0, (double) SAMPLE / Math.max(w, h));
        int sw = Math.max(1, (int) Math.round(w * scale));
        int sh = Math.max(1, (int) Math.round(h * scale));
        byte[] rgb;
        try (Mat small = Resampler.resize(image.mat(), sw, sh)) {
            rgb = rgbOverWhite(small);
        }
        String hash = BlurHash.encode(rgb, sw, sh, xComponents, yComponents);
        String dominant = dominantColour(rgb);

        int lw = Math.min(lqipWidth, w);
        int lh = Math.max(1, (int) Math.round((double) h * lw / w));
        byte[] preview;
        try (WorkingImage lqip = new WorkingImage(Resampler.resize(image.mat(), lw, lh))) {
            EncodeSettings s = new EncodeSettings();
            s.quality(lqipQuality);
            preview = ImageEncoder.encode(lqip, lqipFormat, s, null, null);
        }
        String uri = "data:" + lqipFormat.mimeType() + ";base64," + Base64.getEncoder().encodeToString(preview);
        return new Placeholder(w, h, dominant, hash, xComponents + "x" + yComponents, uri, preview.length);
    }

    // RGB bytes (R G B order) of a BGR or BGRA Mat, transparent pixels composed over white
    private static byte[] rgbOverWhite(Mat m) {
        int n = m.cols() * m.rows();
        int c = m.channels();
        byte[] px = new byte[n * c];
        if (m.isContinuous()) {
            m.data().get(px);
        } else {
            try (Mat copy = m.clone()) {
                copy.data().get(px);
            }
        }
        byte[] rgb = new byte[n * 3];
        for (int i = 0; i < n; i++) {
            int b = px[i * c] & 0xFF, g = c > 1 ? px[i * c + 1] & 0xFF : b, r = c > 2 ? px[i * c + 2] & 0xFF : b;
            if (c == 4) {
                int a = px[i * c + 3] & 0xFF;
                r = (r * a + 255 * (255 - a) + 127) / 255;
                g = (g * a + 255 * (255 - a) + 127) / 255;
                b = (b * a + 255 * (255 - a) + 127) / 255;
            }
            rgb[i * 3] = (byte) r;
            rgb[i * 3 + 1] = (byte) g;
            rgb[i * 3 + 2] = (byte) b;
        }
        return rgb;
    }

    /**
     * The colour most of the picture has, not its average (a red boat on a blue lake is blue, not purple): colours are
     * grouped into 4096 boxes (4 bits a channel), and the mean of the fullest box is taken.
     */
    static String dominantColour(byte[] rgb) {
        int[] count = new int[4096];
        long[][] sum = new long[4096][3];
        for (int i = 0; i < rgb.length; i += 3) {
            int r = rgb[i] & 0xFF, g = rgb[i + 1] & 0xFF, b = rgb[i + 2] & 0xFF;
            int box = (r >> 4) << 8 | (g >> 4) << 4 | (b >> 4);
            count[box]++;
            sum[box][0] += r;
            sum[box][1] += g;
            sum[box][2] += b;
        }
        int best = 0;
        for (int k = 1; k < count.length; k++) if (count[k] > count[best]) best = k;
        int n = Math.max(1, count[best]);
        return String.format(Locale.ROOT, "#%02x%02x%02x", sum[best][0] / n, sum[best][1] / n, sum[best][2] / n);
    }
}
