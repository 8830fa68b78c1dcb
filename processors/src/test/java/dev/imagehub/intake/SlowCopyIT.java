package dev.imagehub.intake;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;

/** A file that is still being copied (a slow network copy, an upload) is never picked up half-written. */
class SlowCopyIT {

    @TempDir
    Path home;

    @Test
    void should_wait_until_a_slowly_written_file_is_complete() throws Exception {
        byte[] photo = Fixtures.bytes("photo-sunset-1800.jpg");
        int chunks = 16;
        int chunk = (photo.length + chunks - 1) / chunks;
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home, Map.of("hub.readLockMinAge", "1000"));
             OutputStream out = Files.newOutputStream(Files.createDirectories(hub.inbox("web")).resolve("slow.jpg"))) {
            // a copy that delivers one chunk every 200 ms, like a slow share: 3.2 s in all, far longer than one poll
            ScheduledExecutorService copier = Executors.newSingleThreadScheduledExecutor();
            AtomicInteger written = new AtomicInteger();
            copier.scheduleAtFixedRate(() -> {
                int i = written.getAndIncrement();
                if (i >= chunks) return;
                try {
                    out.write(photo, i * chunk, Math.min(chunk, photo.length - i * chunk));
                    out.flush();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, 0, 200, TimeUnit.MILLISECONDS);
            hub.awaitFiles(hub.done("web"), 1);
            copier.shutdownNow();

            assertThat(written.get()).as("all chunks were written before the hub took the file").isGreaterThanOrEqualTo(chunks);
            assertThat(TestHub.files(hub.failed("web"))).isEmpty();
            assertThat(Files.readAllBytes(hub.done("web").resolve("slow.jpg"))).isEqualTo(photo);
            HotFolderRouteIT.assertDims(hub.outbox("web").resolve("slow.jpg"), 1600, 1067);
        }
    }

    /**
     * A writer that stops for 5 s in the middle (a network share that stalls, a phone upload that waits for signal):
     * a JPEG (end marker), a WebP (declared length) and a TIFF (no way to tell: its decode finds it cut off while it
     * is young, and it goes back to wait) each give exactly one complete result, with the hub's default timings.
     */
    @Test
    void a_writer_that_pauses_5_s_mid_file_still_gives_exactly_one_complete_result() throws Exception {
        List<String> names = List.of("paused-photo.jpg", "paused-rose.webp", "paused-scan.tiff");
        List<byte[]> contents = List.of(Fixtures.bytes("photo-sunset-1800.jpg"), Fixtures.bytes("webp-go-yellow-rose-alpha.webp"),
                Fixtures.bytes("tiff-go-video-001-deflate.tiff"));
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home, Map.of("hub.readLockMinAge", "1000", "hub.incompleteFileWait", "30000"))) {
            Files.createDirectories(hub.inbox("web"));
            OutputStream[] outs = new OutputStream[names.size()];
            for (int i = 0; i < names.size(); i++) {
                outs[i] = Files.newOutputStream(hub.inbox("web").resolve(names.get(i)));
                byte[] b = contents.get(i);
                outs[i].write(b, 0, b.length * 2 / 5);
                outs[i].flush();
            }
            // the pause: longer than hub.readLockMinAge, so the TIFF is taken and found cut off
            long until = System.nanoTime() + 5_000_000_000L;
            dev.imagehub.testing.Await.until(java.time.Duration.ofSeconds(30), () -> "the TIFF to be tried and set aside",
                    () -> hub.services().waitingFiles().holds(hub.inbox("web").resolve("paused-scan.tiff")));
            while (System.nanoTime() < until) {
                assertThat(TestHub.files(hub.outbox("web"))).as("nothing published during the pause").isEmpty();
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
            }
            for (int i = 0; i < names.size(); i++) {
                byte[] b = contents.get(i);
                outs[i].write(b, b.length * 2 / 5, b.length - b.length * 2 / 5);
                outs[i].close();
            }
            hub.awaitFiles(hub.done("web"), 3);
            hub.awaitInboxEmpty("web");

            assertThat(TestHub.files(hub.failed("web"))).isEmpty();
            assertThat(TestHub.names(hub.outbox("web"))).hasSize(3).allSatisfy(n -> assertThat(n).matches("paused-(photo|rose|scan)\\.\\w+"));
            for (int i = 0; i < names.size(); i++) {
                assertThat(Files.readAllBytes(hub.done("web").resolve(names.get(i)))).as(names.get(i)).isEqualTo(contents.get(i));
            }
            HotFolderRouteIT.assertDims(hub.outbox("web").resolve("paused-photo.jpg"), 1600, 1067);
            // one job and one ledger account per file: the TIFF's cut-off try left no trace but an abandoned journal row
            assertThat(hub.sql("SELECT file_name FROM hub_job WHERE state <> 'ABANDONED'")).hasSize(3);
            assertThat(hub.sql("SELECT DISTINCT job_id FROM usage_log")).hasSize(3);
            assertThat(hub.sql("SELECT step, status, error FROM usage_log WHERE status <> 'ok'")).isEmpty();
        }
    }
}
