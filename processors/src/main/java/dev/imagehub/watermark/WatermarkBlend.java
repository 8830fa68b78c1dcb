package dev.imagehub.watermark;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_core.add;
import static org.bytedeco.opencv.global.opencv_core.merge;
import static org.bytedeco.opencv.global.opencv_core.multiply;
import static org.bytedeco.opencv.global.opencv_core.split;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.blendLinear;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

/**
 * Blends a watermark layer over the image with OpenCV, in place and only inside the layer's rectangle: the Porter-Duff
 * "over" operator with the layer's alpha scaled by the opacity. Works on grey, BGR and BGRA images; on BGRA the
 * watermark also becomes visible over transparent areas.
 */
public final class WatermarkBlend {
    private WatermarkBlend() {
    }

    /**
     * Draws {@code layer} (TYPE_4BYTE_ABGR, straight alpha) with its top-left corner at {@code x, y}, clipped to the
     * image. Returns the number of image pixels the layer's rectangle covered (0: it lies entirely outside).
     */
    public static long over(Mat image, BufferedImage layer, int x, int y, double opacity) {
        if (layer.getType() != BufferedImage.TYPE_4BYTE_ABGR) throw new IllegalArgumentException("watermark layers are TYPE_4BYTE_ABGR");
        int lw = layer.getWidth();
        int lh = layer.getHeight();
        int x0 = Math.max(0, x);
        int y0 = Math.max(0, y);
        int x1 = Math.min(image.cols(), x + lw);
        int y1 = Math.min(image.rows(), y + lh);
        if (x1 <= x0 || y1 <= y0) return 0;
        byte[] abgr = ((DataBufferByte) layer.getRaster().getDataBuffer()).getData();
        try (Mat full = new Mat(lh, lw, CV_8UC4);
             Rect lr = new Rect(x0 - x, y0 - y, x1 - x0, y1 - y0);
             Rect ir = new Rect(x0, y0, x1 - x0, y1 - y0)) {
            full.data().put(abgr);
            try (Mat part = new Mat(full, lr); Mat target = new Mat(image, ir)) {
                blend(target, part, opacity);
            }
        }
        return (long) (x1 - x0) * (y1 - y0);
    }

    private static void blend(Mat target, Mat abgr, double opacity) {
        try (MatVector ch = new MatVector(); Mat colour = new Mat(); Mat weight = new Mat(); Mat out = new Mat()) {
            split(abgr, ch);
            try (MatVector bgr = new MatVector(ch.get(1), ch.get(2), ch.get(3))) {
                merge(bgr, colour);
            }
            ch.get(0).convertTo(weight, CV_32F, opacity / 255.0, 0);
            if (target.channels() == 4) {
                blendOverAlpha(target, colour, weight);
                return;
            }
            try (Mat rest = new Mat()) {
                weight.convertTo(rest, CV_32F, -1, 1);
                if (target.channels() == 1) cvtColor(colour, colour, COLOR_BGR2GRAY);
                blendLinear(colour, target, weight, rest, out);
            }
            out.copyTo(target);
        }
    }

    // Over a transparent pixel the result takes the watermark's colour and alpha; over an opaque one it is the usual mix.
    private static void blendOverAlpha(Mat target, Mat colour, Mat weight) {
        try (MatVector dst = new MatVector(); Mat dstBgr = new Mat(); Mat dstAlpha = new Mat(); Mat rest = new Mat();
             Mat below = new Mat(); Mat outBgr = new Mat(); Mat outAlpha = new Mat(); Mat out = new Mat()) {
            split(target, dst);
            try (MatVector bgr = new MatVector(dst.get(0), dst.get(1), dst.get(2))) {
                merge(bgr, dstBgr);
            }
            dst.get(3).convertTo(dstAlpha, CV_32F, 1 / 255.0, 0);
            weight.convertTo(rest, CV_32F, -1, 1);
            multiply(dstAlpha, rest, below);
            blendLinear(colour, dstBgr, weight, below, outBgr);
            add(weight, below, outAlpha);
            outAlpha.convertTo(outAlpha, CV_8U, 255, 0);
            try (MatVector parts = new MatVector()) {
                split(outBgr, parts);
                try (MatVector all = new MatVector(parts.get(0), parts.get(1), parts.get(2), outAlpha)) {
                    merge(all, out);
                }
            }
            out.copyTo(target);
        }
    }
}
