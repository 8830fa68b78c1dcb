package dev.imagehub.watermark;

import dev.imagehub.image.Resampler;
import dev.imagehub.image.WorkingImage;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

import org.bytedeco.opencv.opencv_core.Mat;

/** A logo as a watermark stamp: the picture resampled once (area-averaged, premultiplied) to the size it is drawn at. */
public final class WatermarkLogo implements WatermarkStamp {
    private final BufferedImage pixels;

    private WatermarkLogo(BufferedImage pixels) {
        this.pixels = pixels;
    }

    /**
     * {@code logo} scaled to {@code width} pixels wide (keeping its aspect ratio), or smaller if needed so that, rotated
     * by {@code degrees}, it fits inside {@code maxW x maxH}.
     */
    public static WatermarkLogo fitted(BufferedImage logo, double width, double degrees, double maxW, double maxH) {
        double scale = width / logo.getWidth();
        WatermarkStamp probe = box(logo.getWidth() * scale, logo.getHeight() * scale);
        scale *= probe.fitFactor(degrees, maxW, maxH);
        int w = Math.max(1, (int) Math.floor(logo.getWidth() * scale));
        int h = Math.max(1, (int) Math.floor(logo.getHeight() * scale));
        try (WorkingImage source = WorkingImage.fromBufferedImage(logo)) {
            Mat scaled = Resampler.resize(source.mat(), w, h);
            try (WorkingImage result = new WorkingImage(scaled)) {
                return new WatermarkLogo(result.toBufferedImage());
            }
        }
    }

    private static WatermarkStamp box(double w, double h) {
        return new WatermarkStamp() {
            public double width() { return w; }
            public double height() { return h; }
            public void paint(Graphics2D g) { }
        };
    }

    @Override
    public double width() { return pixels.getWidth(); }

    @Override
    public double height() { return pixels.getHeight(); }

    @Override
    public void paint(Graphics2D g) {
        g.drawImage(pixels, 0, 0, null);
    }
}
