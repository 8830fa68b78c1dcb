package dev.imagehub.image;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

import org.junit.jupiter.api.Test;

import dev.imagehub.TestImages;
import dev.imagehub.testing.Fixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Animated GIF and WebP, frame by frame: GIF disposal methods, offsets and transparency composited the way browsers
 * show them; delays and loop count read exactly; and what the hub writes reads back as the same canvases.
 */
class AnimationCodecTest {
    // palette of the synthetic GIF: 0 transparent, then red, blue, green, white
    private static final int[][] PALETTE = {{0, 0, 0}, {255, 0, 0}, {0, 0, 255}, {0, 255, 0}, {255, 255, 255}};
    private static final int[] RED = {0, 0, 255, 255};
    private static final int[] BLUE = {255, 0, 0, 255};
    private static final int[] GREEN = {0, 255, 0, 255};
    private static final int[] WHITE = {255, 255, 255, 255};
    private static final int[] CLEAR = {0, 0, 0, 0};

    /**
     * An 8x8 GIF exercising every disposal method: (1) red everywhere, kept; (2) a blue 4x4 square at (2,2), restored to
     * the previous canvas afterwards; (3) a green 2x2 square at (0,0), cleared to transparent afterwards; (4) a 2x2 frame
     * at (6,6) whose only opaque pixel is white at (6,6). Delays 100, 250, 50 and 700 ms; plays 3 times.
     */
    static byte[] disposalGif() throws IOException {
        List<GifFrame> frames = List.of(
                new GifFrame(0, 0, 8, 8, 1, "doNotDispose", 10, false),
                new GifFrame(2, 2, 4, 4, 2, "restoreToPrevious", 25, false),
                new GifFrame(0, 0, 2, 2, 3, "restoreToBackgroundColor", 5, false),
                new GifFrame(6, 6, 2, 2, 0, "doNotDispose", 70, true));
        return gif(frames, 3);
    }

    /** The canvases a browser shows for {@link #disposalGif()}. */
    static void assertDisposalCanvases(List<int[][]> frames) {
        assertThat(frames).hasSize(4);
        // frame 1: all red
        assertThat(frames.get(0)[0]).containsExactly(RED);
        assertThat(frames.get(0)[63]).containsExactly(RED);
        // frame 2: blue square over the red
        assertThat(frames.get(1)[3 * 8 + 3]).containsExactly(BLUE);
        assertThat(frames.get(1)[1 * 8 + 1]).containsExactly(RED);
        // frame 3: the blue square was rolled back (restore to previous), green drawn at the top left
        assertThat(frames.get(2)[3 * 8 + 3]).containsExactly(RED);
        assertThat(frames.get(2)[0]).containsExactly(GREEN);
        assertThat(frames.get(2)[9]).containsExactly(GREEN);
        // frame 4: the green square was cleared to transparent; white at (6,6); the transparent pixels of the
        // frame let the red canvas show at (7,7)
        assertThat(frames.get(3)[0]).containsExactly(CLEAR);
        assertThat(frames.get(3)[9]).containsExactly(CLEAR);
        assertThat(frames.get(3)[2]).containsExactly(RED);
        assertThat(frames.get(3)[6 * 8 + 6]).containsExactly(WHITE);
        assertThat(frames.get(3)[7 * 8 + 7]).containsExactly(RED);
    }

    @Test
    void should_composite_gif_frames_with_every_disposal_method_offsets_and_transparency() throws Exception {
        // given
        byte[] gif = disposalGif();
        ImageInfo info = ImageProbe.probe(gif);

        // when
        List<int[][]> canvases = new ArrayList<>();
        List<Integer> delays = new ArrayList<>();
        try (AnimationReader reader = AnimationReader.open(gif, info)) {
            assertThat(reader.frameCount()).isEqualTo(4);
            assertThat(reader.loopCount()).isEqualTo(3);
            assertThat(new int[] {reader.width(), reader.height()}).containsExactly(8, 8);
            for (AnimationFrame f; (f = reader.next()) != null; ) {
                try (WorkingImage image = f.image()) {
                    canvases.add(pixels(image));
                    delays.add(f.delayMs());
                }
            }
        }

        // then
        assertThat(delays).containsExactly(100, 250, 50, 700);
        assertDisposalCanvases(canvases);
    }

    @Test
    void should_write_gif_and_webp_animations_that_read_back_as_the_same_canvases_delays_and_loops() throws Exception {
        // given the composited frames of the disposal test
        byte[] gif = disposalGif();
        List<WorkingImage> frames = new ArrayList<>();
        List<Integer> delays = new ArrayList<>();
        try (AnimationReader reader = AnimationReader.open(gif, ImageProbe.probe(gif))) {
            for (AnimationFrame f; (f = reader.next()) != null; ) {
                frames.add(f.image());
                delays.add(f.delayMs());
            }
        }
        try {
            for (ImageFormat format : List.of(ImageFormat.GIF, ImageFormat.WEBP)) {
                EncodeSettings settings = new EncodeSettings();
                settings.lossless(true);
                // when written again and read back by the hub
                byte[] out;
                try (AnimationWriter writer = AnimationWriter.create(format, settings, 3)) {
                    for (int i = 0; i < frames.size(); i++) writer.add(frames.get(i), delays.get(i));
                    out = writer.finish();
                }
                // then
                assertThat(ImageFormat.sniff(out)).isEqualTo(format);
                assertThat(Animations.frameCount(out, format)).as(format.name()).isEqualTo(4);
                assertThat(Animations.loopCount(out, format)).as(format.name()).isEqualTo(3);
                List<int[][]> canvases = new ArrayList<>();
                List<Integer> readDelays = new ArrayList<>();
                try (AnimationReader reader = AnimationReader.open(out, ImageProbe.probe(out))) {
                    for (AnimationFrame f; (f = reader.next()) != null; ) {
                        try (WorkingImage image = f.image()) {
                            canvases.add(pixels(image));
                            readDelays.add(f.delayMs());
                        }
                    }
                }
                assertThat(readDelays).as(format.name()).containsExactly(100, 250, 50, 700);
                assertDisposalCanvases(canvases);
            }
        } finally {
            frames.forEach(WorkingImage::close);
        }
    }

    @Test
    void should_read_the_frames_of_a_real_animated_gif_and_webp() throws Exception {
        for (String fixture : List.of("gif-hugin-ca-fringes-animated.gif", "webp-hugin-ca-fringes-animated.webp")) {
            byte[] bytes = Fixtures.bytes(fixture);
            ImageInfo info = ImageProbe.probe(bytes);
            assertThat(Animations.isAnimated(bytes, info.format())).isTrue();
            try (AnimationReader reader = AnimationReader.open(bytes, info)) {
                assertThat(reader.frameCount()).as(fixture).isEqualTo(3);
                assertThat(reader.loopCount()).as(fixture).isZero();
                List<int[]> centres = new ArrayList<>();
                for (AnimationFrame f; (f = reader.next()) != null; ) {
                    try (WorkingImage image = f.image()) {
                        assertThat(new int[] {image.width(), image.height()}).containsExactly(320, 320);
                        assertThat(f.delayMs()).isEqualTo(1000);
                        centres.add(TestImages.pixel(image.mat(), 160, 160));
                    }
                }
                // three different photos, not the first one three times
                assertThat(centres).hasSize(3);
                assertThat(centres.get(0)).isNotEqualTo(centres.get(1));
                assertThat(centres.get(1)).isNotEqualTo(centres.get(2));
            }
        }
    }

    @Test
    void should_refuse_an_animation_whose_frames_together_are_a_decompression_bomb() throws Exception {
        // 110 frames of 1000x1000 = 110 megapixels, written as a tiny GIF (one colour compresses to nothing)
        List<GifFrame> frames = new ArrayList<>();
        for (int i = 0; i < 110; i++) frames.add(new GifFrame(0, 0, 1000, 1000, 1 + i % 2, "doNotDispose", 10, false));
        byte[] bomb = gif(frames, 0);
        BadImageException e = catchThrowableOfType(BadImageException.class, () -> ImageProbe.probe(bomb));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("110 frames of 1000x1000", "110 megapixels", "at most 100");
    }

    /** One GIF frame: its rectangle, a single palette colour filling it, disposal, delay in 1/100 s, and transparency. */
    record GifFrame(int left, int top, int width, int height, int colour, String disposal, int delayCs, boolean transparentExceptFirst) {
    }

    static byte[] gif(List<GifFrame> frames, int plays) throws IOException {
        byte[] r = new byte[PALETTE.length];
        byte[] g = new byte[PALETTE.length];
        byte[] b = new byte[PALETTE.length];
        for (int i = 0; i < PALETTE.length; i++) {
            r[i] = (byte) PALETTE[i][0];
            g[i] = (byte) PALETTE[i][1];
            b[i] = (byte) PALETTE[i][2];
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            // no stream metadata: the writer takes the logical screen from the first (full-size) frame
            writer.prepareWriteSequence(null);
            boolean first = true;
            for (GifFrame f : frames) {
                IndexColorModel cm = new IndexColorModel(8, PALETTE.length, r, g, b, f.transparentExceptFirst() ? 0 : -1);
                BufferedImage img = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_BYTE_INDEXED, cm);
                for (int y = 0; y < f.height(); y++) {
                    for (int x = 0; x < f.width(); x++) {
                        int index = f.transparentExceptFirst() ? (x == 0 && y == 0 ? 4 : 0) : f.colour();
                        img.getRaster().setSample(x, y, 0, index);
                    }
                }
                // new ImageTypeSpecifier(img) keeps the frame's palette; createFromRenderedImage would swap in a default one
                IIOMetadata md = writer.getDefaultImageMetadata(new ImageTypeSpecifier(img), param);
                IIOMetadataNode root = (IIOMetadataNode) md.getAsTree("javax_imageio_gif_image_1.0");
                IIOMetadataNode descriptor = child(root, "ImageDescriptor");
                descriptor.setAttribute("imageLeftPosition", Integer.toString(f.left()));
                descriptor.setAttribute("imageTopPosition", Integer.toString(f.top()));
                descriptor.setAttribute("interlaceFlag", "FALSE");
                IIOMetadataNode gce = child(root, "GraphicControlExtension");
                gce.setAttribute("disposalMethod", f.disposal());
                gce.setAttribute("delayTime", Integer.toString(f.delayCs()));
                gce.setAttribute("transparentColorFlag", f.transparentExceptFirst() ? "TRUE" : "FALSE");
                gce.setAttribute("transparentColorIndex", "0");
                if (first && plays != 1) {
                    IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
                    app.setAttribute("applicationID", "NETSCAPE");
                    app.setAttribute("authenticationCode", "2.0");
                    // the block counts repeats after the first play
                    app.setUserObject(new byte[] {1, (byte) (plays == 0 ? 0 : plays - 1), 0});
                    child(root, "ApplicationExtensions").appendChild(app);
                }
                md.setFromTree("javax_imageio_gif_image_1.0", root);
                writer.writeToSequence(new IIOImage(img, null, md), param);
                first = false;
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
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

    /** Every pixel as B, G, R, A (opaque images get A = 255), row by row. */
    static int[][] pixels(WorkingImage image) {
        int[][] out = new int[image.width() * image.height()][];
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int[] p = TestImages.pixel(image.mat(), x, y);
                out[y * image.width() + x] = p.length == 4 ? p : new int[] {p[0], p[1], p[2], 255};
            }
        }
        return out;
    }
}
