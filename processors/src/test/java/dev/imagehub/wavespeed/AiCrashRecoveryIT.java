package dev.imagehub.wavespeed;

import java.io.File;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
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
import dev.imagehub.wavespeed.emulator.WaveSpeedEmulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real hub process is killed with SIGKILL while its WaveSpeed predictions are in flight. The restarted hub resumes
 * polling the same prediction ids: the emulator sees no second submit, each result is delivered once, and each cost is
 * recorded once. The secret key appears nowhere: not in the logs, the sidecars, the ledger or the outputs.
 */
class AiCrashRecoveryIT {
    private static final String KEY = "ws-test-key-5f3c1b9e0d7a4e21";
    private static final int FILES = 8;

    @TempDir
    Path home;

    @Test
    void should_resume_in_flight_predictions_after_a_kill_9_without_submitting_or_charging_twice() throws Exception {
        TestHub.prepareHome(home);
        try (WaveSpeedEmulator emulator = WaveSpeedEmulator.start(0, Duration.ofSeconds(6))) {
            Path inbox = home.resolve("inbox/upscale");
            Files.createDirectories(inbox);
            Set<String> names = new TreeSet<>();
            for (int i = 0; i < FILES; i++) {
                String name = String.format("shot-%02d.jpg", i);
                Files.write(inbox.resolve(name), Images.syntheticJpeg(320, 240, i, 90));
                names.add(name);
            }
            Path outbox = home.resolve("outbox/upscale");
            Path done = inbox.resolve(".done");

            Process first = launch("first", emulator);
            // every file submitted and its prediction polled (so its id was stored), none finished: all in flight at the kill
            Await.until(TestHub.TIMEOUT, () -> "all submitted and polled, have " + emulator.stats().polledTasks(),
                    () -> emulator.stats().polledTasks() == FILES);
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(TestHub.files(done)).as("nothing finished before the kill").hasSizeLessThan(FILES);

            Process second = launch("second", emulator);
            try {
                Await.until(TestHub.TIMEOUT.multipliedBy(2), () -> "all archived, have " + TestHub.files(done).size()
                                + " done and " + TestHub.files(outbox.resolve("failed")).size() + " failed",
                        () -> TestHub.files(done).size() + TestHub.files(outbox.resolve("failed")).size() >= FILES
                                && TestHub.files(inbox).isEmpty());
            } finally {
                second.destroy();
                second.waitFor(60, TimeUnit.SECONDS);
            }
            assertThat(emulator.stats().submits()).as("submits after the restart").isEqualTo(FILES);

            String secondLog = Files.readString(home.resolve("hub-second.log"));
            assertThat(secondLog).contains("Hub ready").contains("not submitted again").doesNotContain("ERROR");
            assertThat(TestHub.names(outbox)).as("one result per file, none twice").isEqualTo(names);
            assertThat(TestHub.files(outbox.resolve("failed"))).isEmpty();

            try (dev.imagehub.ledger.LedgerClient c = dev.imagehub.ledger.LedgerClient.open(dev.imagehub.HubSettings.load(home)).orElseThrow();
                 Statement st = c.connection().createStatement()) {
                assertThat(single(st, "SELECT COUNT(*) FROM usage_log WHERE provider = 'wavespeed'")).as("one paid row per file").isEqualTo(FILES);
                assertThat(single(st, "SELECT COUNT(DISTINCT prediction_id) FROM usage_log WHERE provider = 'wavespeed'")).isEqualTo(FILES);
                try (ResultSet rs = st.executeQuery("SELECT SUM(cost_usd), MIN(cost_usd) FROM usage_log WHERE provider = 'wavespeed'")) {
                    rs.next();
                    BigDecimal each = rs.getBigDecimal(2);
                    assertThat(each).isPositive();
                    assertThat(rs.getBigDecimal(1)).isEqualByComparingTo(each.multiply(BigDecimal.valueOf(FILES)));
                }
                assertThat(single(st, "SELECT COUNT(*) FROM hub_job WHERE state = 'DONE' AND finalized")).isEqualTo(FILES);
                assertThat(ledgerContains(st, KEY)).as("the key in the ledger").isFalse();
            }
            for (Path f : allFiles(home)) {
                if (f.toString().contains("/data/javacpp")) continue;
                assertThat(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1)).as("the key in " + home.relativize(f))
                        .doesNotContain(KEY);
            }
        }
    }

    private Process launch(String label, WaveSpeedEmulator emulator) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m",
                "-Dhub.home=" + home,
                "-Dhub.pollDelay=50",
                "-Dhub.readLockMinAge=0",
                "-Dhub.db.server.enabled=false",
                "-Dhub.http.enabled=false",
                "-Dhub.wavespeed.concurrency=" + FILES,
                "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir", home.resolve("data/javacpp").toString()),
                "-cp", System.getProperty("java.class.path"),
                "dev.imagehub.HubMain", "run"));
        File log = home.resolve("hub-" + label + ".log").toFile();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log);
        pb.environment().put("WAVESPEED_API_KEY", KEY);
        pb.environment().put("WAVESPEED_BASE_URL", emulator.baseUrl());
        return pb.start();
    }

    private static boolean ledgerContains(Statement st, String text) throws Exception {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'PUBLIC'")) {
            while (rs.next()) tables.add(rs.getString(1));
        }
        assertThat(tables).contains("USAGE_LOG", "HUB_JOB");
        for (String table : tables) {
            // quoted: Flyway's history table has a lower-case name
            try (ResultSet rs = st.executeQuery("SELECT * FROM \"" + table.replace("\"", "\"\"") + "\"")) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int i = 1; i <= n; i++) {
                        String v = rs.getString(i);
                        if (v != null && v.contains(text)) return true;
                    }
                }
            }
        }
        return false;
    }

    private static List<Path> allFiles(Path root) throws Exception {
        try (var s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private static long single(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
