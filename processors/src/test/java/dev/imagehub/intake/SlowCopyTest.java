package dev.imagehub.intake;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
class SlowCopyTest {

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
            HotFolderRouteTest.assertDims(hub.outbox("web").resolve("slow.jpg"), 1600, 1067);
        }
    }
}
