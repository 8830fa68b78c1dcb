package dev.imagehub.chain;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Node;

import dev.imagehub.image.Animations;
import dev.imagehub.image.ImageFormat;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.ledger.UsageRecord;
import dev.imagehub.testing.Fixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Animated GIF and WebP through real chains: every frame is resized, delays and looping survive, GIF and WebP keep the
 * animation, and a format that cannot animate is refused rather than given the first frame only. Also the encode
 * failure of an AVIF the encoder refuses, as the chain reports it.
 */
class AnimationChainTest {
    private static final String ANIMATED_GIF = "gif-hugin-ca-fringes-animated.gif";
    private static StepCatalog steps;

    @TempDir
    Path home;

    @BeforeAll
    static void discoverSteps() {
        steps = StepCatalog.discover();
    }

    @Test
    void should_resize_every_frame_of_an_animated_gif_and_keep_it_animated_as_gif() throws Exception {
        // given the real 3-frame, 320x320 animation (1 s per frame, looping forever)
        byte[] gif = Fixtures.bytes(ANIMATED_GIF);

        // when
        ChainResult result = ChainRunner.run(chain("- resize: { width: 160, height: 160 }", "- convert: { format: gif }"),
                "fringes.gif", gif, ImageProbe.probe(gif));

        // then: read back with ImageIO, independent of the hub's reader
        byte[] out = result.outputs().get(0).bytes();
        assertThat(result.outputs()).hasSize(1);
        assertThat(ImageFormat.sniff(out)).isEqualTo(ImageFormat.GIF);
        List<BufferedImage> frames = imageIoFrames(out);
        assertThat(frames).hasSize(3);
        assertThat(frames).allSatisfy(f -> assertThat(new int[] {f.getWidth(), f.getHeight()}).containsExactly(160, 160));
        assertThat(gifDelaysCs(out)).containsExactly(100, 100, 100);
        assertThat(Animations.loopCount(out, ImageFormat.GIF)).as("loops forever, like the source").isZero();
        assertFramesFollowTheSource(frames, imageIoFrames(gif));
    }

    @Test
    void should_turn_an_animated_gif_into_an_animated_webp_with_the_same_frames_and_delays() throws Exception {
        byte[] gif = Fixtures.bytes(ANIMATED_GIF);

        ChainResult result = ChainRunner.run(chain("- resize: { width: 160, height: 160 }", "- convert: { format: webp }"),
                "fringes.gif", gif, ImageProbe.probe(gif));

        byte[] out = result.outputs().get(0).bytes();
        assertThat(ImageFormat.sniff(out)).isEqualTo(ImageFormat.WEBP);
        // TwelveMonkeys reads the frames back
        List<BufferedImage> frames = imageIoFrames(out);
        assertThat(frames).hasSize(3);
        assertThat(frames).allSatisfy(f -> assertThat(new int[] {f.getWidth(), f.getHeight()}).containsExactly(160, 160));
        assertThat(webpDurationsMs(out)).containsExactly(1000, 1000, 1000);
        assertThat(Animations.loopCount(out, ImageFormat.WEBP)).isZero();
        assertFramesFollowTheSource(frames, imageIoFrames(gif));
        // and lossy WebP is far smaller than the GIF
        assertThat(out.length).isLessThan(gif.length / 3);
    }

    @Test
    void should_turn_an_animated_webp_into_an_animated_gif() throws Exception {
        byte[] webp = Fixtures.bytes("webp-hugin-ca-fringes-animated.webp");

        ChainResult result = ChainRunner.run(chain("- resize: { width: 100, height: 100 }", "- convert: { format: gif }"),
                "fringes.webp", webp, ImageProbe.probe(webp));

        byte[] out = result.outputs().get(0).bytes();
        List<BufferedImage> frames = imageIoFrames(out);
        assertThat(frames).hasSize(3);
        assertThat(frames).allSatisfy(f -> assertThat(new int[] {f.getWidth(), f.getHeight()}).containsExactly(100, 100));
        assertThat(gifDelaysCs(out)).containsExactly(100, 100, 100);
        assertFramesFollowTheSource(frames, imageIoFrames(Fixtures.bytes(ANIMATED_GIF)));
    }

    @Test
    void should_refuse_to_write_an_animation_as_jpeg_instead_of_keeping_the_first_frame() throws Exception {
        byte[] gif = Fixtures.bytes(ANIMATED_GIF);

        StepFailure failure = catchThrowableOfType(StepFailure.class, () -> ChainRunner.run(
                chain("- resize: { width: 160, height: 160 }", "- convert: { format: jpeg }"), "fringes.gif", gif, ImageProbe.probe(gif)));

        assertThat(failure).isNotNull();
        assertThat(failure.step()).isEqualTo("encode");
        assertThat(failure.getMessage()).contains("animated (3 frames)", "JPEG", "cannot hold an animation", "gif or webp");
        assertThat(failure.usage()).extracting(UsageRecord::step).containsExactly("decode", "resize", "convert", "encode");
        assertThat(failure.usage()).extracting(UsageRecord::status).containsExactly("ok", "ok", "ok", "failed");
        // refused after the first frame: the other frames were never decoded
        assertThat(failure.usage().get(0).bytesOut()).isEqualTo(320L * 320 * 3);
    }

    @Test
    void should_write_one_ledger_row_per_operation_with_the_frame_count() throws Exception {
        byte[] gif = Fixtures.bytes(ANIMATED_GIF);

        ChainResult result = ChainRunner.run(chain("- resize: { width: 160, height: 160 }", "- convert: { format: webp }"),
                "fringes.gif", gif, ImageProbe.probe(gif));

        List<UsageRecord> rows = result.usage();
        assertThat(rows).extracting(UsageRecord::step).containsExactly("decode", "resize", "convert", "encode");
        assertThat(rows).extracting(UsageRecord::stepIndex).containsExactly(0, 1, 2, 3);
        assertThat(rows).allSatisfy(r -> assertThat(r.status()).isEqualTo("ok"));
        assertThat(rows.get(0).details()).contains("GIF 320x320", "3 frames");
        assertThat(rows.get(1).details()).contains("320x320 -> 160x160", "on each of 3 frames");
        assertThat(rows.get(1).bytesIn()).as("pixels of all frames").isEqualTo(3L * 320 * 320 * 3);
        assertThat(rows.get(3).details()).contains("WEBP 160x160", "3 frames", "1000 ms per frame", "loops forever");
        assertThat(rows.get(3).bytesOut()).isEqualTo(result.outputs().get(0).bytes().length);
    }

    @Test
    void should_lower_the_webp_quality_until_an_animation_fits_the_byte_budget() throws Exception {
        byte[] gif = Fixtures.bytes(ANIMATED_GIF);
        ChainDefinition plain = chain("- convert: { format: webp }");
        int unlimited = ChainRunner.run(plain, "fringes.gif", gif, ImageProbe.probe(gif)).outputs().get(0).bytes().length;
        long budget = unlimited * 6L / 10;

        ChainResult result = ChainRunner.run(withBudget(plain, budget), "fringes.gif", gif, ImageProbe.probe(gif));

        byte[] out = result.outputs().get(0).bytes();
        assertThat(out.length).as("budget %d, unlimited %d", budget, unlimited).isLessThanOrEqualTo((int) budget);
        assertThat(imageIoFrames(out)).hasSize(3);

        // GIF has no quality to lower: over the budget it fails and says what size it reached
        StepFailure failure = catchThrowableOfType(StepFailure.class, () -> ChainRunner.run(
                withBudget(chain("- convert: { format: gif }"), 10_000), "fringes.gif", gif, ImageProbe.probe(gif)));
        assertThat(failure.step()).isEqualTo("encode");
        assertThat(failure.getMessage()).contains("animated GIF is", "over the budget of 10000 bytes");
    }

    @Test
    void should_fail_the_file_at_encode_naming_avif_when_the_av1_encoder_refuses_the_image() throws Exception {
        // a real (if odd) PNG: 65536x2, one pixel wider than AVIF allows
        byte[] png;
        try (org.bytedeco.opencv.opencv_core.Mat wide = new org.bytedeco.opencv.opencv_core.Mat(2, 65_536,
                org.bytedeco.opencv.global.opencv_core.CV_8UC3, new org.bytedeco.opencv.opencv_core.Scalar(90, 120, 150, 0))) {
            png = dev.imagehub.TestImages.encode(".png", wide);
        }

        StepFailure failure = catchThrowableOfType(StepFailure.class, () -> ChainRunner.run(chain("- convert: { format: avif }"),
                "wide.png", png, ImageProbe.probe(png)));

        assertThat(failure).isNotNull();
        assertThat(failure.step()).isEqualTo("encode");
        assertThat(failure.getMessage()).startsWith("encoding AVIF failed: the AV1 encoder (libaom-av1)").contains("65536x2", "too large");
        assertThat(failure.usage()).extracting(UsageRecord::step).containsExactly("decode", "convert", "encode");
        assertThat(failure.usage().get(2).status()).isEqualTo("failed");
    }

    /** A chain with an extra step that sets a byte budget, as a compress step with maxBytes would. */
    private static ChainDefinition withBudget(ChainDefinition chain, long maxBytes) {
        ImageStep<NoOptions> budget = new ImageStep<>() {
            @Override public String name() { return "budget"; }
            @Override public String summary() { return "sets maxBytes"; }
            @Override public Class<NoOptions> optionsType() { return NoOptions.class; }
            @Override public void apply(StepContext ctx, NoOptions options) { ctx.encode().maxBytes(maxBytes); }
        };
        List<ConfiguredStep<?>> list = new ArrayList<>(chain.steps());
        list.add(new ConfiguredStep<>(budget, new NoOptions(), null));
        return new ChainDefinition(chain.name(), chain.description(), list);
    }

    /** Options of the budget step: none. */
    record NoOptions() {
    }

    // Each output frame looks most like the source frame at the same position (mean colour distance on a coarse grid).
    private static void assertFramesFollowTheSource(List<BufferedImage> out, List<BufferedImage> source) {
        for (int i = 0; i < out.size(); i++) {
            int best = -1;
            double bestDistance = Double.MAX_VALUE;
            for (int j = 0; j < source.size(); j++) {
                double d = distance(out.get(i), source.get(j));
                if (d < bestDistance) {
                    bestDistance = d;
                    best = j;
                }
            }
            assertThat(best).as("source frame closest to output frame %d", i).isEqualTo(i);
            assertThat(bestDistance).as("mean channel distance of frame %d", i).isLessThan(20);
        }
    }

    private static double distance(BufferedImage a, BufferedImage b) {
        double sum = 0;
        int n = 0;
        for (int gy = 0; gy < 16; gy++) {
            for (int gx = 0; gx < 16; gx++) {
                int pa = a.getRGB((gx * 2 + 1) * a.getWidth() / 32, (gy * 2 + 1) * a.getHeight() / 32);
                int pb = b.getRGB((gx * 2 + 1) * b.getWidth() / 32, (gy * 2 + 1) * b.getHeight() / 32);
                for (int s = 0; s < 24; s += 8) sum += Math.abs(((pa >> s) & 0xFF) - ((pb >> s) & 0xFF));
                n += 3;
            }
        }
        return sum / n;
    }

    /** Frames as ImageIO (JDK GIF reader, TwelveMonkeys WebP reader) returns them. */
    static List<BufferedImage> imageIoFrames(byte[] bytes) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            try {
                reader.setInput(in);
                List<BufferedImage> frames = new ArrayList<>();
                for (int i = 0; i < reader.getNumImages(true); i++) frames.add(reader.read(i));
                return frames;
            } finally {
                reader.dispose();
            }
        }
    }

    static List<Integer> gifDelaysCs(byte[] gif) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            try {
                reader.setInput(in);
                List<Integer> delays = new ArrayList<>();
                for (int i = 0; i < reader.getNumImages(true); i++) {
                    IIOMetadata md = reader.getImageMetadata(i);
                    Node root = md.getAsTree("javax_imageio_gif_image_1.0");
                    for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                        if (n.getNodeName().equals("GraphicControlExtension")) {
                            delays.add(Integer.parseInt(n.getAttributes().getNamedItem("delayTime").getNodeValue()));
                        }
                    }
                }
                return delays;
            } finally {
                reader.dispose();
            }
        }
    }

    /** Frame durations from the ANMF chunks of a WebP (24-bit little-endian at offset 12 of each chunk's payload). */
    static List<Integer> webpDurationsMs(byte[] b) {
        List<Integer> durations = new ArrayList<>();
        int pos = 12;
        while (pos + 8 <= b.length) {
            int size = (b[pos + 4] & 0xFF) | (b[pos + 5] & 0xFF) << 8 | (b[pos + 6] & 0xFF) << 16 | (b[pos + 7] & 0xFF) << 24;
            if (b[pos] == 'A' && b[pos + 1] == 'N' && b[pos + 2] == 'M' && b[pos + 3] == 'F') {
                int p = pos + 8 + 12;
                durations.add((b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16);
            }
            pos += 8 + size + (size & 1);
        }
        return durations;
    }

    private ChainDefinition chain(String... stepLines) throws IOException {
        Path dir = Files.createDirectories(home.resolve("config"));
        Files.writeString(dir.resolve(ChainCatalog.CHAINS_FILE), "test:\n  steps:\n    " + String.join("\n    ", stepLines) + "\n");
        return ChainCatalog.load(dir, "config", steps).get("test");
    }
}
