package dev.imagehub.intake;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.LogCapture;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every name the file system accepts is processed or failed with a reason: names at the 255-byte limit (no room for a
 * lock marker, a "-2" or an ".error.json"), and names with a backslash (which Camel's path strings turn into '/').
 */
class OddNamesIT {

    @TempDir
    Path home;

    @Test
    void namesUpToTheFileSystemLimitAndBackslashesAreProcessedOrFailedWithAReason() throws Exception {
        String longest = "é".repeat(125) + "x.jpg";                       // 125 x 2 + 5 = 255 bytes
        String near = "a".repeat(246) + ".jpg";                            // 250 bytes
        String slash = "back\\slash.jpg";
        String brokenLongest = "b".repeat(251) + ".jpg";                   // 255 bytes, and empty: must fail with a sidecar
        assertThat(longest.getBytes(StandardCharsets.UTF_8)).hasSize(255);
        assertThat(brokenLongest.getBytes(StandardCharsets.UTF_8)).hasSize(255);
        byte[] photo = Fixtures.bytes("photo-sunset-1800.jpg");
        TestHub.prepareHome(home);
        try (LogCapture log = new LogCapture(Level.WARN); TestHub hub = TestHub.start(home)) {
            for (String n : List.of(longest, near, slash)) hub.drop("web", n, photo);
            hub.drop("web", brokenLongest, new byte[0]);
            // the same long name again: its result and its archived original need "-2", shortened to fit
            hub.awaitFiles(hub.done("web"), 3);
            hub.drop("web", near, photo);
            hub.awaitFiles(hub.done("web"), 4);
            hub.awaitFiles(hub.failed("web"), 2);
            hub.awaitInboxEmpty("web");

            assertThat(TestHub.names(hub.outbox("web"))).hasSize(4).contains("back_slash.jpg");
            for (String n : TestHub.names(hub.outbox("web"))) {
                assertThat(SafeNames.stem(n).replaceAll("-[0-9]+$", "").getBytes(StandardCharsets.UTF_8).length).as(n).isLessThanOrEqualTo(150);
            }
            assertThat(TestHub.names(hub.done("web"))).contains(longest, near, slash).hasSize(4);
            List<String> failed = List.copyOf(TestHub.names(hub.failed("web")));
            String sidecar = failed.stream().filter(n -> n.endsWith(".error.json")).findFirst().orElseThrow();
            assertThat(sidecar.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
            assertThat(Files.readString(hub.failed("web").resolve(sidecar))).contains("the file is empty").contains(brokenLongest);
            assertThat(log.text()).doesNotContain("Exception").doesNotContain("camelLock");
        }
    }
}
