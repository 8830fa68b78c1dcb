package dev.imagehub.intake;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.TestImages;
import dev.imagehub.image.EncodeSettings;
import dev.imagehub.image.ImageDecoder;
import dev.imagehub.image.ImageEncoder;
import dev.imagehub.image.ImageFormat;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.image.JpegStructure;
import dev.imagehub.image.WorkingImage;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;

import static dev.imagehub.intake.HotFolderRouteIT.assertDims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.extractChannel;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;

/** The email and webp hot folders, and byte budgets, format: auto and palettes through a real hub. */
class CompressionRouteIT {

    @TempDir
    Path home;

    private String encodeDetails(TestHub hub, String route, String file) {
        List<Map<String, Object>> rows = hub.sql("SELECT details FROM usage_log WHERE route = ? AND step = 'encode' AND file_name = ?", route, file);
        assertThat(rows).as("encode row of %s", file).hasSize(1);
        return (String) rows.get(0).get("details");
    }

    @Test
    void should_turn_photos_dropped_into_email_into_600px_jpegs_within_200kb_without_metadata() throws Exception {
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            hub.drop("email", "sunset.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.drop("email", "portrait.jpg", Fixtures.bytes("photo-wine-portrait-1800.jpg"));
            hub.drop("email", "camera.jpg", Fixtures.bytes("photo-camera-exif-1200.jpg"));
            hub.drop("email", "anemone.png", Fixtures.bytes("alpha-tuxpaint-anemone.png"));
            hub.awaitFiles(hub.outbox("email"), 4);
            hub.awaitInboxEmpty("email");

            assertThat(TestHub.names(hub.outbox("email"))).containsExactly("anemone.jpg", "camera.jpg", "portrait.jpg", "sunset.jpg");
            assertDims(hub.outbox("email").resolve("sunset.jpg"), 600, 400);
            assertDims(hub.outbox("email").resolve("portrait.jpg"), 600, 899);
            assertDims(hub.outbox("email").resolve("camera.jpg"), 600, 399);
            assertDims(hub.outbox("email").resolve("anemone.jpg"), 600, 520);
            for (Path out : TestHub.files(hub.outbox("email"))) {
                byte[] bytes = Files.readAllBytes(out);
                assertThat(Images.format(out)).isEqualTo(ImageFormat.JPEG);
                assertThat(bytes.length).as("size of %s", out.getFileName()).isLessThanOrEqualTo(200_000);
                assertThat(JpegStructure.parse(bytes).exif()).as("EXIF of %s", out.getFileName()).isNull();
            }
            for (String dropped : List.of("sunset.jpg", "portrait.jpg", "camera.jpg", "anemone.png")) {
                // at 600 px the default quality 85 already fits, so one encode is all it takes
                assertThat(encodeDetails(hub, "hotfolder-email", dropped)).contains("maxBytes 200 KB: default quality", "after 1 encode", "saved ");
            }
            // the transparent PNG lands on white, not black
            BufferedImage anemone = Images.read(hub.outbox("email").resolve("anemone.jpg"));
            assertThat(anemone.getRGB(2, 2) & 0xFFFFFF).isGreaterThan(0xF0F0F0);
            // the ledger's bytes_in/bytes_out carry the saving too
            Map<String, Object> row = hub.sql("SELECT bytes_in, bytes_out FROM usage_log WHERE step = 'encode' AND file_name = 'sunset.jpg'").get(0);
            assertThat(((Number) row.get("bytes_in")).longValue()).isEqualTo(Fixtures.bytes("photo-sunset-1800.jpg").length);
            assertThat(((Number) row.get("bytes_out")).longValue()).isEqualTo(Files.size(hub.outbox("email").resolve("sunset.jpg")));
        }
    }

    @Test
    void should_turn_images_dropped_into_webp_into_webp_within_300kb_keeping_alpha() throws Exception {
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            hub.drop("webp", "anemone.png", Fixtures.bytes("alpha-tuxpaint-anemone.png"));
            hub.drop("webp", "rose.webp", Fixtures.bytes("webp-go-yellow-rose-alpha.webp"));
            hub.drop("webp", "sunset.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.awaitFiles(hub.outbox("webp"), 3);
            hub.awaitInboxEmpty("webp");

            assertThat(TestHub.names(hub.outbox("webp"))).containsExactly("anemone.webp", "rose.webp", "sunset.webp");
            for (Path out : TestHub.files(hub.outbox("webp"))) {
                assertThat(Images.format(out)).isEqualTo(ImageFormat.WEBP);
                assertThat(Files.size(out)).as("size of %s", out.getFileName()).isLessThanOrEqualTo(300_000);
            }
            assertDims(hub.outbox("webp").resolve("anemone.webp"), 600, 520);
            assertDims(hub.outbox("webp").resolve("rose.webp"), 400, 301);
            assertDims(hub.outbox("webp").resolve("sunset.webp"), 1800, 1200);
            // transparency kept: the same pixels are transparent as in the source
            for (String[] pair : new String[][] {{"anemone.webp", "alpha-tuxpaint-anemone.png"}, {"rose.webp", "webp-go-yellow-rose-alpha.webp"}}) {
                try (Mat out = TestImages.decode(Files.readAllBytes(hub.outbox("webp").resolve(pair[0])), IMREAD_UNCHANGED);
                     Mat src = TestImages.decode(Fixtures.bytes(pair[1]), IMREAD_UNCHANGED)) {
                    assertThat(out.channels()).as("alpha channel in %s", pair[0]).isEqualTo(4);
                    assertThat(transparentPixels(out)).as("transparent pixels in %s", pair[0])
                            .isCloseTo(transparentPixels(src), org.assertj.core.data.Percentage.withPercentage(2));
                    assertThat(transparentPixels(out)).isGreaterThan(1000);
                }
            }
            assertThat(encodeDetails(hub, "hotfolder-webp", "sunset.jpg")).contains("maxBytes 300 KB", "saved ");
        }
    }

    private static int transparentPixels(Mat bgra) {
        try (Mat alpha = new Mat()) {
            extractChannel(bgra, alpha, 3);
            return alpha.rows() * alpha.cols() - countNonZero(alpha);
        }
    }

    @Test
    void should_search_the_quality_fail_impossible_budgets_pick_formats_and_write_palettes_through_the_hub() throws Exception {
        TestHub.prepareHome(home);
        Files.writeString(home.resolve("config/chains.yaml"), """

                tight:
                  steps:
                    - stripMetadata
                    - convert: { format: jpeg }
                    - compress: { maxBytes: 90KB, progressive: true }
                impossible:
                  steps:
                    - convert: { format: jpeg }
                    - compress: { maxBytes: 5KB }
                smallest:
                  steps:
                    - convert: { format: auto, formats: [png, jpeg, webp] }
                    - compress: { quality: 80 }
                indexed:
                  steps:
                    - convert: { format: png }
                    - compress: { palette: 64, pngCompression: 9 }
                """, StandardOpenOption.APPEND);
        for (String name : List.of("tight", "impossible", "smallest", "indexed")) {
            Files.writeString(home.resolve("routes/" + name + ".camel.yaml"), """
                    # inbox/%1$s/ -> chain "%1$s" -> outbox/%1$s/ (test only)
                    - templatedRoute:
                        routeTemplateRef: hotfolder
                        routeId: hotfolder-%1$s
                        parameters:
                          - name: name
                            value: %1$s
                          - name: chain
                            value: %1$s
                    """.formatted(name));
        }
        try (TestHub hub = TestHub.start(home)) {
            hub.drop("tight", "sunset.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.drop("impossible", "sunset.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.drop("smallest", "camera.jpg", Fixtures.bytes("photo-camera-exif-1200.jpg"));
            hub.drop("indexed", "anemone.png", Fixtures.bytes("alpha-tuxpaint-anemone.png"));
            hub.awaitFiles(hub.outbox("tight"), 1);
            hub.awaitFiles(hub.failed("impossible"), 2);
            hub.awaitFiles(hub.outbox("smallest"), 1);
            hub.awaitFiles(hub.outbox("indexed"), 1);

            // tight: the highest quality within 90 KB, found in at most 7 encodes, recorded in the ledger
            Path tight = hub.outbox("tight").resolve("sunset.jpg");
            assertThat(Files.size(tight)).isLessThanOrEqualTo(90_000);
            assertThat(JpegStructure.parse(Files.readAllBytes(tight)).progressive()).isTrue();
            String details = encodeDetails(hub, "hotfolder-tight", "sunset.jpg");
            Matcher m = Pattern.compile("maxBytes 90 KB: quality (\\d+), .* after (\\d+) encodes .*; saved (\\d+)% \\(230 KB -> ").matcher(details);
            assertThat(m.find()).as(details).isTrue();
            int quality = Integer.parseInt(m.group(1));
            assertThat(Integer.parseInt(m.group(2))).isBetween(2, 7);
            assertThat(Integer.parseInt(m.group(3))).isEqualTo((int) Math.round(100.0 * (230_214 - Files.size(tight)) / 230_214));
            try (WorkingImage source = decode("photo-sunset-1800.jpg")) {
                EncodeSettings next = new EncodeSettings();
                next.quality(quality + 1);
                next.progressive(true);
                assertThat(ImageEncoder.encode(source, ImageFormat.JPEG, next, null, null).length).as("quality %d", quality + 1).isGreaterThan(90_000);
            }

            // impossible: the original in failed/ with a reason naming the option, the size reached and the budget
            Map<String, Object> sidecar = FailureSidecar.fromJson(Files.readString(hub.failed("impossible").resolve("sunset.jpg.error.json")));
            assertThat(sidecar.get("step")).isEqualTo("encode");
            assertThat((String) sidecar.get("reason")).matches("step 'compress', option 'maxBytes': at quality 40 the JPEG is \\d+ KB, over the 5 KB budget; "
                    + "allow downscale: true, lower minQuality or raise maxBytes");

            // smallest: of PNG, JPEG and WebP at quality 80, the smallest wins, and the candidates are in the ledger
            assertThat(TestHub.names(hub.outbox("smallest"))).containsExactly("camera.webp");
            assertThat(encodeDetails(hub, "hotfolder-smallest", "camera.jpg")).containsPattern("auto: WEBP \\d+ KB, JPEG \\d+ KB, PNG [\\d.]+ [KM]B at quality 80 -> WEBP");

            // indexed: a palette PNG of at most 64 colours with its transparency
            BufferedImage png = Images.read(hub.outbox("indexed").resolve("anemone.png"));
            assertThat(png.getColorModel()).isInstanceOf(IndexColorModel.class);
            assertThat(paletteEntries(Files.readAllBytes(hub.outbox("indexed").resolve("anemone.png")))).isBetween(2, 64);
            assertThat(png.getColorModel().hasAlpha()).isTrue();
            assertThat(png.getRGB(0, 0) >>> 24).as("transparent corner").isZero();
        }
    }

    /** The number of colours in a PNG's PLTE chunk (its length / 3). */
    static int paletteEntries(byte[] png) {
        for (int i = 12; i + 4 <= png.length; i++) {
            if (png[i] == 'P' && png[i + 1] == 'L' && png[i + 2] == 'T' && png[i + 3] == 'E') {
                return java.nio.ByteBuffer.wrap(png, i - 4, 4).getInt() / 3;
            }
        }
        throw new AssertionError("no PLTE chunk: not a palette PNG");
    }

    private static WorkingImage decode(String fixture) throws Exception {
        byte[] bytes = Fixtures.bytes(fixture);
        return ImageDecoder.decode(bytes, ImageProbe.probe(bytes), 1);
    }
}
