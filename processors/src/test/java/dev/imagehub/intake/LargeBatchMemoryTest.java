package dev.imagehub.intake;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;

/** A folder of 50 large (24 MP) photos goes through with the test JVM's 1 GiB heap, in parallel, without running out of memory. */
class LargeBatchMemoryTest {

    @TempDir
    Path home;

    @Test
    void should_process_50_photos_of_24_megapixels_within_a_1_gib_heap() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).as("surefire runs this test with -Xmx1g").isLessThanOrEqualTo(1L << 30);
        byte[] large = Images.syntheticJpeg(6000, 4000, 7, 90);
        TestHub.prepareHome(home);
        Path inbox = Files.createDirectories(home.resolve("inbox/web"));
        for (int i = 0; i < 50; i++) Files.write(inbox.resolve(String.format("large-%02d.jpg", i)), large);
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);

        try (TestHub hub = TestHub.start(home)) {
            hub.awaitFiles(hub.done("web"), 50);
            hub.awaitFiles(hub.outbox("web"), 50);
            assertThat(TestHub.files(hub.failed("web"))).isEmpty();
            HotFolderRouteTest.assertDims(hub.outbox("web").resolve("large-00.jpg"), 1600, 1067);
        }
        long heapPeak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        assertThat(heapPeak).as("peak heap while processing").isLessThan(900L << 20);
    }
}
