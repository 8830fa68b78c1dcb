package dev.imagehub.image;

import java.awt.color.CMMException;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

import static org.bytedeco.opencv.global.opencv_core.extractChannel;
import static org.bytedeco.opencv.global.opencv_core.insertChannel;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2BGRA;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * Colour profiles with the JDK's colour management (LittleCMS): recognises sRGB-equivalent profiles, converts final
 * pixels from an embedded RGB profile (Display P3, Adobe RGB, ...) to sRGB, and decodes CMYK JPEGs through their
 * embedded profile. Parsed profiles and the sRGB verdict are cached per profile, so a batch from one camera pays once.
 */
public final class ColorManagement {
    private static final int CACHE_SIZE = 32;
    // A profile is treated as sRGB when a 6x6x6 grid of colours moves by at most this many levels through it.
    private static final int SRGB_TOLERANCE = 2;
    private static final Map<String, Parsed> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Parsed> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    // The transform to sRGB is built once per profile and thread: building it costs more (about 6 ms) than converting
    // a 1 MP output, and a ColorConvertOp keeps mutable state, so threads do not share one.
    private record Parsed(ICC_Profile profile, boolean srgb, ThreadLocal<ColorConvertOp> toSrgb) {
        Parsed(ICC_Profile profile, boolean srgb) {
            this(profile, srgb, ThreadLocal.withInitial(
                    () -> new ColorConvertOp(new ICC_Profile[] {profile, ICC_Profile.getInstance(ColorSpace.CS_sRGB)}, null)));
        }
    }

    private ColorManagement() {
    }

    /** The colour space an ICC profile describes, from its header ("RGB ", "CMYK", "GRAY", ...), or "" when unreadable. */
    public static String space(byte[] icc) {
        if (icc == null || icc.length < 20) return "";
        return new String(icc, 16, 4, StandardCharsets.US_ASCII);
    }

    /** The profile's description ("Display P3", "sRGB IEC61966-2.1"), for ledger notes; the colour space when it has none. */
    public static String describe(byte[] icc) {
        try {
            ICC_Profile profile = parsed(icc).profile();
            byte[] desc = profile == null ? null : profile.getData(ICC_Profile.icSigProfileDescriptionTag);
            String text = desc == null ? null : descriptionText(desc);
            return text == null || text.isBlank() ? space(icc).trim() + " profile" : text;
        } catch (IllegalArgumentException e) {
            return space(icc).trim() + " profile";
        }
    }

    /** True when converting through {@code icc} would leave sRGB pixel values unchanged (within rounding). */
    public static boolean isSrgb(byte[] icc) {
        return parsed(icc).srgb();
    }

    /** False when the bytes are not a profile the colour engine can load (damaged or truncated). */
    public static boolean isUsable(byte[] icc) {
        return icc != null && parsed(icc).profile() != null;
    }

    /** Whether {@code info} is a CMYK JPEG carrying its own profile, which only a colour-managed decode reads correctly. */
    public static boolean isCmykJpegWithProfile(ImageInfo info) {
        return info.format() == ImageFormat.JPEG && info.components() == 4 && space(info.icc()).equals("CMYK");
    }

    /**
     * Converts BGR or BGRA pixels from the RGB profile {@code icc} to sRGB (alpha untouched). The caller has checked that
     * the profile is an RGB one and not already sRGB.
     */
    public static void toSrgb(WorkingImage image, byte[] icc) {
        Parsed from = parsed(icc);
        if (from.profile() == null) throw new IllegalArgumentException("the embedded colour profile is damaged and cannot be applied");
        Mat mat = image.mat();
        int ch = mat.channels();
        if (ch == 3) {
            Mat bgr = mat.isContinuous() ? mat : mat.clone();
            convertBgr(bgr, from, icc);
            if (bgr != mat) image.replace(bgr);
        } else if (ch == 4) {
            // the JDK's colour engine corrupts rasters whose pixel stride exceeds their band count (BGRA seen as RGB),
            // so the colour is converted apart from the alpha channel and put back together
            try (Mat bgr = new Mat(); Mat alpha = new Mat()) {
                cvtColor(mat, bgr, COLOR_BGRA2BGR);
                extractChannel(mat, alpha, 3);
                convertBgr(bgr, from, icc);
                Mat out = new Mat();
                cvtColor(bgr, out, COLOR_BGR2BGRA);
                insertChannel(alpha, out, 3);
                image.replace(out);
            }
        } else {
            throw new IllegalArgumentException("only BGR or BGRA pixels are colour-converted, got " + ch + " channels");
        }
    }

    // In place on a continuous BGR matrix: copied to the heap, converted by LittleCMS, copied back.
    private static void convertBgr(Mat bgr, Parsed from, byte[] icc) {
        int w = bgr.cols();
        int h = bgr.rows();
        byte[] data = new byte[w * h * 3];
        bgr.data().get(data);
        // BGR bytes seen as an RGB raster: bands R, G, B at offsets 2, 1, 0 of each pixel
        WritableRaster raster = Raster.createInterleavedRaster(new DataBufferByte(data, data.length), w, h, w * 3, 3,
                new int[] {2, 1, 0}, null);
        try {
            from.toSrgb().get().filter(raster, raster);
        } catch (CMMException e) {
            throw new IllegalArgumentException("the embedded colour profile (" + describe(icc) + ") cannot be applied: "
                    + e.getMessage(), e);
        }
        bgr.data().put(data);
    }

    /**
     * Decodes a CMYK/YCCK JPEG through its embedded profile (TwelveMonkeys applies it; OpenCV would ignore it), keeping
     * shrink-on-load: the expensive CMYK conversion (about 3 MP/s through a LUT profile) runs on a subsampled image.
     * A reduction of 4 or 8 reads every 2nd or 4th pixel and averages 2x2 down to the planned size, which avoids most of
     * the aliasing of reading every 4th or 8th; a reduction of 2 reads every 2nd pixel, since averaging would need the
     * full-size conversion that shrink-on-load is there to avoid.
     */
    public static WorkingImage decodeCmykJpeg(byte[] bytes, int reduction) throws BadImageException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
            ImageReader reader = null;
            while (readers.hasNext()) {
                ImageReader r = readers.next();
                // the JDK's own reader returns the raw CMYK raster; only TwelveMonkeys' reader applies the profile
                if (reader == null && r.getClass().getName().startsWith("com.twelvemonkeys")) reader = r;
                else r.dispose();
            }
            if (reader == null) throw new BadImageException("the CMYK JPEG needs the TwelveMonkeys JPEG reader, which is not installed");
            try {
                reader.setInput(in, true, true);
                int step = reduction >= 4 ? reduction / 2 : reduction;
                ImageReadParam param = reader.getDefaultReadParam();
                if (step > 1) param.setSourceSubsampling(step, step, 0, 0);
                int targetW = (reader.getWidth(0) + reduction - 1) / reduction;
                int targetH = (reader.getHeight(0) + reduction - 1) / reduction;
                BufferedImage img = reader.read(0, param);
                if (img.getColorModel().getColorSpace().getType() != ColorSpace.TYPE_RGB) img = toSrgbImage(img);
                WorkingImage decoded = WorkingImage.fromBufferedImage(img);
                if (decoded.width() != targetW || decoded.height() != targetH) {
                    Mat small = new Mat();
                    resize(decoded.mat(), small, new Size(targetW, targetH), 0, 0, INTER_AREA);
                    decoded.replace(small);
                }
                return decoded;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new BadImageException("the CMYK JPEG cannot be decoded through its colour profile: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    // A reader that hands back CMYK pixels with their colour space: convert them to an sRGB image.
    private static BufferedImage toSrgbImage(BufferedImage img) {
        BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        new ColorConvertOp(null).filter(img, rgb);
        return rgb;
    }

    private static Parsed parsed(byte[] icc) {
        String key = digest(icc);
        synchronized (CACHE) {
            Parsed p = CACHE.get(key);
            if (p != null) return p;
        }
        Parsed p;
        try {
            ICC_Profile profile = ICC_Profile.getInstance(icc);
            p = new Parsed(profile, profile.getColorSpaceType() == ColorSpace.TYPE_RGB && roundTripsAsSrgb(profile));
        } catch (IllegalArgumentException | CMMException e) {
            p = new Parsed(null, false);
        }
        synchronized (CACHE) {
            CACHE.put(key, p);
        }
        return p;
    }

    // Compares by effect rather than by name: "sRGB IEC61966-2.1", GIMP's and Photoshop's sRGB, and renamed copies all
    // map the grid onto itself, while Display P3 moves saturated colours by up to 100 levels.
    private static boolean roundTripsAsSrgb(ICC_Profile profile) {
        int n = 6;
        byte[] grid = new byte[n * n * n * 3];
        int i = 0;
        for (int r = 0; r < n; r++) {
            for (int g = 0; g < n; g++) {
                for (int b = 0; b < n; b++) {
                    grid[i++] = (byte) (r * 255 / (n - 1));
                    grid[i++] = (byte) (g * 255 / (n - 1));
                    grid[i++] = (byte) (b * 255 / (n - 1));
                }
            }
        }
        int count = n * n * n;
        WritableRaster src = Raster.createInterleavedRaster(new DataBufferByte(grid.clone(), grid.length), count, 1, count * 3, 3,
                new int[] {0, 1, 2}, null);
        WritableRaster dst = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, count, 1, count * 3, 3, new int[] {0, 1, 2}, null);
        try {
            new ColorConvertOp(new ICC_Profile[] {profile, ICC_Profile.getInstance(ColorSpace.CS_sRGB)}, null).filter(src, dst);
        } catch (CMMException | IllegalArgumentException e) {
            return false;
        }
        byte[] out = ((DataBufferByte) dst.getDataBuffer()).getData();
        for (int k = 0; k < grid.length; k++) {
            if (Math.abs((grid[k] & 0xFF) - (out[k] & 0xFF)) > SRGB_TOLERANCE) return false;
        }
        return true;
    }

    // 'desc' (ICC v2: count + ASCII) or 'mluc' (ICC v4: UTF-16BE records) tag text.
    private static String descriptionText(byte[] tag) {
        if (tag.length < 12) return null;
        String type = new String(tag, 0, 4, StandardCharsets.US_ASCII);
        if (type.equals("desc")) {
            int n = ((tag[8] & 0xFF) << 24) | ((tag[9] & 0xFF) << 16) | ((tag[10] & 0xFF) << 8) | (tag[11] & 0xFF);
            if (n <= 0 || 12 + n > tag.length) return null;
            return new String(tag, 12, n, StandardCharsets.US_ASCII).replace("\0", "").trim();
        }
        if (type.equals("mluc") && tag.length >= 28) {
            int len = ((tag[20] & 0xFF) << 24) | ((tag[21] & 0xFF) << 16) | ((tag[22] & 0xFF) << 8) | (tag[23] & 0xFF);
            int off = ((tag[24] & 0xFF) << 24) | ((tag[25] & 0xFF) << 16) | ((tag[26] & 0xFF) << 8) | (tag[27] & 0xFF);
            if (len <= 0 || off < 0 || off + len > tag.length) return null;
            return new String(tag, off, len, StandardCharsets.UTF_16BE).replace("\0", "").trim();
        }
        return null;
    }

    private static String digest(byte[] icc) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(icc), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
