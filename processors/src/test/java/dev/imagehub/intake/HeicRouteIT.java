package dev.imagehub.intake;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.image.ExifOrientation;
import dev.imagehub.image.ImageDecoder;
import dev.imagehub.image.ImageFormat;
import dev.imagehub.image.ImageInfo;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.image.WorkingImage;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.mean;

/**
 * Photos straight from a phone: a HEIC dropped into the shipped folders comes out like the same photo as JPEG would
 * (upright once, Display P3 converted to sRGB, its own title for blog-header), and damaged HEIC is refused with reasons.
 */
class HeicRouteIT {

    @TempDir
    Path home;

    @Test
    void a_phone_photo_goes_through_the_folders_like_the_same_photo_as_jpeg() throws Exception {
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            hub.drop("web", "IMG_0042.HEIC", Fixtures.bytes("heic-grid-p3-1000.heic"));
            hub.drop("web", "same-as-jpeg.jpg", Fixtures.bytes("photo-iphone-p3-1000.jpg"));
            hub.drop("enhance", "IMG_0042.HEIC", Fixtures.bytes("heic-grid-p3-1000.heic"));
            hub.drop("blog-header", "IMG_0042.HEIC", Fixtures.bytes("heic-grid-p3-1000.heic"));
            hub.awaitFiles(hub.done("web"), 2);
            hub.awaitFiles(hub.done("enhance"), 1);
            hub.awaitFiles(hub.done("blog-header"), 1);

            // web: a JPEG (HEIC is read, not written), upright, colours converted from P3 like the JPEG's
            assertThat(TestHub.names(hub.outbox("web"))).containsExactly("IMG_0042.jpg", "same-as-jpeg.jpg");
            Path fromHeic = hub.outbox("web").resolve("IMG_0042.jpg");
            assertThat(Images.format(fromHeic)).isEqualTo(ImageFormat.JPEG);
            try (WorkingImage heic = decode(fromHeic); WorkingImage jpeg = decode(hub.outbox("web").resolve("same-as-jpeg.jpg"))) {
                assertThat(new int[] {heic.width(), heic.height()}).containsExactly(1000, 750);
                assertThat(meanAbsoluteError(heic.mat(), jpeg.mat())).isLessThan(3.0);
            }
            List<Map<String, Object>> decodeRow = hub.sql("SELECT details FROM usage_log WHERE file_name = 'IMG_0042.HEIC' AND route = 'hotfolder-web' AND step = 'decode'");
            assertThat(decodeRow).hasSize(1);

            // enhance keeps the metadata: the EXIF travels, saying orientation 1, since the pixels are already upright
            Path enhanced = hub.outbox("enhance").resolve("IMG_0042.jpg");
            ImageInfo out = ImageProbe.probe(Files.readAllBytes(enhanced));
            assertThat(new int[] {out.width(), out.height()}).containsExactly(1000, 750);
            assertThat(out.exif()).isNotNull();
            assertThat(ExifOrientation.read(out.exif())).isEqualTo(1);

            // blog-header: the title comes from the photo's own XMP, as for a JPEG
            String note = (String) hub.sql("SELECT details FROM usage_log WHERE file_name = 'IMG_0042.HEIC' AND step = 'template'").get(0).get("details");
            assertThat(note).contains("title \"Autumn lake\" from the picture's own title");
        }
    }

    @Test
    void a_batch_row_naming_a_heic_runs_like_any_photo() throws Exception {
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            hub.drop("batch", "IMG_0042.HEIC", Fixtures.bytes("heic-grid-p3-1000.heic"));
            hub.drop("batch", "phone.csv", "image,chain\nIMG_0042.HEIC,thumbnails\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String id = dev.imagehub.batch.BatchFolder.batchId(hub.inbox("batch").resolve("phone.csv"));
            Path out = hub.outbox("batch").resolve(id);
            dev.imagehub.testing.Await.until(TestHub.TIMEOUT, "the batch's ZIP", () -> Files.exists(out.resolve(id + ".zip")));
            ImageInfo thumb = ImageProbe.probe(Files.readAllBytes(out.resolve("IMG_0042.jpg")));
            assertThat(new int[] {thumb.width(), thumb.height()}).containsExactly(400, 400);
            assertThat(Files.readString(out.resolve("report.csv"))).contains("IMG_0042.HEIC,IMG_0042.jpg,done");
        }
    }

    @Test
    void damaged_heic_and_a_heic_bomb_are_refused_with_reasons() throws Exception {
        byte[] grid = Fixtures.bytes("heic-grid-p3-1000.heic");
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            hub.drop("web", "bomb.heic", Fixtures.bytes("heic-bomb-60000.heic"));
            hub.drop("web", "missing-tile.heic", Fixtures.bytes("heic-missing-tile.heic"));
            hub.drop("web", "interrupted.heic", java.util.Arrays.copyOf(grid, grid.length * 2 / 3));
            hub.awaitFiles(hub.failed("web"), 6);
            hub.awaitInboxEmpty("web");

            assertThat(Files.readString(hub.failed("web").resolve("bomb.heic.error.json")))
                    .contains("60000x60000 (3600.0 megapixels)", "\"step\" : \"probe\"");
            assertThat(Files.readString(hub.failed("web").resolve("missing-tile.heic.error.json"))).contains("tile 2 of 2", "missing");
            assertThat(Files.readString(hub.failed("web").resolve("interrupted.heic.error.json"))).contains("truncated");
            assertThat(TestHub.files(hub.outbox("web"))).isEmpty();
        }
    }

    private static WorkingImage decode(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        return ImageDecoder.decode(bytes, ImageProbe.probe(bytes), 1);
    }

    private static double meanAbsoluteError(Mat a, Mat b) {
        try (Mat diff = new Mat()) {
            absdiff(a, b, diff);
            Scalar m = mean(diff);
            return (m.get(0) + m.get(1) + m.get(2)) / 3;
        }
    }
}
