package dev.imagehub.image;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;

import org.bytedeco.opencv.opencv_core.Mat;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_core.mixChannels;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

/**
 * Composites the frames of an animated GIF onto its logical screen the way browsers show them: each frame is drawn
 * at its offset over what is already there (its transparent colour lets that show through), then disposed of as it
 * asks: kept, cleared to transparent ("restore to background", as browsers do rather than painting the background
 * colour) or rolled back to the canvas from before it ("restore to previous").
 */
final class AnimationGifReader implements AnimationReader {
    private static final String FORMAT = "javax_imageio_gif_image_1.0";
    private final ImageInputStream in;
    private final ImageReader reader;
    private final int frames;
    private final int loops;
    private final int width;
    private final int height;
    private final boolean alpha;
    private final BufferedImage canvas;
    private final List<Frame> meta = new ArrayList<>();
    private int index;

    AnimationGifReader(byte[] bytes) throws BadImageException {
        try {
            in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes));
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("gif");
            if (!readers.hasNext()) throw new BadImageException("no GIF reader is installed");
            reader = readers.next();
            reader.setInput(in, false, false);
            frames = reader.getNumImages(true);
            int[] screen = logicalScreen(bytes);
            int w = screen[0];
            int h = screen[1];
            for (int i = 0; i < frames; i++) {
                Frame f = Frame.of(reader.getImageMetadata(i));
                meta.add(f);
                w = Math.max(w, f.left + f.width);
                h = Math.max(h, f.top + f.height);
            }
            width = w;
            height = h;
            // transparent pixels, or a frame leaving part of the canvas uncovered, let the transparent canvas show
            alpha = meta.stream().anyMatch(f -> f.transparent || f.left > 0 || f.top > 0 || f.width < width || f.height < height);
            loops = Animations.loopCount(bytes, ImageFormat.GIF);
            canvas = new BufferedImage(width, height, BufferedImage.TYPE_4BYTE_ABGR);
        } catch (IOException | RuntimeException e) {
            throw damaged(e);
        }
    }

    @Override public int frameCount() { return frames; }
    @Override public int loopCount() { return loops; }
    @Override public int width() { return width; }
    @Override public int height() { return height; }

    @Override
    public AnimationFrame next() throws BadImageException {
        if (index >= frames) return null;
        try {
            Frame f = meta.get(index);
            BufferedImage raw = reader.read(index);
            BufferedImage before = f.disposal.equals("restoreToPrevious") ? copy(canvas) : null;
            Graphics2D g = canvas.createGraphics();
            try {
                g.setComposite(AlphaComposite.SrcOver);
                g.drawImage(raw, f.left, f.top, null);
                WorkingImage shown = toWorkingImage();
                if (f.disposal.equals("restoreToBackgroundColor")) {
                    g.setComposite(AlphaComposite.Clear);
                    g.fillRect(f.left, f.top, f.width, f.height);
                } else if (before != null) {
                    g.setComposite(AlphaComposite.Src);
                    g.drawImage(before, 0, 0, null);
                }
                index++;
                return new AnimationFrame(shown, f.delayMs);
            } finally {
                g.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw damaged(e);
        }
    }

    // ABGR bytes -> BGRA (or BGR for an animation that is opaque everywhere) with one native channel shuffle.
    private WorkingImage toWorkingImage() {
        byte[] abgr = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData();
        try (Mat src = new Mat(height, width, CV_8UC4)) {
            src.data().put(abgr);
            Mat bgra = new Mat(height, width, CV_8UC4);
            try (org.bytedeco.javacpp.IntPointer pairs = new org.bytedeco.javacpp.IntPointer(new int[] {1, 0, 2, 1, 3, 2, 0, 3})) {
                mixChannels(src, 1, bgra, 1, pairs, 4);
            }
            if (alpha) return new WorkingImage(bgra);
            Mat bgr = new Mat();
            cvtColor(bgra, bgr, COLOR_BGRA2BGR);
            bgra.close();
            return new WorkingImage(bgr);
        }
    }

    private static BufferedImage copy(BufferedImage img) {
        BufferedImage c = new BufferedImage(img.getWidth(), img.getHeight(), img.getType());
        img.copyData(c.getRaster());
        return c;
    }

    private static int[] logicalScreen(byte[] b) {
        if (b.length < 10) return new int[] {0, 0};
        return new int[] {(b[6] & 0xFF) | (b[7] & 0xFF) << 8, (b[8] & 0xFF) | (b[9] & 0xFF) << 8};
    }

    private BadImageException damaged(Exception e) {
        return new BadImageException(String.format(Locale.ROOT, "the animated GIF cannot be decoded%s: it is damaged or truncated (%s)",
                index > 0 ? " past frame " + index : "", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }

    @Override
    public void close() {
        if (reader != null) reader.dispose();
        try {
            if (in != null) in.close();
        } catch (IOException e) {
            // an in-memory stream has nothing left to release
        }
    }

    /** What the GIF metadata says about one frame. */
    private record Frame(int left, int top, int width, int height, String disposal, boolean transparent, int delayMs) {
        static Frame of(IIOMetadata metadata) {
            Node root = metadata.getAsTree(FORMAT);
            int left = 0, top = 0, w = 0, h = 0, delay = 0;
            String disposal = "none";
            boolean transparent = false;
            for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                NamedNodeMap a = n.getAttributes();
                if (n.getNodeName().equals("ImageDescriptor")) {
                    left = intAttr(a, "imageLeftPosition");
                    top = intAttr(a, "imageTopPosition");
                    w = intAttr(a, "imageWidth");
                    h = intAttr(a, "imageHeight");
                } else if (n.getNodeName().equals("GraphicControlExtension")) {
                    disposal = a.getNamedItem("disposalMethod").getNodeValue();
                    transparent = Boolean.parseBoolean(a.getNamedItem("transparentColorFlag").getNodeValue());
                    delay = intAttr(a, "delayTime") * 10;
                }
            }
            return new Frame(left, top, w, h, disposal, transparent, delay);
        }

        private static int intAttr(NamedNodeMap a, String name) {
            Node n = a.getNamedItem(name);
            return n == null ? 0 : Integer.parseInt(n.getNodeValue());
        }
    }
}
