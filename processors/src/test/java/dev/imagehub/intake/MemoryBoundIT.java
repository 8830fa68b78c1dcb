package dev.imagehub.intake;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.testing.Await;
import dev.imagehub.testing.BigFiles;
import dev.imagehub.testing.HubProcess;
import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The memory budget bounds what the hub process really holds (its resident set), not only its Java heap: compressed
 * bytes are reserved before they are read, decoded pixels (native OpenCV memory) and encoder buffers before decoding.
 * Measured on real hub processes with {@code -Xmx1g}: the resident peak stays within the documented bound of heap +
 * {@code hub.memoryBudgetMb} + a fixed overhead (docs/RELIABILITY.md), and every file ends in .done/ or failed/.
 */
class MemoryBoundIT {
    private static final long MB = 1L << 20;
    // JVM code, metaspace, thread stacks, the OpenCV/FFmpeg libraries and malloc's own slack (see docs/RELIABILITY.md)
    private static final long FIXED_OVERHEAD = 450 * MB;

    @TempDir
    Path home;

    private void route(String name, String chain, int workers) throws Exception {
        Files.writeString(home.resolve("routes/" + name + ".camel.yaml"), """
                - templatedRoute:
                    routeTemplateRef: hotfolder
                    routeId: hotfolder-%s
                    parameters:
                      - name: name
                        value: %s
                      - name: chain
                        value: %s
                      - name: workers
                        value: "%d"
                """.formatted(name, name, chain, workers));
    }

    @Test
    void tenFilesOf199MegabytesAtOnceIntoAnEightWorkerFolderAllEndWithAReason() throws Exception {
        TestHub.prepareHome(home);
        route("big", "web", 8);
        Path staging = Files.createDirectories(home.resolve("staging"));
        List<Path> made = new ArrayList<>();
        // four real 64-megapixel photos of ~192 MB (uncompressed PNG), and six 199 MB files that are not what they claim
        made.add(BigFiles.storedPng(staging.resolve("huge-1.png"), 8000, 8000));
        for (int i = 2; i <= 4; i++) made.add(Files.copy(made.get(0), staging.resolve("huge-" + i + ".png")));
        for (int i = 1; i <= 3; i++) made.add(BigFiles.junk(staging.resolve("noise-" + i + ".jpg"), new byte[0], 199_000_000L, i));
        byte[] jpegHead = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0};
        for (int i = 1; i <= 3; i++) made.add(BigFiles.junk(staging.resolve("cut-" + i + ".jpg"), jpegHead, 199_000_000L, 10 + i));

        try (HubProcess hub = HubProcess.start(home, "big", HubProcess.options("1g", Map.of()), List.of())) {
            hub.awaitLog("Hub ready", Duration.ofSeconds(120));
            Path inbox = Files.createDirectories(home.resolve("inbox/big"));
            for (Path p : made) Files.move(p, inbox.resolve(p.getFileName()));      // all at once, as `mv` would

            Path done = inbox.resolve(".done");
            Path failed = home.resolve("outbox/big/failed");
            Await.until(Duration.ofSeconds(240), () -> "10 files settled; done " + TestHub.names(done) + ", failed " + TestHub.names(failed)
                    + "\n" + hub.logText(), () -> TestHub.files(done).size() + sidecars(failed) == 10 && TestHub.files(inbox).isEmpty());

            assertThat(TestHub.names(done)).as(() -> "failed: " + reasons(failed)).containsExactly("huge-1.png", "huge-2.png", "huge-3.png", "huge-4.png");
            assertThat(TestHub.names(home.resolve("outbox/big"))).containsExactly("huge-1.jpg", "huge-2.jpg", "huge-3.jpg", "huge-4.jpg");
            for (String n : List.of("noise-1.jpg", "cut-1.jpg")) {
                assertThat(Files.readString(failed.resolve(n + ".error.json"), StandardCharsets.UTF_8)).contains("\"reason\"");
            }
            long peak = hub.peakResidentBytes();
            long budget = 512 * MB;
            System.out.printf("10 x 199 MB, 8 workers, -Xmx1g: peak RSS %d MB (bound %d MB)%n", peak / MB, (1024 * MB + budget + FIXED_OVERHEAD) / MB);
            assertThat(hub.logText()).doesNotContain("OutOfMemoryError").doesNotContain("Exception in thread");
            assertThat(peak).as("peak resident memory").isLessThanOrEqualTo(1024 * MB + budget + FIXED_OVERHEAD);
            assertThat(hub.stop(Duration.ofSeconds(60))).as("a prompt, clean stop").isIn(0, 143);
        }
    }

    @Test
    void fiftyPhotosOf24MegapixelsAtFullSizeStayWithinTheBound() throws Exception {
        TestHub.prepareHome(home);
        // a chain that decodes, draws on and encodes every pixel: no shrink-on-load
        Files.writeString(home.resolve("config/chains.yaml"), Files.readString(home.resolve("config/chains.yaml")) + """

                full-size:
                  description: every pixel decoded, watermarked and encoded (memory test)
                  steps:
                    - autoOrient
                    - watermark: { template: copyright }
                    - convert: { format: jpeg }
                    - compress: { quality: 85 }
                """);
        route("full", "full-size", 2);
        Path staging = Files.createDirectories(home.resolve("staging"));
        byte[] large = Images.syntheticJpeg(6000, 4000, 7, 90);
        for (int i = 0; i < 50; i++) Files.write(staging.resolve(String.format("large-%02d.jpg", i)), large);

        try (HubProcess hub = HubProcess.start(home, "full", HubProcess.options("1g", Map.of()), List.of())) {
            hub.awaitLog("Hub ready", Duration.ofSeconds(120));
            Path inbox = Files.createDirectories(home.resolve("inbox/full"));
            try (var s = Files.list(staging)) {
                for (Path p : s.toList()) Files.move(p, inbox.resolve(p.getFileName()));
            }
            Await.until(Duration.ofSeconds(300), () -> "50 results, have " + TestHub.files(home.resolve("outbox/full")).size() + "\n" + hub.logText(),
                    () -> TestHub.files(home.resolve("outbox/full")).size() == 50 && TestHub.files(inbox).isEmpty());
            assertThat(TestHub.files(home.resolve("outbox/full/failed"))).isEmpty();
            assertThat(Images.read(home.resolve("outbox/full/large-00.jpg")).getWidth()).isEqualTo(6000);
            long peak = hub.peakResidentBytes();
            System.out.printf("50 x 24 MP full size, 2 workers, -Xmx1g: peak RSS %d MB (bound %d MB)%n", peak / MB, (1024 * MB + 512 * MB + FIXED_OVERHEAD) / MB);
            assertThat(peak).as("peak resident memory").isLessThanOrEqualTo(1024 * MB + 512 * MB + FIXED_OVERHEAD);
        }
    }

    private static String reasons(Path failed) {
        StringBuilder sb = new StringBuilder();
        try (var s = Files.list(failed)) {
            for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".error.json")).sorted().toList()) {
                sb.append(p.getFileName()).append(": ").append(Files.readString(p).lines().filter(l -> l.contains("\"reason\"")).findFirst().orElse("")).append('\n');
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return sb.toString();
    }

    private static long sidecars(Path failed) {
        if (!Files.isDirectory(failed)) return 0;
        try (var s = Files.list(failed)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".error.json")).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
