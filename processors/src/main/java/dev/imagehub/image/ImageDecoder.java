package dev.imagehub.image;

import dev.imagehub.image.heif.HeifDecoder;
import dev.imagehub.image.heif.HeifImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_GRAYSCALE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_8;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGRA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

/**
 * Decodes image bytes into a {@link WorkingImage}. JPEGs go through libjpeg-turbo (OpenCV) and can be decoded at
 * 1/2, 1/4 or 1/8 scale in the DCT domain (shrink-on-load); anything OpenCV cannot read falls back to ImageIO with
 * the TwelveMonkeys plugins. Orientation is never applied here: that is the {@code autoOrient} step's job.
 */
public final class ImageDecoder {
    private ImageDecoder() {
    }

    /**
     * Decodes {@code bytes}; {@code reduction} (1, 2, 4 or 8) shrinks JPEGs while decoding and is ignored for other
     * formats, whose decoders cannot skip work.
     */
    public static WorkingImage decode(byte[] bytes, ImageInfo info, int reduction) throws BadImageException {
        rejectAnimation(bytes, info);
        if (ColorManagement.isCmykJpegWithProfile(info)) return ColorManagement.decodeCmykJpeg(bytes, reduction); // OpenCV ignores the profile
        if (info.format() == ImageFormat.AVIF) return AvifDecoder.decode(bytes, AvifHeader.parse(bytes));
        if (info.format() == ImageFormat.HEIF) return HeifDecoder.decode(bytes, HeifImage.parse(bytes));
        Mat mat;
        try (BytePointer data = new BytePointer(bytes); Mat buf = new Mat(1, bytes.length, CV_8U, data)) {
            mat = imdecode(buf, flags(info, reduction));
        } catch (RuntimeException e) {
            mat = null;
        }
        if (mat == null || mat.empty()) {
            if (mat != null) mat.close();
            return new WorkingImage(normalise(imageIoDecode(bytes, info)));
        }
        return new WorkingImage(normalise(mat));
    }

    /** Picks the largest JPEG DCT reduction that still leaves at least {@code minW x minH} stored pixels. */
    public static int reductionFor(ImageInfo info, int minW, int minH) {
        if (info.format() != ImageFormat.JPEG) return 1;
        for (int r : new int[] {8, 4, 2}) {
            int w = (info.width() + r - 1) / r;
            int h = (info.height() + r - 1) / r;
            if (w >= minW && h >= minH) return r;
        }
        return 1;
    }

    private static int flags(ImageInfo info, int reduction) {
        if (info.format() != ImageFormat.JPEG) return IMREAD_UNCHANGED;
        boolean grey = info.components() == 1;
        int base = switch (reduction) {
            case 2 -> grey ? IMREAD_REDUCED_GRAYSCALE_2 : IMREAD_REDUCED_COLOR_2;
            case 4 -> grey ? IMREAD_REDUCED_GRAYSCALE_4 : IMREAD_REDUCED_COLOR_4;
            case 8 -> grey ? IMREAD_REDUCED_GRAYSCALE_8 : IMREAD_REDUCED_COLOR_8;
            default -> grey ? IMREAD_GRAYSCALE : IMREAD_COLOR;
        };
        return base | IMREAD_IGNORE_ORIENTATION;
    }

    // Brings any decoded matrix to 8-bit grey, BGR or BGRA.
    private static Mat normalise(Mat mat) throws BadImageException {
        if (mat.depth() != CV_8U) {
            Mat eight = new Mat();
            mat.convertTo(eight, CV_8U, mat.depth() == CV_16U ? 1.0 / 257.0 : 255.0, 0);
            mat.close();
            mat = eight;
        }
        if (mat.channels() == 2) {
            Mat bgra = new Mat();
            cvtColor(mat, bgra, COLOR_GRAY2BGRA);
            mat.close();
            mat = bgra;
        }
        if (mat.channels() != 1 && mat.channels() != 3 && mat.channels() != 4) {
            int ch = mat.channels();
            mat.close();
            throw new BadImageException("images with " + ch + " colour channels are not supported");
        }
        return mat;
    }

    private static Mat imageIoDecode(byte[] bytes, ImageInfo info) throws BadImageException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new BadImageException("no decoder can read this " + info.format() + " file");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                BufferedImage img = reader.read(0);
                try (WorkingImage w = WorkingImage.fromBufferedImage(img)) {
                    return w.mat().clone();
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new BadImageException(String.format(Locale.ROOT, "the %s file cannot be decoded: it is damaged or truncated (%s)",
                    info.format(), e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    // A safety net: chains send animations to the animation path, and keeping only the first frame here would lose content.
    private static void rejectAnimation(byte[] bytes, ImageInfo info) throws BadImageException {
        if (info.format() == ImageFormat.WEBP && Animations.webpFrames(bytes) > 1) {
            throw new BadImageException("the WebP file is animated (" + Animations.webpFrames(bytes) + " frames); the still-image "
                    + "decoder would keep only the first frame (animations go through AnimationReader)");
        }
        if (info.format() == ImageFormat.GIF) {
            int frames = gifFrames(bytes);
            if (frames > 1) {
                throw new BadImageException("the GIF is animated (" + frames + " frames); the still-image decoder would keep only "
                        + "the first frame (animations go through AnimationReader)");
            }
        }
    }

    // Counts image descriptors by walking the GIF block structure (no pixel decoding).
    static int gifFrames(byte[] b) {
        if (b.length < 13) return 0;
        int pos = 13;
        int flags = b[10] & 0xFF;
        if ((flags & 0x80) != 0) pos += 3 * (1 << ((flags & 0x07) + 1));
        int frames = 0;
        while (pos < b.length) {
            int block = b[pos] & 0xFF;
            if (block == 0x3B) break;                        // trailer
            if (block == 0x21) {                              // extension: label, then sub-blocks
                pos += 2;
                pos = skipSubBlocks(b, pos);
            } else if (block == 0x2C) {                       // image descriptor
                frames++;
                if (pos + 10 > b.length) break;
                int lf = b[pos + 9] & 0xFF;
                pos += 10;
                if ((lf & 0x80) != 0) pos += 3 * (1 << ((lf & 0x07) + 1));
                pos += 1;                                     // LZW minimum code size
                pos = skipSubBlocks(b, pos);
            } else {
                break;
            }
        }
        return frames;
    }

    private static int skipSubBlocks(byte[] b, int pos) {
        while (pos < b.length) {
            int n = b[pos] & 0xFF;
            pos += 1 + n;
            if (n == 0) break;
        }
        return pos;
    }
}
