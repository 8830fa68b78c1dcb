package dev.imagehub.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

import javax.imageio.ImageIO;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_OPTIMIZE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_PROGRESSIVE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PNG_COMPRESSION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_TIFF_COMPRESSION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_WEBP_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

/**
 * Encodes a {@link WorkingImage} once, at the end of a chain. OpenCV's native codecs (libjpeg-turbo, libpng, libtiff,
 * libwebp) do the work; GIF goes through ImageIO and AVIF through FFmpeg's libaom ({@link AvifEncoder}). Transparency is flattened onto the configured background for formats
 * without alpha, and kept EXIF/ICC blocks are spliced into JPEG output without re-encoding.
 */
public final class ImageEncoder {
    private static final int TIFF_COMPRESSION_LZW = 5;

    private ImageEncoder() {
    }

    public static byte[] encode(WorkingImage image, ImageFormat format, EncodeSettings s, byte[] exif, byte[] icc) throws IOException {
        Mat pixels = image.mat();
        Mat flattened = null;
        if (image.hasAlpha() && !format.supportsAlpha()) {
            flattened = flatten(pixels, s.background());
            pixels = flattened;
        }
        try {
            return switch (format) {
                case JPEG -> {
                    byte[] jpeg = opencv(".jpg", pixels, IMWRITE_JPEG_QUALITY, s.jpegQuality(),
                            IMWRITE_JPEG_PROGRESSIVE, s.progressive() ? 1 : 0, IMWRITE_JPEG_OPTIMIZE, 1);
                    yield exif == null && icc == null ? jpeg : JpegStructure.withMetadata(jpeg, exif, icc);
                }
                case PNG -> opencv(".png", pixels, IMWRITE_PNG_COMPRESSION, s.pngLevel());
                case BMP -> opencv(".bmp", pixels);
                case TIFF -> opencv(".tif", pixels, IMWRITE_TIFF_COMPRESSION, TIFF_COMPRESSION_LZW);
                // libwebp takes quality > 100 as "lossless" (exact pixels, alpha kept as it is)
                case WEBP -> opencv(".webp", pixels, IMWRITE_WEBP_QUALITY, lossless(s) ? 101 : s.webpQuality());
                case GIF -> gif(pixels);
                case AVIF -> avif(pixels, s, exif);
                // EncodeSettings.resolve and ImageFormat.fromName never pick a format the hub cannot write
                case HEIF -> throw new IllegalStateException("HEIC is read, never written");
            };
        } finally {
            if (flattened != null) flattened.close();
        }
    }

    private static boolean lossless(EncodeSettings s) {
        return Boolean.TRUE.equals(s.lossless());
    }

    // AVIF carries no EXIF here, so an orientation the tag would have asked viewers to apply goes into the pixels.
    private static byte[] avif(Mat pixels, EncodeSettings s, byte[] exif) {
        int orientation = exif == null ? 1 : ExifOrientation.read(exif);
        int quality = s.quality() != null ? s.quality() : AvifEncoder.DEFAULT_QUALITY;
        if (orientation == 1) return AvifEncoder.encode(pixels, quality, lossless(s));
        try (WorkingImage upright = new WorkingImage(pixels.clone())) {
            Orientation.apply(upright, orientation);
            return AvifEncoder.encode(upright.mat(), quality, lossless(s));
        }
    }

    private static byte[] opencv(String ext, Mat pixels, int... params) throws IOException {
        try (BytePointer out = new BytePointer(); IntPointer p = new IntPointer(params)) {
            boolean ok = imencode(ext, pixels, out, p);
            if (!ok) throw new IOException("the " + ext.substring(1).toUpperCase() + " encoder refused the image");
            byte[] bytes = new byte[(int) out.limit()];
            out.get(bytes);
            return bytes;
        }
    }

    private static byte[] gif(Mat pixels) throws IOException {
        try (WorkingImage copy = new WorkingImage(pixels.clone())) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(copy.toBufferedImage(), "gif", out)) throw new IOException("no GIF writer is installed");
            return out.toByteArray();
        }
    }

    /** Composites BGRA pixels over an opaque background colour, returning BGR. */
    static Mat flatten(Mat bgra, Rgba bg) {
        Mat src = bgra.isContinuous() ? bgra : bgra.clone();
        int n = src.rows() * src.cols();
        Mat out = new Mat(src.rows(), src.cols(), org.bytedeco.opencv.global.opencv_core.CV_8UC3);
        ByteBuffer in = src.createBuffer();
        ByteBuffer dst = out.createBuffer();
        int bb = bg.b(), bgG = bg.g(), br = bg.r();
        for (int i = 0; i < n; i++) {
            int a = in.get(i * 4 + 3) & 0xFF;
            int inv = 255 - a;
            dst.put(i * 3, (byte) (((in.get(i * 4) & 0xFF) * a + bb * inv + 127) / 255));
            dst.put(i * 3 + 1, (byte) (((in.get(i * 4 + 1) & 0xFF) * a + bgG * inv + 127) / 255));
            dst.put(i * 3 + 2, (byte) (((in.get(i * 4 + 2) & 0xFF) * a + br * inv + 127) / 255));
        }
        if (src != bgra) src.close();
        return out;
    }

    /** Drops alpha without compositing; only for images already known to be opaque. */
    static Mat dropAlpha(Mat bgra) {
        Mat bgr = new Mat();
        cvtColor(bgra, bgr, COLOR_BGRA2BGR);
        return bgr;
    }
}
