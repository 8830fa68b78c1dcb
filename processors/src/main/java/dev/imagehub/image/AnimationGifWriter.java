package dev.imagehub.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

import org.bytedeco.opencv.opencv_core.Mat;

import static org.bytedeco.opencv.global.opencv_core.extractChannel;
import static org.bytedeco.opencv.global.opencv_core.insertChannel;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

/**
 * Streams an animated GIF through the JDK's ImageIO GIF writer: each full frame gets its own 256-colour palette,
 * its delay (in the GIF's 1/100 s), and a disposal that makes transparent areas show the background rather than the
 * previous frame; the NETSCAPE2.0 block carries the loop count. GIF transparency is on or off per pixel, so alpha is
 * cut at half.
 */
final class AnimationGifWriter implements AnimationWriter {
    private static final String FORMAT = "javax_imageio_gif_image_1.0";
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ImageOutputStream out;
    private final ImageWriter writer;
    private final int loops;
    private boolean first = true;

    AnimationGifWriter(int loops) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
        if (!writers.hasNext()) throw new IOException("no GIF writer is installed");
        this.writer = writers.next();
        this.out = ImageIO.createImageOutputStream(bytes);
        this.loops = loops;
        writer.setOutput(out);
        writer.prepareWriteSequence(null);
    }

    @Override
    public ImageFormat format() { return ImageFormat.GIF; }

    @Override
    public void add(WorkingImage frame, int delayMs) throws IOException {
        BufferedImage img;
        if (frame.hasAlpha()) {
            try (WorkingImage binary = new WorkingImage(frame.mat().clone()); Mat alpha = new Mat()) {
                extractChannel(binary.mat(), alpha, 3);
                threshold(alpha, alpha, 127, 255, THRESH_BINARY);
                insertChannel(alpha, binary.mat(), 3);
                img = binary.toBufferedImage();
            }
        } else {
            img = frame.toBufferedImage();
        }
        ImageWriteParam param = writer.getDefaultWriteParam();
        IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(img), param);
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(FORMAT);
        IIOMetadataNode gce = child(root, "GraphicControlExtension");
        // every frame is a full canvas: clear it after showing when it has holes, so the last frame never shows through
        gce.setAttribute("disposalMethod", frame.hasAlpha() ? "restoreToBackgroundColor" : "doNotDispose");
        gce.setAttribute("delayTime", Integer.toString(Math.max(0, Math.min(65_535, Math.round(delayMs / 10f)))));
        child(root, "ImageDescriptor").setAttribute("interlaceFlag", "FALSE");
        if (first && loops != 1) {
            // NETSCAPE2.0 counts repeats after the first play (0 = forever); no block at all means "play once"
            int repeats = loops == 0 ? 0 : Math.min(65_535, loops - 1);
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            app.setUserObject(new byte[] {1, (byte) (repeats & 0xFF), (byte) ((repeats >> 8) & 0xFF)});
            child(root, "ApplicationExtensions").appendChild(app);
        }
        metadata.setFromTree(FORMAT, root);
        writer.writeToSequence(new IIOImage(img, null, metadata), param);
        first = false;
    }

    @Override
    public byte[] finish() throws IOException {
        writer.endWriteSequence();
        out.flush();
        return bytes.toByteArray();
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equals(name)) return (IIOMetadataNode) root.item(i);
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }

    @Override
    public void close() {
        writer.dispose();
        try {
            out.close();
        } catch (IOException e) {
            // in-memory stream: nothing to release
        }
    }
}
