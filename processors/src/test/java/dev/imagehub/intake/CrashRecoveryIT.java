package dev.imagehub.intake;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.testing.Await;
import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hub runs as a real separate process and is killed with SIGKILL (kill -9) in the middle of a batch of 200 files;
 * after a restart every file is processed exactly once, with one job and no duplicate rows in the ledger.
 */
class CrashRecoveryIT {

    @TempDir
    Path home;

    @Test
    void should_process_every_file_exactly_once_across_a_kill_9_in_the_middle_of_a_batch() throws Exception {
        TestHub.prepareHome(home);
        Path inbox = home.resolve("inbox/web");
        Files.createDirectories(inbox);
        Set<String> names = new TreeSet<>();
        List<byte[]> photos = new ArrayList<>();
        for (int i = 0; i < 8; i++) photos.add(Images.syntheticJpeg(2400, 1600, i, 92));
        for (int i = 0; i < 200; i++) {
            String name = String.format("batch-%03d.jpg", i);
            Files.write(inbox.resolve(name), photos.get(i % photos.size()));
            names.add(name);
        }
        Path outbox = home.resolve("outbox/web");
        Path done = inbox.resolve(".done");

        Process first = launch("first");
        Await.until(TestHub.TIMEOUT, "some results before the kill", () -> TestHub.files(done).size() >= 25);
        first.destroyForcibly();                                   // SIGKILL: no shutdown hook, no cleanup
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        int doneAtKill = TestHub.files(done).size();
        assertThat(doneAtKill).as("the kill must land mid-batch").isLessThan(200);

        Process second = launch("second");
        try {
            Await.until(TestHub.TIMEOUT.multipliedBy(2), () -> "all 200 archived, have " + TestHub.files(done).size(),
                    () -> TestHub.files(done).size() == 200 && TestHub.files(inbox).isEmpty());
            Await.until(TestHub.TIMEOUT, "200 results", () -> TestHub.files(outbox).size() >= 200);
        } finally {
            second.destroy();                                      // SIGTERM: graceful stop releases the ledger
            second.waitFor(60, TimeUnit.SECONDS);
        }

        // what the restarted hub said about the interrupted work (kept in the test report)
        Files.readAllLines(home.resolve("hub-second.log")).stream()
                .filter(l -> l.contains("Recovery") || l.contains("already") || l.contains("ERROR")).forEach(System.out::println);
        System.out.println("archived when killed: " + doneAtKill);
        assertThat(Files.readString(home.resolve("hub-second.log"))).contains("Hub ready").doesNotContain("ERROR");

        assertThat(TestHub.names(outbox)).isEqualTo(names);        // no "-2" copies: nothing was delivered twice
        assertThat(TestHub.names(done)).isEqualTo(names);
        assertThat(TestHub.files(outbox.resolve("failed"))).isEmpty();
        try (var s = Files.list(outbox)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".hub-"))).as("temporary files left").isEmpty();
        }

        try (dev.imagehub.ledger.LedgerClient c = dev.imagehub.ledger.LedgerClient.open(dev.imagehub.HubSettings.load(home)).orElseThrow();
             Statement st = c.connection().createStatement()) {
            assertThat(single(st, "SELECT COUNT(DISTINCT file_name) FROM usage_log")).isEqualTo(200);
            assertThat(single(st, "SELECT COUNT(*) FROM (SELECT file_name FROM usage_log GROUP BY file_name HAVING COUNT(DISTINCT job_id) > 1) x"))
                    .as("files with more than one committed job").isZero();
            assertThat(single(st, "SELECT COUNT(*) FROM usage_log")).as("8 operations per file, once each").isEqualTo(200 * 8);
            assertThat(single(st, "SELECT COUNT(*) FROM hub_job WHERE state = 'DONE' AND finalized")).isEqualTo(200);
            assertThat(single(st, "SELECT COUNT(*) FROM hub_job WHERE state IN ('RUNNING', 'FAILED') OR NOT finalized")).isZero();
        }
    }

    private Process launch(String label) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m",
                "-Dhub.home=" + home,
                "-Dhub.pollDelay=50",
                "-Dhub.readLockMinAge=0",
                "-Dhub.db.server.enabled=false",
                "-Dhub.http.enabled=false",
                "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir", home.resolve("data/javacpp").toString()),
                "-cp", System.getProperty("java.class.path"),
                "dev.imagehub.HubMain", "run"));
        File log = home.resolve("hub-" + label + ".log").toFile();
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
    }

    private static long single(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
