package dev.imagehub.housekeeping;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Housekeeping on a real hub: old originals, failed files, AI downloads and exports go by config/retention.yaml,
 * what an unfinished job still needs stays, the dry run lists without removing, and each real run is one ledger row.
 */
class HousekeepingIT {

    @TempDir
    Path home;

    @Test
    void old_files_go_needed_and_recent_ones_stay_and_the_run_is_in_the_ledger() throws Exception {
        TestHub.prepareHome(home);
        byte[] photo = Fixtures.bytes("photo-sunset-1800.jpg");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> sqlServer = Map.of("hub.db.server.enabled", "true", "hub.db.server.port", String.valueOf(port));
        try (TestHub hub = TestHub.start(home, sqlServer)) {
            hub.drop("web", "old.jpg", photo);
            hub.drop("web", "recent.jpg", photo);
            hub.awaitFiles(hub.done("web"), 2);
            hub.awaitInboxEmpty("web");
            Instant sixtyDaysAgo = Instant.now().minus(Duration.ofDays(60));
            age(hub.done("web").resolve("old.jpg"), sixtyDaysAgo);
            // an original whose job has not finished (as a crash leaves it): needed for the recovery, never pruned
            Path needed = Files.write(hub.done("web").resolve("needed.jpg"), photo);
            age(needed, sixtyDaysAgo);
            hub.services().journal().begin("hotfolder-web", "web", "web", "needed.jpg", photo.length, "a".repeat(64));
            Path failed = Files.createDirectories(hub.failed("thumbnails")).resolve("broken.jpg");
            Files.write(failed, new byte[1000]);
            age(failed, Instant.now().minus(Duration.ofDays(100)));
            Path task = Files.createDirectories(home.resolve("data/wavespeed/tasks/" + "b".repeat(64)));
            age(Files.write(task.resolve("0.png"), new byte[5000]), sixtyDaysAgo);
            age(task, sixtyDaysAgo);
            Path oldLog = Files.createDirectories(home.resolve("data/logs")).resolve("hub-2026-01-01-1.log.gz");
            age(Files.write(oldLog, new byte[300]), sixtyDaysAgo);
            Path currentLog = home.resolve("data/logs/hub.log");
            if (!Files.exists(currentLog)) Files.write(currentLog, new byte[10]);
            age(currentLog, sixtyDaysAgo);                 // the file being written is never pruned, however old
            // a finished batch's export goes after 90 days; one still waiting for approval stays however old
            for (String[] b : new String[][] {{"finished-1", "FINISHED"}, {"waiting-1", "WAITING"}}) {
                Path dir = Files.createDirectories(hub.outbox("batch").resolve(b[0]));
                age(Files.write(dir.resolve("report.csv"), new byte[200]), Instant.now().minus(Duration.ofDays(120)));
                age(dir, Instant.now().minus(Duration.ofDays(120)));
                try (var c = hub.services().dataSource().getConnection();
                     var ps = c.prepareStatement("INSERT INTO batch_run (batch_id, manifest, state, updated_at) VALUES (?, ?, ?, CURRENT_TIMESTAMP)")) {
                    ps.setString(1, b[0]);
                    ps.setString(2, b[0] + ".csv");
                    ps.setString(3, b[1]);
                    ps.executeUpdate();
                }
            }

            // the dry run (through the hub's read-only SQL access while it runs) lists, and removes nothing
            String listed = prune(home, sqlServer, "--dry-run");
            assertThat(listed).contains("inbox/web/.done/old.jpg", "outbox/thumbnails/failed/broken.jpg", "data/wavespeed/tasks/")
                    .contains("outbox/batch/finished-1", "data/logs/hub-2026-01-01-1.log.gz", "5 entries").doesNotContain("needed.jpg", "recent.jpg", "waiting-1");
            assertThat(hub.done("web").resolve("old.jpg")).exists();

            Housekeeping job = new Housekeeping();
            job.setHub(hub.services());
            job.run();
            assertThat(TestHub.names(hub.done("web"))).containsExactlyInAnyOrder("needed.jpg", "recent.jpg");
            assertThat(failed).doesNotExist();
            assertThat(task).doesNotExist();
            assertThat(hub.outbox("batch").resolve("finished-1")).doesNotExist();
            assertThat(hub.outbox("batch").resolve("waiting-1")).isDirectory();
            List<Map<String, Object>> rows = hub.sql("SELECT bytes_in, details FROM usage_log WHERE route = 'housekeeping'");
            assertThat(rows).hasSize(1);
            assertThat(((Number) rows.get(0).get("bytes_in")).longValue()).isEqualTo(photo.length + 1000 + 5000 + 200 + 300);
            assertThat((String) rows.get(0).get("details")).contains("5 removed", "done 1", "failed 1", "aiDownloads 1", "exports 1", "logs 1");
            assertThat(oldLog).doesNotExist();
            assertThat(currentLog).exists();
        }
        // a real run from the command line needs the hub stopped; with nothing old left it removes nothing
        assertThat(prune(home, sqlServer)).contains("0 entries");
    }

    @Test
    void old_ledger_rows_become_daily_totals_and_the_summary_of_their_day_stays_the_same() throws Exception {
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            hub.drop("web", "a.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.drop("web", "b.jpg", Fixtures.bytes("photo-wine-portrait-1800.jpg"));
            hub.drop("web", "broken.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2});
            hub.drop("thumbnails", "a.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.awaitFiles(hub.done("web"), 2);
            hub.awaitFiles(hub.failed("web"), 2);
            hub.awaitFiles(hub.done("thumbnails"), 1);
            // as if all this happened 500 days ago, beyond ledgerDetail (400 days)
            try (var c = hub.services().dataSource().getConnection(); var st = c.createStatement()) {
                st.executeUpdate("UPDATE usage_log SET ts = ts - INTERVAL '500' DAY");
            }
            java.time.LocalDate then = java.time.LocalDate.now().minusDays(500);
            String before = summary(hub, then);
            assertThat(before).contains("files: 4 (1 failed)", "hotfolder-web", "hotfolder-thumbnails");
            long rowsBefore = count(hub, "SELECT COUNT(*) AS n FROM usage_log");

            Housekeeping job = new Housekeeping();
            job.setHub(hub.services());
            job.run();

            assertThat(summary(hub, then)).isEqualTo(before);
            assertThat(count(hub, "SELECT COUNT(*) AS n FROM usage_log WHERE route <> 'housekeeping'")).isZero();
            assertThat(count(hub, "SELECT SUM(runs) AS n FROM usage_daily")).isEqualTo(rowsBefore);
            assertThat((String) hub.sql("SELECT details FROM usage_log WHERE route = 'housekeeping'").get(0).get("details"))
                    .contains("ledger: " + rowsBefore + " rows of 1 day rolled up");
        }
    }

    private static String summary(TestHub hub, java.time.LocalDate day) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var c = hub.services().dataSource().getConnection()) {
            dev.imagehub.ledger.UsageSummary.print(c, day, new PrintStream(out, true, StandardCharsets.UTF_8));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static long count(TestHub hub, String sql) {
        return ((Number) hub.sql(sql).get(0).get("n")).longValue();
    }

    @Test
    void a_mistake_in_retention_yaml_stops_the_start_naming_the_line() throws Exception {
        TestHub.prepareHome(home);
        Files.writeString(home.resolve("config/retention.yaml"), "done: 30d\nfailed: a month\n");
        assertThat(catchThrowable(() -> TestHub.start(home).close()))
                .hasMessageContaining("retention.yaml").hasMessageContaining("2").hasMessageContaining("'a month' is not an age");
    }

    private static void age(Path p, Instant when) throws Exception {
        Files.setLastModifiedTime(p, FileTime.from(when));
    }

    private static String prune(Path home, Map<String, String> settings, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PruneCommand.run(dev.imagehub.HubSettings.load(home, settings), args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }
}
