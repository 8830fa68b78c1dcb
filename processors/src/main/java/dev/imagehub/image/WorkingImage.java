package dev.imagehub.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

import org.bytedeco.opencv.opencv_core.Mat;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_core.extractChannel;
import static org.bytedeco.opencv.global.opencv_core.minMaxLoc;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

/**
 * The decoded pixels travelling through a chain: an OpenCV matrix of 8-bit grey, BGR or BGRA, kept off the Java heap.
 * Steps replace it through {@link #replace}, which frees the previous pixels at once instead of waiting for the GC.
 */
public final class WorkingImage implements AutoCloseable {
    private Mat mat;

    public WorkingImage(Mat mat) {
        if (mat.depth() != 0 || (mat.channels() != 1 && mat.channels() != 3 && mat.channels() != 4)) {
            throw new IllegalArgumentException("working images are 8-bit grey, BGR or BGRA, got depth " + mat.depth()
                    + " with " + mat.channels() + " channels");
        }
        this.mat = mat;
    }

    public Mat mat() { return mat; }
    public int width() { return mat.cols(); }
    public int height() { return mat.rows(); }
    public int channels() { return mat.channels(); }
    public boolean hasAlpha() { return mat.channels() == 4; }
    public long pixelBytes() { return (long) mat.cols() * mat.rows() * mat.channels(); }

    /** Swaps in new pixels and releases the old ones (unless the step returned the same matrix). */
    public void replace(Mat next) {
        if (next == mat) return;
        Mat old = mat;
        mat = new WorkingImage(next).mat;
        old.close();
    }

    /** True when every pixel is fully opaque, so the alpha channel carries nothing and can be dropped for free. */
    public boolean alphaIsOpaque() {
        return isOpaque(mat);
    }

    /** True when {@code m} has no alpha channel or its alpha is 255 everywhere. */
    public static boolean isOpaque(Mat m) {
        if (m.channels() != 4) return true;
        try (Mat alpha = new Mat()) {
            extractChannel(m, alpha, 3);
            double[] min = new double[1];
            minMaxLoc(alpha, min, null, null, null, null);
            return min[0] >= 255;
        }
    }

    /** Removes an alpha channel that is fully opaque; keeps real transparency. */
    public void dropOpaqueAlpha() {
        if (hasAlpha() && alphaIsOpaque()) {
            Mat bgr = new Mat();
            cvtColor(mat, bgr, COLOR_BGRA2BGR);
            replace(bgr);
        }
    }

    /** A Java2D copy of the pixels, for steps that draw with Graphics2D (text, shapes). */
    public BufferedImage toBufferedImage() {
        int type = switch (channels()) {
            case 1 -> BufferedImage.TYPE_BYTE_GRAY;
            case 3 -> BufferedImage.TYPE_3BYTE_BGR;
            default -> BufferedImage.TYPE_4BYTE_ABGR;
        };
        BufferedImage img = new BufferedImage(width(), height(), type);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        Mat src = mat.isContinuous() ? mat : mat.clone();
        src.data().get(dst);
        if (channels() == 4) {
            for (int i = 0; i < dst.length; i += 4) { // BGRA -> ABGR
                byte b = dst[i], g = dst[i + 1], r = dst[i + 2], a = dst[i + 3];
                dst[i] = a; dst[i + 1] = b; dst[i + 2] = g; dst[i + 3] = r;
            }
        }
        if (src != mat) src.close();
        return img;
    }

    /** Pixels from a Java2D image (any type) as grey, BGR or BGRA. */
    public static WorkingImage fromBufferedImage(BufferedImage any) {
        boolean alpha = any.getColorModel().hasAlpha();
        boolean grey = !alpha && any.getColorModel().getNumComponents() == 1 && any.getColorModel().getPixelSize() <= 16
                && any.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY;
        int type = grey ? BufferedImage.TYPE_BYTE_GRAY : alpha ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR;
        BufferedImage img = any;
        if (any.getType() != type) {
            img = new BufferedImage(any.getWidth(), any.getHeight(), type);
            java.awt.Graphics2D g = img.createGraphics();
            g.setComposite(java.awt.AlphaComposite.Src);
            g.drawImage(any, 0, 0, null);
            g.dispose();
        }
        byte[] src = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        int channels = grey ? 1 : alpha ? 4 : 3;
        Mat mat = new Mat(img.getHeight(), img.getWidth(), grey ? CV_8UC1 : alpha ? CV_8UC4 : CV_8UC3);
        if (channels == 4) {
            byte[] bgra = new byte[src.length];
            for (int i = 0; i < src.length; i += 4) { // ABGR -> BGRA
                bgra[i] = src[i + 1]; bgra[i + 1] = src[i + 2]; bgra[i + 2] = src[i + 3]; bgra[i + 3] = src[i];
            }
            mat.data().put(bgra);
        } else {
            mat.data().put(src);
        }
        return new WorkingImage(mat);
    }

    @Override
    public void close() {
        if (mat != null) {
            mat.close();
            mat = null;
        }
    }
}
