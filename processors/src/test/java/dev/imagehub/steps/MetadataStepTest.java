package dev.imagehub.steps;

import java.awt.color.ICC_ColorSpace;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;

import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Node;

import com.twelvemonkeys.imageio.metadata.CompoundDirectory;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;

import dev.imagehub.TestImages;
import dev.imagehub.chain.ChainCatalog;
import dev.imagehub.chain.ChainDefinition;
import dev.imagehub.chain.ChainResult;
import dev.imagehub.chain.ChainRunner;
import dev.imagehub.chain.StepCatalog;
import dev.imagehub.config.ConfigException;
import dev.imagehub.image.ExifOrientation;
import dev.imagehub.image.ExifTool;
import dev.imagehub.image.TestExif;
import dev.imagehub.image.ImageFormat;
import dev.imagehub.image.ImageInfo;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.image.JpegStructure;
import dev.imagehub.image.PngChunks;
import dev.imagehub.image.SourceMetadata;
import dev.imagehub.image.WebpChunks;
import dev.imagehub.ledger.UsageRecord;
import dev.imagehub.testing.Fixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;

/**
 * The metadata policy through whole chains on real camera JPEGs: what survives with keep all / copyright / none, GPS
 * forced off, orientation tags that always agree with the pixels, and metadata in PNG and WebP outputs read back by
 * other tools (ImageIO, TwelveMonkeys, libwebp and, when installed, exiftool).
 */
class MetadataStepTest {
    private static final String CAMERA = "photo-camera-exif-1200.jpg";
    private static final String IPHONE = "photo-iphone-p3-1000.jpg";
    private static final String ORIENT6 = "orient6-picos-800.jpg";
    private static StepCatalog steps;

    @TempDir
    Path home;

    @BeforeAll
    static void discoverSteps() {
        steps = StepCatalog.discover();
    }

    @Test
    void should_keep_camera_exif_with_keep_all() throws Exception {
        for (String fixture : new String[] {CAMERA, IPHONE}) {
            // when
            ChainResult result = run(fixture, "- metadata: { keep: all }\n    - resize: { width: 600 }");

            // then
            CompoundDirectory exif = tiff(JpegStructure.parse(output(result)).exif());
            String make = fixture.equals(CAMERA) ? "PENTAX" : "Apple";
            assertThat(text(exif, 0, 0x010F)).as(fixture).isEqualTo(make);
            assertThat(text(exif, 0, 0x0110)).as(fixture).isNotBlank();
            assertThat(exifIfdText(exif, 0x9003)).as(fixture + " DateTimeOriginal").matches("\\d{4}:\\d\\d:\\d\\d \\d\\d:\\d\\d:\\d\\d");
            assertThat(exifIfdText(exif, 0x927C)).as("MakerNote").isNull();
            assertThat(exifIfdText(exif, 0xA002)).as("PixelXDimension").isEqualTo("600");
            assertThat(exif.directoryCount()).as("no IFD1 thumbnail").isEqualTo(1);
        }
    }

    @Test
    void should_keep_only_copyright_and_artist_with_keep_copyright() throws Exception {
        // when
        ChainResult result = run(CAMERA, "- metadata: { keep: copyright }");

        // then
        CompoundDirectory exif = tiff(JpegStructure.parse(output(result)).exif());
        assertThat(text(exif, 0, 0x8298)).isEqualTo("Stef Binde www.vogliaditerra.com");
        assertThat(text(exif, 0, 0x013B)).isEqualTo("Stef Binde");
        assertThat(text(exif, 0, 0x010F)).as("Make").isNull();
        assertThat(text(exif, 0, 0x9003)).as("DateTimeOriginal").isNull();
        assertThat(exif.getDirectory(0).getEntryById(0x8769)).as("Exif sub-IFD").isNull();
        assertThat(encodeNote(result)).contains("kept Copyright and Artist only");
    }

    @Test
    void should_strip_everything_with_keep_none_and_with_strip_metadata() throws Exception {
        for (String chain : new String[] {"- metadata: { keep: none }", "- stripMetadata"}) {
            // when
            ChainResult result = run(CAMERA, chain);

            // then
            byte[] out = output(result);
            JpegStructure s = JpegStructure.parse(out);
            assertThat(s.exif()).as(chain).isNull();
            assertThat(s.icc()).as(chain).isNull();
            assertThat(SourceMetadata.xmp(out, ImageFormat.JPEG)).as(chain).isNull();
            // the encode note lists metadata work when there is any; with keep: none there is none
            assertThat(encodeNote(result)).as("no metadata work on the hot path").startsWith("JPEG 1200x797; quality")
                    .doesNotContainIgnoringCase("exif").doesNotContainIgnoringCase("xmp").doesNotContainIgnoringCase("profile");
        }
    }

    @Test
    void should_remove_gps_when_forced_off_and_keep_it_otherwise() throws Exception {
        // given: a copy of the iPhone photo whose EXIF has a GPS position and a copyright, and an XMP packet with GPS
        byte[] exif = TestExif.withGpsAndCopyright(ByteOrder.BIG_ENDIAN);
        byte[] source = withXmp(JpegStructure.withMetadata(Fixtures.bytes(IPHONE), exif, null), TestExif.XMP_WITH_GPS);

        // when
        byte[] withGps = output(run(source, "- metadata: { keep: all }"));
        byte[] noGps = output(run(source, "- metadata: { keep: all, gps: false }"));
        byte[] copyright = output(run(source, "- metadata: { keep: copyright, gps: false }"));

        // then
        assertThat(tiff(JpegStructure.parse(withGps).exif()).getDirectory(0).getEntryById(0x8825)).isNotNull();
        assertThat(new String(SourceMetadata.xmp(withGps, ImageFormat.JPEG), StandardCharsets.UTF_8)).contains("GPSLatitude");
        CompoundDirectory stripped = tiff(JpegStructure.parse(noGps).exif());
        assertThat(stripped.getDirectory(0).getEntryById(0x8825)).isNull();
        assertThat(text(stripped, 0, 0x010F)).isEqualTo("TestCam");
        String xmp = new String(SourceMetadata.xmp(noGps, ImageFormat.JPEG), StandardCharsets.UTF_8);
        assertThat(xmp).doesNotContain("GPS").contains("(c) Test Photographer");
        assertThat(text(tiff(JpegStructure.parse(copyright).exif()), 0, 0x8298)).isEqualTo("(c) Test Photographer");
        assertThat(new String(SourceMetadata.xmp(copyright, ImageFormat.JPEG), StandardCharsets.UTF_8))
                .contains("(c) Test Photographer").doesNotContain("GPS").doesNotContain("CreatorTool");
    }

    @Test
    void should_keep_orientation_6_with_unrotated_pixels_when_autoOrient_does_not_run() throws Exception {
        // when
        byte[] out = output(run(ORIENT6, "- metadata: { keep: all }"));

        // then: stored 600x800 as in the source, and the tag still says 6
        JpegStructure s = JpegStructure.parse(out);
        assertThat(s.width()).isEqualTo(600);
        assertThat(s.height()).isEqualTo(800);
        assertThat(ExifOrientation.read(s.exif())).isEqualTo(6);
        assertSameContent(out, Fixtures.bytes(ORIENT6));
    }

    @Test
    void should_write_orientation_1_with_rotated_pixels_after_autoOrient() throws Exception {
        // when
        byte[] out = output(run(ORIENT6, "- autoOrient\n    - metadata: { keep: all }"));

        // then
        JpegStructure s = JpegStructure.parse(out);
        assertThat(s.width()).isEqualTo(800);
        assertThat(s.height()).isEqualTo(600);
        assertThat(ExifOrientation.read(s.exif())).isEqualTo(1);
        assertThat(tiff(s.exif()).getDirectory(0).getEntryById(0x0112).getValueAsString()).isEqualTo("1");
    }

    @Test
    void should_rotate_the_pixels_when_the_policy_drops_the_orientation_tag() throws Exception {
        for (String chain : new String[] {"- metadata: { keep: copyright }", "- metadata: { keep: none }"}) {
            // when
            ChainResult result = run(ORIENT6, chain);

            // then
            JpegStructure s = JpegStructure.parse(output(result));
            assertThat(s.width()).as(chain).isEqualTo(800);
            assertThat(s.height()).as(chain).isEqualTo(600);
            assertThat(ExifOrientation.read(s.exif())).as(chain).isEqualTo(1);
            assertThat(encodeNote(result)).contains("applied EXIF orientation 6");
        }
    }

    @Test
    void should_write_exif_and_icc_chunks_into_png() throws Exception {
        // when
        byte[] png = output(run(CAMERA, "- metadata: { keep: all }\n    - convert: { format: png }"));

        // then: our reader finds the chunks, ImageIO sees the iCCP chunk and the camera's EXIF
        PngChunks.Found found = PngChunks.read(png);
        assertThat(text(tiff(found.exif()), 0, 0x0110)).isEqualTo("PENTAX K-7");
        assertThat(found.icc()).isEqualTo(JpegStructure.parse(Fixtures.bytes(CAMERA)).icc());
        Node root = imageIoMetadata(png, "javax_imageio_png_1.0");
        assertThat(child(root, "iCCP")).as("ImageIO reads the iCCP chunk").isNotNull();
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(decoded.getWidth()).isEqualTo(1200);
        if (ExifTool.available()) {
            Path file = Files.write(home.resolve("out.png"), png);
            Map<String, String> tags = ExifTool.tags(file);
            assertThat(tags).containsEntry("[IFD0] Make", "PENTAX").containsEntry("[ExifIFD] DateTimeOriginal", "2014:11:18 17:43:55");
            assertThat(tags.get("[ICC_Profile] ProfileDescription")).contains("sRGB");
            assertThat(ExifTool.warnings(file)).noneMatch(w -> w.contains("CRC") || w.contains("chunk"));
        }
    }

    @Test
    void should_write_exif_and_icc_chunks_into_webp() throws Exception {
        // when: Display P3 kept, so the profile must travel in the ICCP chunk
        byte[] webp = output(run(IPHONE, "- metadata: { keep: all, color: keep }\n    - convert: { format: webp }"));

        // then
        assertThat(new String(webp, 12, 4, StandardCharsets.US_ASCII)).isEqualTo("VP8X");
        WebpChunks.Found found = WebpChunks.read(webp);
        assertThat(text(tiff(found.exif()), 0, 0x010F)).isEqualTo("Apple");
        assertThat(found.icc()).isEqualTo(JpegStructure.parse(Fixtures.bytes(IPHONE)).icc());
        // TwelveMonkeys reads the container and applies the ICCP profile to the image's colour space
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(webp));
        assertThat(decoded.getWidth()).isEqualTo(1000);
        assertThat(decoded.getColorModel().getColorSpace()).isInstanceOf(ICC_ColorSpace.class);
        // libwebp (OpenCV) decodes the extended layout too
        try (Mat m = TestImages.decode(webp, IMREAD_COLOR)) {
            assertThat(m.cols()).isEqualTo(1000);
            assertThat(m.rows()).isEqualTo(750);
        }
        if (ExifTool.available()) {
            Path file = Files.write(home.resolve("out.webp"), webp);
            Map<String, String> tags = ExifTool.tags(file);
            assertThat(tags).containsEntry("[IFD0] Model", "iPhone 7").containsEntry("[ICC_Profile] ProfileDescription", "Display P3");
            assertThat(ExifTool.warnings(file)).isEmpty();
        }
    }

    @Test
    void should_write_xmp_into_png_and_webp() throws Exception {
        byte[] source = withXmp(Fixtures.bytes(CAMERA), TestExif.XMP_WITH_GPS);
        for (String format : new String[] {"png", "webp"}) {
            // when
            byte[] out = output(run(source, "- metadata: { gps: false }\n    - convert: { format: " + format + " }"));

            // then
            String xmp = new String(SourceMetadata.xmp(out, ImageFormat.fromName(format)), StandardCharsets.UTF_8);
            assertThat(xmp).as(format).contains("(c) Test Photographer").doesNotContain("GPS");
            if (ExifTool.available()) {
                Map<String, String> tags = ExifTool.tags(Files.write(home.resolve("xmp." + format), out));
                assertThat(tags).as(format).containsEntry("[XMP-dc] Rights", "(c) Test Photographer");
            }
        }
    }

    @Test
    void should_drop_metadata_for_gif_and_say_so() throws Exception {
        // when
        ChainResult result = run(ORIENT6, "- metadata: { keep: all }\n    - convert: { format: gif }");

        // then: the pixels are turned upright since no tag can travel
        assertThat(encodeNote(result)).contains("GIF cannot carry metadata").contains("applied EXIF orientation 6");
        ChainResult.Output out = result.outputs().get(0);
        assertThat(out.width()).isEqualTo(800);
        assertThat(out.height()).isEqualTo(600);
    }

    @Test
    void should_refuse_an_unknown_keep_value_at_start_up() {
        assertThatThrownBy(() -> chain("- metadata: { keep: some }"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("keep").hasMessageContaining("none, copyright, all");
    }

    // The output decoded as stored (no orientation applied) matches the source decoded the same way.
    private static void assertSameContent(byte[] out, byte[] source) {
        try (Mat a = TestImages.decode(out, IMREAD_COLOR | IMREAD_IGNORE_ORIENTATION);
             Mat b = TestImages.decode(source, IMREAD_COLOR | IMREAD_IGNORE_ORIENTATION)) {
            assertThat(a.cols()).isEqualTo(b.cols());
            assertThat(dev.imagehub.image.PixelError.mean(a, b)).isLessThan(3.0);
        }
    }

    /** {@code jpeg} with an XMP APP1 segment right after SOI, as cameras and editors write it. */
    static byte[] withXmp(byte[] jpeg, String xmp) {
        byte[] id = "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.ISO_8859_1);
        byte[] packet = xmp.getBytes(StandardCharsets.UTF_8);
        int len = 2 + id.length + packet.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xE1);
        out.write(len >> 8);
        out.write(len & 0xFF);
        out.writeBytes(id);
        out.writeBytes(packet);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static Node imageIoMetadata(byte[] bytes, String format) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            try {
                reader.setInput(in);
                IIOMetadata meta = reader.getImageMetadata(0);
                return meta.getAsTree(format);
            } finally {
                reader.dispose();
            }
        }
    }

    private static Node child(Node parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) if (n.getNodeName().equals(name)) return n;
        return null;
    }

    private static CompoundDirectory tiff(byte[] exif) throws IOException {
        assertThat(exif).as("EXIF block").isNotNull();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(exif))) {
            return (CompoundDirectory) new TIFFReader().read(in);
        }
    }

    private static String text(CompoundDirectory tiff, int dir, int tag) {
        var e = tiff.getDirectory(dir).getEntryById(tag);
        return e == null ? null : e.getValueAsString().trim();
    }

    private static String exifIfdText(CompoundDirectory tiff, int tag) {
        var pointer = tiff.getDirectory(0).getEntryById(0x8769);
        if (pointer == null) return null;
        var e = ((com.twelvemonkeys.imageio.metadata.Directory) pointer.getValue()).getEntryById(tag);
        return e == null ? null : e.getValueAsString().trim();
    }

    private static byte[] output(ChainResult result) {
        return result.outputs().get(0).bytes();
    }

    private static String encodeNote(ChainResult result) {
        return result.usage().stream().filter(u -> u.step().equals("encode")).map(UsageRecord::details).findFirst().orElseThrow();
    }

    private ChainResult run(String fixture, String stepLines) throws Exception {
        return run(Fixtures.bytes(fixture), stepLines);
    }

    private ChainResult run(byte[] source, String stepLines) throws Exception {
        ImageInfo info = ImageProbe.probe(source);
        return ChainRunner.run(chain(stepLines + "\n    - compress: { quality: 92 }"), "photo.jpg", source, info);
    }

    private ChainDefinition chain(String stepLines) throws IOException {
        Path dir = Files.createDirectories(home.resolve("config"));
        Files.writeString(dir.resolve(ChainCatalog.CHAINS_FILE), "test:\n  steps:\n    " + stepLines + "\n");
        return ChainCatalog.load(dir, "config", steps).get("test");
    }
}
