package dev.imagehub.intake;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of bad input ends, untouched, in failed/ with a sidecar that says why, and the hub keeps serving. */
class BadInputRouteIT {

    @TempDir
    Path home;

    @Test
    void should_move_each_bad_file_untouched_to_failed_with_a_plain_reason_and_keep_serving() throws Exception {
        byte[] jpeg = Fixtures.bytes("photo-sunset-1800.jpg");
        byte[] png = Fixtures.bytes("alpha-tuxpaint-anemone.png");
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("empty.jpg", new byte[0]);
        bad.put("truncated.jpg", Arrays.copyOf(jpeg, jpeg.length * 6 / 10));
        bad.put("header-only.jpg", Arrays.copyOf(jpeg, 300));
        bad.put("truncated.png", Arrays.copyOf(png, png.length / 2));
        bad.put("notes.jpg", "Shopping list: milk, eggs\n".getBytes(StandardCharsets.UTF_8));
        bad.put("report.jpg", "%PDF-1.7\n%âãÏÓ\n1 0 obj\n".getBytes(StandardCharsets.ISO_8859_1));
        bad.put("archive.png", new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0});
        bad.put("iphone.heic", heicHeader());   // a HEIC header and nothing else
        bad.put("bomb.png", pngHeader(30000, 30000));
        bad.put("bomb.jpg", withJpegSize(jpeg, 60000, 60000));
        bad.put("animated.gif", Fixtures.bytes("gif-hugin-ca-fringes-animated.gif"));

        Map<String, String> expectedReason = Map.ofEntries(
                Map.entry("empty.jpg", "empty (0 bytes)"),
                Map.entry("truncated.jpg", "truncated"),
                Map.entry("header-only.jpg", "truncated"),
                Map.entry("truncated.png", "damaged or truncated"),
                Map.entry("notes.jpg", "contains text"),
                Map.entry("report.jpg", "PDF"),
                Map.entry("archive.png", "ZIP"),
                Map.entry("iphone.heic", "the HEIF file has no primary image"),
                Map.entry("bomb.png", "900.0 megapixels"),
                Map.entry("bomb.jpg", "3600.0 megapixels"),
                Map.entry("animated.gif", "animated (3 frames)"));

        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            bad.forEach((name, bytes) -> hub.drop("web", name, bytes));
            hub.drop("web", "good.jpg", jpeg);
            hub.awaitFiles(hub.failed("web"), bad.size() * 2);
            hub.awaitFiles(hub.outbox("web"), 1);
            hub.awaitInboxEmpty("web");

            assertThat(TestHub.names(hub.outbox("web"))).containsExactly("good.jpg");
            for (Map.Entry<String, byte[]> e : bad.entrySet()) {
                Path failed = hub.failed("web").resolve(e.getKey());
                assertThat(Files.readAllBytes(failed)).as("untouched original %s", e.getKey()).isEqualTo(e.getValue());
                Map<String, Object> sidecar = FailureSidecar.fromJson(Files.readString(failed.resolveSibling(e.getKey() + ".error.json")));
                assertThat(sidecar).containsKeys("step", "reason", "time", "hubVersion", "file", "chain");
                assertThat(sidecar.get("file")).isEqualTo(e.getKey());
                assertThat((String) sidecar.get("reason")).as("reason for %s", e.getKey()).contains(expectedReason.get(e.getKey()));
            }
            // failures are in the ledger too, with the step that failed and the reason
            List<Map<String, Object>> failedRows = hub.sql("SELECT file_name, step, error FROM usage_log WHERE status = 'failed' ORDER BY file_name");
            assertThat(failedRows).extracting(r -> r.get("file_name")).containsExactlyInAnyOrderElementsOf(bad.keySet());
            assertThat(failedRows).allSatisfy(r -> assertThat((String) r.get("error")).isNotBlank());
            // the animation is decoded and resized frame by frame; it fails where the chain writes JPEG, which cannot animate
            assertThat(failedRows).filteredOn(r -> r.get("file_name").equals("animated.gif")).extracting(r -> r.get("step")).containsExactly("encode");
            assertThat(failedRows).filteredOn(r -> r.get("file_name").equals("bomb.png")).extracting(r -> r.get("step")).containsExactly("probe");
        }
    }

    @Test
    void should_retry_a_failed_file_moved_back_into_the_inbox() throws Exception {
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            hub.drop("web", "photo.jpg", Arrays.copyOf(Fixtures.bytes("photo-sunset-1800.jpg"), 5000));
            hub.awaitFiles(hub.failed("web"), 2);
            String firstJob = (String) FailureSidecar.fromJson(Files.readString(hub.failed("web").resolve("photo.jpg.error.json"))).get("jobId");
            // the user fixes nothing and simply moves it back: it is tried again, and the sidecar beside it is the new one
            Files.move(hub.failed("web").resolve("photo.jpg"), hub.inbox("web").resolve("photo.jpg"), StandardCopyOption.ATOMIC_MOVE);
            dev.imagehub.testing.Await.until(TestHub.TIMEOUT, "a second attempt in the ledger",
                    () -> hub.sql("SELECT DISTINCT job_id FROM usage_log WHERE file_name = 'photo.jpg'").size() == 2);
            hub.awaitFiles(hub.failed("web"), 2);
            hub.awaitInboxEmpty("web");
            assertThat(TestHub.names(hub.failed("web"))).containsExactly("photo.jpg", "photo.jpg.error.json");
            assertThat(FailureSidecar.fromJson(Files.readString(hub.failed("web").resolve("photo.jpg.error.json"))).get("jobId"))
                    .isNotEqualTo(firstJob);

            // moving it back after restoring the real bytes succeeds
            Files.write(hub.failed("web").resolve("photo.jpg"), Fixtures.bytes("photo-sunset-1800.jpg"));
            Files.move(hub.failed("web").resolve("photo.jpg"), hub.inbox("web").resolve("photo.jpg"), StandardCopyOption.ATOMIC_MOVE);
            hub.awaitFiles(hub.outbox("web"), 1);
            assertThat(TestHub.names(hub.outbox("web"))).containsExactly("photo.jpg");
        }
    }

    static byte[] pngHeader(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, width);
        putInt(ihdr, 4, height);
        ihdr[8] = 8;  // bit depth
        ihdr[9] = 2;  // truecolour
        chunk(out, "IHDR", ihdr);
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    static byte[] withJpegSize(byte[] jpeg, int width, int height) {
        byte[] copy = jpeg.clone();
        for (int i = 2; i < copy.length - 9; i++) {
            int m = copy[i + 1] & 0xFF;
            if ((copy[i] & 0xFF) == 0xFF && (m == 0xC0 || m == 0xC2)) {
                copy[i + 5] = (byte) (height >> 8);
                copy[i + 6] = (byte) height;
                copy[i + 7] = (byte) (width >> 8);
                copy[i + 8] = (byte) width;
                return copy;
            }
        }
        throw new IllegalStateException("no SOF marker");
    }

    static byte[] heicHeader() {
        byte[] b = new byte[64];
        byte[] head = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0, 'm', 'i', 'f', '1', 'h', 'e', 'i', 'c'};
        System.arraycopy(head, 0, b, 0, head.length);
        return b;
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] len = new byte[4];
        putInt(len, 0, data.length);
        out.writeBytes(len);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        byte[] c = new byte[4];
        putInt(c, 0, (int) crc.getValue());
        out.writeBytes(c);
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
