package dev.imagehub.batch;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.imagehub.testing.Await;
import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;

/** Images in a ZIP dropped with the manifest: unpacked and used; escaping paths, too many files and zip bombs refused. */
class BatchZipIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private static byte[] zip(Map<String, byte[]> entries) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void should_take_images_from_the_zip_dropped_with_the_manifest() throws Exception {
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            var entries = new java.util.LinkedHashMap<String, byte[]>();
            entries.put("a.jpg", Images.syntheticJpeg(640, 480, 1, 90));
            entries.put("shoot/b.jpg", Images.syntheticJpeg(480, 640, 2, 90));
            entries.put("__MACOSX/._a.jpg", new byte[] {0, 5, 22});
            hub.drop("batch", "pack.zip", zip(entries));
            hub.drop("batch", "pack.csv", "image,chain\na.jpg,thumbnails\nshoot/b.jpg,thumbnails\n".getBytes(StandardCharsets.UTF_8));
            Path out = hub.outbox("batch").resolve(BatchFolder.batchId(hub.inbox("batch").resolve("pack.csv")));
            String id = out.getFileName().toString();
            Await.until(TestHub.TIMEOUT, "report", () -> Files.exists(out.resolve("report.csv")));
            assertThat(Files.readAllLines(out.resolve("report.csv"))).containsExactly("row,image,outputs,status,reason,cost_usd",
                    "2,a.jpg,a.jpg,done,,0", "3,shoot/b.jpg,b.jpg,done,,0");
            Await.until(TestHub.TIMEOUT, "archived", () -> Files.exists(hub.inbox("batch").resolve(".done").resolve(id).resolve("pack.csv")));
            assertThat(TestHub.names(hub.inbox("batch").resolve(".done").resolve(id))).containsExactlyInAnyOrder("pack.csv", "pack.zip");
            assertThat(hub.inbox("batch").resolve(".unpacked").resolve(id)).doesNotExist();
            assertThat(TestHub.files(hub.inbox("batch"))).isEmpty();
        }
    }

    @Test
    void should_refuse_zips_that_escape_hold_too_many_files_or_inflate_like_a_bomb() throws Exception {
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home, Map.of("hub.batch.zip.maxEntries", "3"))) {
            byte[] img = Images.syntheticJpeg(200, 200, 3, 90);
            hub.drop("batch", "escape.zip", zip(Map.of("../../config/evil.jpg", img)));
            hub.drop("batch", "escape.csv", "image,chain\nevil.jpg,web\n".getBytes(StandardCharsets.UTF_8));
            hub.drop("batch", "many.zip", zip(Map.of("1.jpg", img, "2.jpg", img, "3.jpg", img, "4.jpg", img)));
            hub.drop("batch", "many.csv", "image,chain\n1.jpg,web\n".getBytes(StandardCharsets.UTF_8));
            hub.drop("batch", "bomb.zip", zip(Map.of("zeros.jpg", new byte[30_000_000])));
            hub.drop("batch", "bomb.csv", "image,chain\nzeros.jpg,web\n".getBytes(StandardCharsets.UTF_8));
            Path failed = hub.outbox("batch").resolve("failed");
            for (String n : List.of("escape", "many", "bomb")) {
                Await.until(TestHub.TIMEOUT, n + " refused", () -> Files.exists(failed.resolve(n + ".csv.error.json")));
            }
            assertThat(JSON.readTree(failed.resolve("escape.csv.error.json").toFile()).get("error").asText())
                    .contains("escape.zip: entry '../../config/evil.jpg' would be written outside the batch's folder");
            assertThat(JSON.readTree(failed.resolve("many.csv.error.json").toFile()).get("error").asText())
                    .contains("many.zip: more than 3 files (hub.batch.zip.maxEntries)");
            assertThat(JSON.readTree(failed.resolve("bomb.csv.error.json").toFile()).get("error").asText())
                    .contains("bomb.zip: entry 'zeros.jpg' inflates more than 100 times its compressed size");
            assertThat(TestHub.names(failed)).contains("escape.zip", "many.zip", "bomb.zip");
            assertThat(home.resolve("config/evil.jpg")).doesNotExist();
            assertThat(hub.inbox("batch").resolve(".unpacked")).satisfiesAnyOf(
                    p -> assertThat(p).doesNotExist(), p -> assertThat(TestHub.names(p)).isEmpty());
            assertThat(hub.sql("SELECT COUNT(*) AS n FROM hub_job")).singleElement()
                    .extracting(r -> ((Number) r.get("n")).intValue()).isEqualTo(0);
        }
    }
}
