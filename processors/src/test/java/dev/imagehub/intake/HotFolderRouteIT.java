package dev.imagehub.intake;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.image.ImageFormat;
import dev.imagehub.image.JpegStructure;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped hot folders, booted from the real config/, routes/ and templates/, with real images. */
class HotFolderRouteIT {

    @TempDir
    Path home;

    @Test
    void should_turn_photos_dropped_into_web_into_1600px_progressive_jpegs_without_metadata() throws Exception {
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            TestHub.Exchanges four = hub.expect("hotfolder-web", 4);
            hub.drop("web", "photo-sunset-1800.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.drop("web", "camera.jpg", Fixtures.bytes("photo-camera-exif-1200.jpg"));
            hub.drop("web", "portrait.jpg", Fixtures.bytes("photo-wine-portrait-1800.jpg"));
            hub.drop("web", "rotated.jpg", Fixtures.bytes("orient6-picos-800.jpg"));
            four.await();                                // Camel's events: every exchange of the route has ended

            assertThat(TestHub.names(hub.outbox("web"))).containsExactly("camera.jpg", "photo-sunset-1800.jpg", "portrait.jpg", "rotated.jpg");
            assertThat(TestHub.names(hub.done("web"))).containsExactly("camera.jpg", "photo-sunset-1800.jpg", "portrait.jpg", "rotated.jpg");
            hub.awaitInboxEmpty("web");                  // Camel removes its .camelLock marker just after the exchange

            assertDims(hub.outbox("web").resolve("photo-sunset-1800.jpg"), 1600, 1067);
            assertDims(hub.outbox("web").resolve("portrait.jpg"), 1068, 1600);     // 1201x1800 source
            assertDims(hub.outbox("web").resolve("camera.jpg"), 1200, 797);          // never upscaled
            assertDims(hub.outbox("web").resolve("rotated.jpg"), 800, 600);          // EXIF orientation 6 applied
            for (Path out : TestHub.files(hub.outbox("web"))) {
                byte[] bytes = Files.readAllBytes(out);
                JpegStructure jpeg = JpegStructure.parse(bytes);
                assertThat(Images.format(out)).isEqualTo(ImageFormat.JPEG);
                assertThat(jpeg.progressive()).as("progressive %s", out).isTrue();
                assertThat(jpeg.exif()).as("EXIF of %s", out).isNull();
                assertThat(jpeg.icc()).as("ICC of %s", out).isNull();
            }
            // the archived originals are byte-identical to what was dropped
            assertThat(Files.readAllBytes(hub.done("web").resolve("camera.jpg"))).isEqualTo(Fixtures.bytes("photo-camera-exif-1200.jpg"));
            // the 1800 px source is smaller in bytes once fitted to 1600 px at q82
            assertThat(Files.size(hub.outbox("web").resolve("photo-sunset-1800.jpg"))).isLessThan(Fixtures.bytes("photo-sunset-1800.jpg").length);
        }
    }

    @Test
    void should_crop_thumbnails_to_400_square_and_instagram_to_1080x1350() {
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            TestHub.Exchanges thumbnails = hub.expect("hotfolder-thumbnails", 2);
            TestHub.Exchanges instagram = hub.expect("hotfolder-instagram", 2);
            hub.drop("thumbnails", "sunset.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.drop("thumbnails", "rose.webp", Fixtures.bytes("webp-go-yellow-rose-alpha.webp"));
            hub.drop("instagram", "wine.jpg", Fixtures.bytes("photo-wine-portrait-1800.jpg"));
            hub.drop("instagram", "sunset.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            thumbnails.await();
            instagram.await();

            assertDims(hub.outbox("thumbnails").resolve("sunset.jpg"), 400, 400);
            // a 400x301 source is cropped to square without being enlarged
            assertDims(hub.outbox("thumbnails").resolve("rose.jpg"), 301, 301);
            assertDims(hub.outbox("instagram").resolve("wine.jpg"), 1080, 1350);
            // landscape 1800x1200: the 4:5 crop is 960x1200, kept at that size rather than upscaled
            assertDims(hub.outbox("instagram").resolve("sunset.jpg"), 960, 1200);
            // shrink-on-load: a 400 px thumbnail of an 1800x1200 JPEG needs only a half-size decode
            assertThat(hub.sql("SELECT details FROM usage_log WHERE route = 'hotfolder-thumbnails' AND step = 'decode' AND file_name = 'sunset.jpg'"))
                    .extracting(r -> (String) r.get("details")).singleElement().asString().contains("decoded at 1/2 scale");
        }
    }

    @Test
    void should_read_every_supported_format_and_flatten_transparency_onto_white() {
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            List<String> inputs = List.of("alpha-tuxpaint-anemone.png", "webp-go-yellow-rose-alpha.webp", "gif-go-video-001.gif",
                    "bmp-go-video-001.bmp", "tiff-go-video-001-deflate.tiff", "tiff-go-video-001-16bit.tiff", "photo-cmyk-video-001.jpg",
                    "photo-iphone-p3-1000.jpg");
            inputs.forEach(name -> hub.drop("web", name, Fixtures.bytes(name)));
            hub.awaitFiles(hub.done("web"), inputs.size());
            assertThat(TestHub.files(hub.failed("web"))).isEmpty();
            assertThat(TestHub.files(hub.outbox("web"))).hasSize(inputs.size());

            BufferedImage anemone = Images.read(hub.outbox("web").resolve("alpha-tuxpaint-anemone.jpg"));
            assertThat(anemone.getWidth()).isEqualTo(600);
            int corner = anemone.getRGB(2, 2);   // transparent in the source
            assertThat((corner >> 16) & 0xFF).isGreaterThan(245);
            assertThat((corner >> 8) & 0xFF).isGreaterThan(245);
            assertThat(corner & 0xFF).isGreaterThan(245);

            // CMYK JPEG: colours converted like TwelveMonkeys' colour-managed reader does, not inverted or washed out
            BufferedImage cmyk = Images.read(hub.outbox("web").resolve("photo-cmyk-video-001.jpg"));
            BufferedImage reference = Images.read(Fixtures.bytes("photo-cmyk-video-001.jpg"));
            assertThat(cmyk.getWidth()).isEqualTo(150);
            assertThat(meanAbsoluteError(cmyk, reference)).as("mean error against the reference decode").isLessThan(12.0);
        }
    }

    @Test
    void should_read_cmyk_and_jpeg_compressed_tiff_with_the_colours_of_the_rgb_original() {
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            for (String name : List.of("tiff-go-video-001-deflate.tiff", "tiff-go-video-001-cmyk-lzw.tiff", "tiff-go-video-001-jpeg.tiff")) {
                hub.drop("web", name, Fixtures.bytes(name));
            }
            hub.awaitFiles(hub.outbox("web"), 3);
            assertThat(TestHub.files(hub.failed("web"))).isEmpty();
            BufferedImage rgb = Images.read(hub.outbox("web").resolve("tiff-go-video-001-deflate.jpg"));
            BufferedImage cmyk = Images.read(hub.outbox("web").resolve("tiff-go-video-001-cmyk-lzw.jpg"));
            BufferedImage jpegTiff = Images.read(hub.outbox("web").resolve("tiff-go-video-001-jpeg.jpg"));
            assertThat(cmyk.getWidth() + "x" + cmyk.getHeight()).isEqualTo("150x103");
            assertThat(meanAbsoluteError(cmyk, rgb)).as("CMYK TIFF against the RGB original").isLessThan(8.0);
            assertThat(meanAbsoluteError(jpegTiff, rgb)).as("JPEG-compressed TIFF against the RGB original").isLessThan(8.0);
        }
    }

    @Test
    void should_record_one_ledger_row_per_operation_with_hash_sizes_and_timing() throws Exception {
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            hub.drop("web", "sunset.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.awaitFiles(hub.done("web"), 1);

            List<Map<String, Object>> rows = hub.sql("SELECT * FROM usage_log WHERE file_name = ? ORDER BY step_index", "sunset.jpg");
            assertThat(rows).extracting(r -> r.get("step"))
                    .containsExactly("probe", "decode", "autoOrient", "resize", "stripMetadata", "convert", "compress", "encode");
            String sha = FileJob.sha256(Fixtures.bytes("photo-sunset-1800.jpg"));
            for (Map<String, Object> r : rows) {
                assertThat(r.get("status")).isEqualTo("ok");
                assertThat(r.get("source")).isEqualTo("hotfolder");
                assertThat(r.get("route")).isEqualTo("hotfolder-web");
                assertThat(r.get("file_sha256")).isEqualTo(sha);
                assertThat(r.get("provider")).isEqualTo("local");
                assertThat(((Number) r.get("cost_usd")).doubleValue()).isZero();
                assertThat((Long) r.get("duration_ms")).isGreaterThanOrEqualTo(0L);
                assertThat(r.get("ts")).isNotNull();
            }
            Map<String, Object> encode = rows.get(rows.size() - 1);
            assertThat(encode.get("bytes_in")).isEqualTo((long) Fixtures.bytes("photo-sunset-1800.jpg").length);
            assertThat(encode.get("bytes_out")).isEqualTo(Files.size(hub.outbox("web").resolve("sunset.jpg")));
            assertThat((String) rows.get(1).get("details")).contains("JPEG 1800x1200");
            assertThat((String) rows.get(3).get("details")).contains("1800x1200 -> 1600x1067");
        }
    }

    @Test
    void should_give_the_same_name_dropped_twice_a_distinct_output_and_archive_name() {
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            hub.drop("web", "holiday.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.awaitFiles(hub.done("web"), 1);
            hub.drop("web", "holiday.jpg", Fixtures.bytes("photo-wine-portrait-1800.jpg"));
            hub.awaitFiles(hub.done("web"), 2);
            hub.awaitFiles(hub.outbox("web"), 2);

            assertThat(TestHub.names(hub.outbox("web"))).containsExactly("holiday-2.jpg", "holiday.jpg");
            assertThat(TestHub.names(hub.done("web"))).containsExactly("holiday-2.jpg", "holiday.jpg");
            assertDims(hub.outbox("web").resolve("holiday.jpg"), 1600, 1067);
            assertDims(hub.outbox("web").resolve("holiday-2.jpg"), 1068, 1600);
        }
    }

    @Test
    void should_process_odd_and_hostile_file_names_safely() {
        TestHub.prepareHome(home);
        String longName = "a".repeat(230) + ".jpg";
        try (TestHub hub = TestHub.start(home)) {
            byte[] photo = Fixtures.bytes("photo-camera-exif-1200.jpg");
            TestHub.Exchanges seven = hub.expect("hotfolder-web", 7);
            for (String name : List.of("my holiday (1).jpg", "фото 日本 ☀.jpg", "-rf.jpg", "--help.jpg", longName, "no-extension", "UPPER.JPEG")) {
                hub.drop("web", name, photo);
            }
            seven.await();

            assertThat(TestHub.names(hub.outbox("web"))).contains("my holiday (1).jpg", "фото 日本 ☀.jpg", "rf.jpg", "help.jpg",
                    "no-extension.jpg", "UPPER.jpg");
            assertThat(TestHub.names(hub.outbox("web"))).noneMatch(n -> n.startsWith("-"))
                    .allMatch(n -> n.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 160);
            // originals are archived under their own names
            assertThat(TestHub.names(hub.done("web"))).contains("-rf.jpg", "--help.jpg", longName, "no-extension");
            assertThat(TestHub.files(hub.failed("web"))).isEmpty();
        }
    }

    @Test
    void should_process_files_dropped_while_stopped_and_never_reprocess_finished_ones() {
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            hub.drop("web", "first.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.awaitFiles(hub.done("web"), 1);
        }
        // while the hub is down
        dropWhileStopped("web", "second.jpg", Fixtures.bytes("photo-wine-portrait-1800.jpg"));
        try (TestHub hub = TestHub.start(home)) {
            hub.awaitFiles(hub.done("web"), 2);
            hub.awaitInboxEmpty("web");
            assertThat(TestHub.names(hub.outbox("web"))).containsExactly("first.jpg", "second.jpg");
            List<Map<String, Object>> jobs = hub.sql("SELECT file_name, COUNT(DISTINCT job_id) AS jobs FROM usage_log GROUP BY file_name ORDER BY file_name");
            assertThat(jobs).extracting(r -> r.get("file_name") + "=" + r.get("jobs")).containsExactly("first.jpg=1", "second.jpg=1");
        }
    }

    @Test
    void should_start_a_new_hot_folder_from_one_added_route_file() throws Exception {
        TestHub.prepareHome(home);
        Files.writeString(home.resolve("routes/shop.camel.yaml"), """
                # inbox/shop/ -> chain "thumbnails" -> outbox/shop/
                - templatedRoute:
                    routeTemplateRef: hotfolder
                    routeId: hotfolder-shop
                    parameters:
                      - name: name
                        value: shop
                      - name: chain
                        value: thumbnails
                """);
        try (TestHub hub = TestHub.start(home)) {
            hub.drop("shop", "product.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.awaitFiles(hub.outbox("shop"), 1);
            assertDims(hub.outbox("shop").resolve("product.jpg"), 400, 400);
            assertThat(hub.sql("SELECT DISTINCT route FROM usage_log")).extracting(r -> r.get("route")).containsExactly("hotfolder-shop");
        }
    }

    private void dropWhileStopped(String folder, String name, byte[] bytes) {
        try {
            Files.createDirectories(home.resolve("inbox").resolve(folder));
            Files.write(home.resolve("inbox").resolve(folder).resolve(name), bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void assertDims(Path file, int w, int h) {
        BufferedImage img = Images.read(file);
        assertThat(img.getWidth() + "x" + img.getHeight()).as("size of %s", file.getFileName()).isEqualTo(w + "x" + h);
    }

    static double meanAbsoluteError(BufferedImage a, BufferedImage b) {
        double sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) sum += Math.abs(((p >> shift) & 0xFF) - ((q >> shift) & 0xFF));
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }

    static double[] meanRgb(BufferedImage img) {
        double r = 0, g = 0, b = 0;
        int n = img.getWidth() * img.getHeight();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                r += (p >> 16) & 0xFF;
                g += (p >> 8) & 0xFF;
                b += p & 0xFF;
            }
        }
        return new double[] {r / n, g / n, b / n};
    }
}
