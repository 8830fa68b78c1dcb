package dev.imagehub.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.testing.Await;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.HubProcess;
import dev.imagehub.testing.TestHub;
import dev.imagehub.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three hubs in JVMs of their own on one shared inbox and outbox and one PostgreSQL ledger: every photo is processed by
 * exactly one of them, and when one is killed (kill -9) mid-batch the others take its files over once its lease ran out;
 * each photo ends once in {@code .done/} with one result and one job in the ledger.
 */
class ClusterIT {
    private static final int PHOTOS = 60;
    private static TestPostgres pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        Assumptions.assumeTrue(TestPostgres.binaries().isPresent(), "PostgreSQL is not installed (apt-get install postgresql; .ci/run does)");
        pg = TestPostgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) pg.close();
    }

    // unchecked, so that the awaited conditions read as one line each
    private static List<Map<String, Object>> sql(String url, String query) {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, TestPostgres.USER, ""); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= n; i++) row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), rs.getObject(i));
                rows.add(row);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(query + ": " + e.getMessage(), e);
        }
        return rows;
    }

    /** The .jpg files in {@code folder} (none when it does not exist yet). */
    private static long count(Path folder) {
        if (!Files.isDirectory(folder)) return 0;
        try (var files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jpg")).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code n} copies of the sunset photo, each written under a temporary name first, as a copy to a share lands. */
    private static void drop(Path inbox, String prefix, int n) throws java.io.IOException {
        byte[] photo = Fixtures.bytes("photo-sunset-1800.jpg");
        for (int i = 0; i < n; i++) {
            Path tmp = inbox.resolve("." + prefix + i + ".tmp");
            Files.write(tmp, photo);
            Files.move(tmp, inbox.resolve(prefix + i + ".jpg"));
        }
    }

    @Test
    void three_hubs_share_an_inbox_each_photo_once_and_a_killed_hubs_files_are_taken_over() throws Exception {
        String url = pg.createDatabase("cluster");
        Path shared = dir.resolve("share");
        Files.createDirectories(shared.resolve("inbox"));
        Files.createDirectories(shared.resolve("outbox"));
        List<HubProcess> nodes = new ArrayList<>();
        try {
            for (String node : List.of("a", "b", "c")) nodes.add(startNode(url, shared, node, Map.of()));

            Path inbox = shared.resolve("inbox/web");
            Files.createDirectories(inbox);
            drop(inbox, "p", PHOTOS);
            Path done = inbox.resolve(".done");
            Await.until(Duration.ofMinutes(2), "a few photos done", () -> count(done) >= 6);
            // node a dies mid-batch, holding a file it claimed
            Await.until(Duration.ofMinutes(1), "node a works on a file", () -> !sql(url, "SELECT file_name FROM file_claim WHERE node = 'a'").isEmpty());
            List<Map<String, Object>> heldByA = sql(url, "SELECT file_name FROM file_claim WHERE node = 'a'");
            nodes.get(0).kill();
            long killed = System.nanoTime();
            // its files are taken over once its 5 s lease runs out: done well within the lease plus a file's work
            for (Map<String, Object> held : heldByA) {
                Path file = done.resolve(held.get("file_name").toString().substring("web/".length()));
                Await.until(Duration.ofSeconds(60), file + " taken over", () -> Files.exists(file));
            }
            long takeoverMs = (System.nanoTime() - killed) / 1_000_000;
            System.out.println("ClusterIT: the killed node's file(s) " + heldByA + " finished by another node " + takeoverMs + " ms after kill -9");

            Await.until(Duration.ofMinutes(4), () -> "every photo done, have " + count(done), () -> count(done) == PHOTOS);
            // nothing twice: one original in .done, one result in the outbox, one finished job and one ledger account per photo
            for (int i = 0; i < PHOTOS; i++) assertThat(done.resolve("p" + i + ".jpg")).exists();
            assertThat(count(done)).isEqualTo(PHOTOS);
            assertThat(count(shared.resolve("outbox/web"))).as("one result per photo, none doubled").isEqualTo(PHOTOS);
            // a job is recorded as finalized just after its original reached .done/
            Await.until(Duration.ofSeconds(30), "every job finalized", () -> sql(url, "SELECT file_name FROM hub_job WHERE folder = 'web' AND state = 'DONE' AND finalized = TRUE").size() == PHOTOS);
            assertThat(sql(url, "SELECT file_name FROM hub_job WHERE folder = 'web' AND state = 'DONE'")).hasSize(PHOTOS);
            assertThat(sql(url, "SELECT file_name, COUNT(DISTINCT job_id) AS n FROM usage_log WHERE route = 'hotfolder-web' GROUP BY file_name"))
                    .hasSize(PHOTOS).allSatisfy(r -> assertThat(((Number) r.get("n")).intValue()).as(r.get("file_name").toString()).isEqualTo(1));
            assertThat(sql(url, "SELECT DISTINCT node FROM hub_job WHERE folder = 'web'")).as("the work was shared").hasSizeGreaterThan(1);
            Await.until(Duration.ofSeconds(30), "every claim released", () -> sql(url, "SELECT claim_key FROM file_claim").isEmpty());
            // the ledger knows the three hubs, and that a stopped renewing when it was killed
            Await.until(Duration.ofSeconds(30), "a seen as gone", () -> sql(url, "SELECT node FROM hub_node WHERE last_seen < CURRENT_TIMESTAMP - INTERVAL '5' SECOND").stream()
                            .map(r -> r.get("node")).toList().equals(List.of("a")));
            assertThat(sql(url, "SELECT node FROM hub_node ORDER BY node")).extracting(r -> r.get("node")).containsExactly("a", "b", "c");
            // leader-only work (batches, housekeeping, the calendar) had one leader each, and what a led moved to b or c
            Await.until(Duration.ofSeconds(30), "a's leads taken over", () -> sql(url, "SELECT namespace FROM hub_leader WHERE node = 'a'").isEmpty());
            assertThat(sql(url, "SELECT namespace, node FROM hub_leader")).extracting(r -> r.get("namespace"))
                    .contains("batch", "housekeeping", "calendar");
            // ./hub summary shows what each hub did
            java.io.ByteArrayOutputStream summary = new java.io.ByteArrayOutputStream();
            try (Connection c = DriverManager.getConnection(url, TestPostgres.USER, "")) {
                dev.imagehub.ledger.UsageSummary.print(c, java.time.LocalDate.now(), new java.io.PrintStream(summary, true, "UTF-8"));
            }
            assertThat(summary.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("Hubs (files begun by each").containsPattern("(?m)^  a +\\d+ done")
                    .containsPattern("(?m)^  b +\\d+ done").containsPattern("(?m)^  c +\\d+ done");
            for (Map<String, Object> held : heldByA) {
                String name = held.get("file_name").toString().substring("web/".length());
                assertThat(done.resolve(name)).as(name + ", held by the killed node, finished by another").exists();
            }
        } finally {
            for (HubProcess n : nodes) n.close();
        }
    }

    @Test
    void an_ai_task_of_a_killed_hub_is_resumed_by_another_and_never_submitted_twice() throws Exception {
        String url = pg.createDatabase("cluster_ai");
        Path shared = dir.resolve("share");
        Files.createDirectories(shared.resolve("inbox/upscale"));
        Files.createDirectories(shared.resolve("outbox"));
        int photos = 10;
        List<HubProcess> nodes = new ArrayList<>();
        try (dev.imagehub.wavespeed.emulator.WaveSpeedEmulator emu = dev.imagehub.wavespeed.emulator.WaveSpeedEmulator.start(0, Duration.ofMillis(2500))) {
            Map<String, String> environment = Map.of("WAVESPEED_API_KEY", "test-key", "WAVESPEED_BASE_URL", emu.baseUrl());
            // node a alone first, so that it surely holds a paid task when it is killed
            nodes.add(startNode(url, shared, "a", environment));
            Path inbox = shared.resolve("inbox/upscale");
            drop(inbox, "u", photos);
            // killed while WaveSpeed works on a task of its (the prediction id is in the ledger)
            Await.until(Duration.ofMinutes(2), () -> "node a waits for a prediction; log: " + nodes.get(0).logText(), () -> !sql(url, "SELECT t.task_key FROM ai_task t JOIN hub_job j ON j.job_id = t.job_id WHERE j.state = 'RUNNING' "
                            + "AND t.state = 'SUBMITTED'").isEmpty());
            List<Map<String, Object>> paid = sql(url, "SELECT t.job_id, t.prediction_id FROM ai_task t JOIN hub_job j ON j.job_id = t.job_id "
                    + "WHERE j.state = 'RUNNING' AND t.state = 'SUBMITTED'");
            nodes.get(0).kill();
            long paidBefore = emu.stats().submits();
            nodes.add(startNode(url, shared, "b", environment));
            nodes.add(startNode(url, shared, "c", environment));
            Path done = inbox.resolve(".done");
            Path failed = shared.resolve("outbox/upscale/failed");
            Await.until(Duration.ofMinutes(2), () -> "every photo done or failed, have " + count(done) + "+" + count(failed) + "\nlog b: "
                    + nodes.get(1).logText() + "\nlog c: " + nodes.get(2).logText(), () -> count(done) + count(failed) == photos);
            assertThat(paidBefore).isPositive();
            // the task WaveSpeed worked on when its hub died is collected by the hub that took the file over
            for (Map<String, Object> p : paid) {
                assertThat(sql(url, "SELECT state FROM hub_job WHERE job_id = '" + p.get("job_id") + "'")).extracting(r -> r.get("state")).containsExactly("DONE");
            }
            // nothing paid twice: at most one prediction per photo; a task whose submit the kill cut short (its answer never
            // came) is not sent again: that photo goes to failed/ with the reason, the user decides
            assertThat(emu.stats().submits()).as("predictions").isLessThanOrEqualTo(photos);

            assertThat(sql(url, "SELECT job_id, error FROM hub_job WHERE folder = 'upscale' AND state = 'FAILED'"))
                    .allSatisfy(r -> assertThat(r.get("error").toString()).contains("not submitted again"));
            Await.until(Duration.ofSeconds(30), "every job finalized", () -> sql(url, "SELECT job_id FROM hub_job WHERE folder = 'upscale' AND state IN ('DONE', 'FAILED') AND finalized = TRUE").size() == photos);
            assertThat(count(shared.resolve("outbox/upscale"))).isEqualTo(count(done));
        } finally {
            for (HubProcess n : nodes) n.close();
        }
    }

    @Test
    void hubs_together_never_run_more_wavespeed_tasks_than_the_account_allows() throws Exception {
        String url = pg.createDatabase("cluster_slots");
        Path shared = dir.resolve("share");
        Files.createDirectories(shared.resolve("inbox/upscale"));
        Files.createDirectories(shared.resolve("outbox"));
        int photos = 20;
        List<HubProcess> nodes = new ArrayList<>();
        try (dev.imagehub.wavespeed.emulator.WaveSpeedEmulator emu = dev.imagehub.wavespeed.emulator.WaveSpeedEmulator.start(0, Duration.ofMillis(1000))) {
            Map<String, String> environment = Map.of("WAVESPEED_API_KEY", "test-key", "WAVESPEED_BASE_URL", emu.baseUrl());
            // the upscale folder has 8 workers: alone, each hub runs two tasks at once (the account's concurrency, 2), four together
            nodes.add(startNode(url, shared, "a", environment));
            nodes.add(startNode(url, shared, "b", environment));
            Path inbox = shared.resolve("inbox/upscale");
            drop(inbox, "s", photos);
            Path done = inbox.resolve(".done");
            Await.until(Duration.ofMinutes(2), () -> "every photo done, have " + count(done), () -> count(done) == photos);
            assertThat(sql(url, "SELECT DISTINCT node FROM hub_job WHERE folder = 'upscale'")).as("both hubs worked").hasSize(2);
            assertThat(emu.stats().maxInFlight()).as("tasks in flight at once, all hubs together").isLessThanOrEqualTo(2);
            assertThat(emu.stats().submits()).isEqualTo(photos);
            assertThat(sql(url, "SELECT slot FROM ai_slot WHERE holder IS NOT NULL")).as("every slot given back").isEmpty();
        } finally {
            for (HubProcess n : nodes) n.close();
        }
    }

    // a hub JVM whose home links the share in as its inbox and outbox, as a network drive would be mounted
    private HubProcess startNode(String url, Path shared, String node, Map<String, String> environment) throws Exception {
        Path home = dir.resolve("node-" + node);
        TestHub.prepareHome(home);
        Files.createSymbolicLink(home.resolve("inbox"), shared.resolve("inbox"));
        Files.createSymbolicLink(home.resolve("outbox"), shared.resolve("outbox"));
        Map<String, String> settings = Map.of("hub.db.url", url, "hub.db.user", TestPostgres.USER, "hub.cluster.enabled", "true",
                "hub.node.id", node, "hub.cluster.leaseSeconds", "5", "hub.workers", "1");
        HubProcess hub = HubProcess.start(home, node, HubProcess.options("384m", settings), List.of(), environment);
        Await.until(TestHub.TIMEOUT, () -> "node " + node + " ready: " + hub.logText(), () -> hub.logText().contains("Hub ready"));
        return hub;
    }
}
