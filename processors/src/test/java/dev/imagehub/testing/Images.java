package dev.imagehub.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;

import dev.imagehub.image.ImageFormat;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;

/** Reads results back the way a user's tools would, and makes synthetic photos for load tests. */
public final class Images {
    private Images() {
    }

    /** Decodes with ImageIO (TwelveMonkeys), independent of the hub's OpenCV path. */
    public static BufferedImage read(Path file) {
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) throw new AssertionError("not a readable image: " + file);
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ImageFormat format(Path file) {
        try {
            return ImageFormat.sniff(Files.readAllBytes(file));
        } catch (Exception e) {
            throw new AssertionError("not an image: " + file + ": " + e.getMessage());
        }
    }

    public static BufferedImage read(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A photo-like JPEG (smoothed noise, so it compresses like a photo) of the given size and seed. */
    public static byte[] syntheticJpeg(int width, int height, int seed, int quality) {
        try (Mat m = new Mat(height, width, CV_8UC3)) {
            byte[] noise = new byte[width * height * 3];
            new java.util.Random(seed).nextBytes(noise);
            m.data().put(noise);
            GaussianBlur(m, m, new org.bytedeco.opencv.opencv_core.Size(0, 0), 3.0);
            try (BytePointer out = new BytePointer(); IntPointer p = new IntPointer(IMWRITE_JPEG_QUALITY, quality)) {
                imencode(".jpg", m, out, p);
                byte[] b = new byte[(int) out.limit()];
                out.get(b);
                return b;
            }
        }
    }
}
