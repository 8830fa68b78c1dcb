package dev.imagehub.batch;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.imagehub.ledger.UsageRecord;
import dev.imagehub.testing.Await;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;

/** Batch manifests dropped into a real hub's inbox/batch/: estimate, approval, run, progress, report, ZIP, restarts. */
class BatchFolderIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Path batchDir(TestHub hub, String manifest) throws Exception {
        return hub.outbox("batch").resolve(BatchFolder.batchId(hub.inbox("batch").resolve(manifest)));
    }

    private static JsonNode json(Path file) throws Exception {
        return JSON.readTree(file.toFile());
    }

    private static void awaitFile(Path file) {
        Await.until(TestHub.TIMEOUT, "file " + file, () -> Files.exists(file));
    }

    @Test
    void should_run_a_local_csv_batch_at_once_with_a_failing_row_in_the_middle_and_write_report_zip_and_progress() throws Exception {
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            hub.drop("batch", "sunset.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.drop("batch", "broken.jpg", utf8("this is a text file, not a photo"));
            hub.drop("batch/photos", "wine.jpg", Fixtures.bytes("photo-wine-portrait-1800.jpg"));
            hub.drop("batch", "spring.csv", utf8("""
                    # spring campaign
                    image,chain,watermark,output
                    sunset.jpg,watermarked,"© Spring, 2026",hero
                    broken.jpg,thumbnails,,
                    photos/wine.jpg,thumbnails,,wine-thumb
                    """));
            Path manifest = hub.inbox("batch").resolve("spring.csv");
            String id = BatchFolder.batchId(manifest);
            Path out = hub.outbox("batch").resolve(id);
            awaitFile(out.resolve(id + ".zip"));

            // outputs named by the rows' output column, or after the image
            assertThat(TestHub.names(out)).contains("hero.jpg", "wine-thumb.jpg", "report.csv", "progress.json", "estimate.json",
                    "estimate.html", id + ".zip");
            assertThat(Images.read(out.resolve("wine-thumb.jpg")).getWidth()).isEqualTo(400);
            // the row's watermark text replaced the chain's, as a sidecar value would
            assertThat(hub.sql("SELECT details FROM usage_log WHERE route = 'batch' AND step = 'watermark'"))
                    .extracting(r -> (String) r.get("details")).singleElement().asString().contains("© Spring, 2026");

            List<String> report = Files.readAllLines(out.resolve("report.csv"), StandardCharsets.UTF_8);
            assertThat(report).hasSize(4);
            assertThat(report.get(0)).isEqualTo("row,image,outputs,status,reason,cost_usd");
            assertThat(report.get(1)).isEqualTo("3,sunset.jpg,hero.jpg,done,,0");
            assertThat(report.get(2)).startsWith("4,broken.jpg,,failed,\"probe: the file contains text, not image data");
            assertThat(report.get(3)).isEqualTo("5,photos/wine.jpg,wine-thumb.jpg,done,,0");

            JsonNode progress = json(out.resolve("progress.json"));
            assertThat(progress.get("state").asText()).isEqualTo("finished");
            assertThat(progress.get("total").asInt()).isEqualTo(3);
            assertThat(progress.get("done").asInt()).isEqualTo(2);
            assertThat(progress.get("failed").asInt()).isEqualTo(1);
            assertThat(progress.get("remaining").asInt()).isZero();
            assertThat(progress.get("percent").asDouble()).isEqualTo(100.0);
            assertThat(progress.get("etaSeconds").asLong()).isZero();
            assertThat(progress.get("costUsd").decimalValue()).isZero();

            JsonNode estimate = json(out.resolve("estimate.json"));
            assertThat(estimate.get("rows").asInt()).isEqualTo(3);
            assertThat(estimate.get("needsApproval").asBoolean()).isFalse();
            assertThat(estimate.get("items").get(0).get("options").get("watermark").asText()).isEqualTo("© Spring, 2026");
            assertThat(estimate.get("items").get(2).get("image").asText()).isEqualTo("photos/wine.jpg");
            assertThat(estimate.get("estimatedSeconds").asDouble()).isPositive();
            String html = Files.readString(out.resolve("estimate.html"));
            assertThat(html).contains("<table>", "photos/wine.jpg", "<svg", "Local steps only");

            List<String> entries = new ArrayList<>();
            try (ZipFile zip = new ZipFile(out.resolve(id + ".zip").toFile())) {
                zip.stream().forEach(e -> entries.add(e.getName()));
                assertThat(new String(zip.getInputStream(zip.getEntry("report.csv")).readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo(String.join("\n", report) + "\n");
            }
            assertThat(entries).containsExactlyInAnyOrder("hero.jpg", "wine-thumb.jpg", "report.csv", "progress.json", "estimate.json",
                    "estimate.html");

            // the manifest and its images are archived; the hot folders never saw the images
            Await.until(TestHub.TIMEOUT, "manifest archived", () -> !Files.exists(manifest));
            Path done = hub.inbox("batch").resolve(".done").resolve(id);
            assertThat(TestHub.names(done)).containsExactlyInAnyOrder("spring.csv", "sunset.jpg", "broken.jpg");
            assertThat(TestHub.names(done.resolve("photos"))).containsExactly("wine.jpg");
            assertThat(hub.sql("SELECT COUNT(*) AS n FROM hub_job WHERE route <> 'batch'")).singleElement()
                    .extracting(r -> ((Number) r.get("n")).intValue()).isEqualTo(0);
        }
    }

    @Test
    void should_list_invalid_rows_with_their_numbers_and_run_only_once_approved() throws Exception {
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            hub.drop("batch", "a.jpg", Images.syntheticJpeg(900, 600, 1, 90));
            hub.drop("batch", "a-review.json", utf8("""
                    {"rows": [
                      {"image": "a.jpg", "chain": "thumbnails", "output": "a-small"},
                      {"image": "missing.jpg", "chain": "web"},
                      {"image": "a.jpg", "chain": "sharpest"},
                      {"image": "../../config/chains.yaml", "chain": "web"},
                      {"image": "a.jpg", "chain": "web", "colour": "red"}
                    ]}
                    """));
            Path out = batchDir(hub, "a-review.json");
            awaitFile(out.resolve("estimate.json"));
            JsonNode estimate = json(out.resolve("estimate.json"));
            assertThat(estimate.get("invalidRows").asInt()).isEqualTo(4);
            assertThat(estimate.get("needsApproval").asBoolean()).isTrue();
            JsonNode items = estimate.get("items");
            assertThat(items.get(0).get("valid").asBoolean()).isTrue();
            assertThat(items.get(1).get("row").asInt()).isEqualTo(2);
            assertThat(items.get(1).get("problem").asText()).contains("image 'missing.jpg' is missing");
            assertThat(items.get(2).get("problem").asText()).contains("unknown chain 'sharpest'", "thumbnails");
            assertThat(items.get(3).get("problem").asText()).contains("outside the manifest's folder");
            assertThat(items.get(4).get("problem").asText()).contains("unknown field 'colour'");
            assertThat(Files.readString(out.resolve("estimate.html"))).contains("unknown chain 'sharpest'", "Waiting for approval",
                    "a-review.approve");

            // a later, local-only batch runs to the end while the first one still waits: scans take manifests in name
            // order, so the waiting one was looked at and left alone
            hub.drop("batch", "b.jpg", Images.syntheticJpeg(500, 400, 2, 90));
            hub.drop("batch", "b-later.csv", utf8("image,chain\nb.jpg,thumbnails\n"));
            awaitFile(batchDir(hub, "b-later.csv").resolve("report.csv"));
            assertThat(out.resolve("report.csv")).doesNotExist();
            assertThat(TestHub.names(out)).doesNotContain("a-small.jpg");
            assertThat(hub.sql("SELECT COUNT(*) AS n FROM hub_job WHERE file_name = 'a.jpg'")).singleElement()
                    .extracting(r -> ((Number) r.get("n")).intValue()).isEqualTo(0);

            hub.drop("batch", "a-review.approve", new byte[0]);
            awaitFile(out.resolve("report.csv"));
            List<String> report = Files.readAllLines(out.resolve("report.csv"), StandardCharsets.UTF_8);
            assertThat(report.get(1)).isEqualTo("1,a.jpg,a-small.jpg,done,,0");
            assertThat(report.get(2)).startsWith("2,missing.jpg,,failed,\"image 'missing.jpg' is missing");
            assertThat(report.get(3)).contains(",failed,\"unknown chain 'sharpest'");
            assertThat(report).hasSize(6);
            Await.until(TestHub.TIMEOUT, "approve file archived", () -> Files.exists(hub.inbox("batch").resolve(".done")
                    .resolve(out.getFileName()).resolve("a-review.approve")));
        }
    }

    @Test
    void should_bind_a_rows_operations_like_a_chain_and_name_the_line_of_a_mistake() throws Exception {
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            hub.drop("batch", "o.jpg", Images.syntheticJpeg(900, 600, 5, 90));
            hub.drop("batch", "ops.json", utf8("""
                    {"rows": [
                      {"image": "o.jpg", "operations": [{"resize": {"width": 300}}, {"convert": {"format": "png"}}], "output": "small"},
                      {"image": "o.jpg",
                       "operations": [{"sharpenn": {}}]},
                      {"image": "o.jpg", "operations": [{"resize": {"width": -5}}]},
                      {"image": "o.jpg", "chain": "web", "operations": ["autoOrient"]}
                    ]}
                    """));
            Path out = batchDir(hub, "ops.json");
            awaitFile(out.resolve("estimate.json"));
            JsonNode items = json(out.resolve("estimate.json")).get("items");
            assertThat(items.get(0).get("valid").asBoolean()).isTrue();
            assertThat(items.get(0).get("operations").asText()).isEqualTo("resize > convert");
            assertThat(items.get(1).get("problem").asText()).startsWith("inbox/batch/ops.json:4").contains("unknown step 'sharpenn'");
            assertThat(items.get(2).get("problem").asText()).startsWith("inbox/batch/ops.json:5").contains("width");
            assertThat(items.get(3).get("problem").asText()).isEqualTo("give either 'chain' or 'operations', not both");

            hub.drop("batch", "ops.approve", new byte[0]);
            awaitFile(out.resolve("report.csv"));
            assertThat(Files.readAllLines(out.resolve("report.csv")).get(1)).isEqualTo("1,o.jpg,small.png,done,,0");
            assertThat(Images.read(out.resolve("small.png")).getWidth()).isEqualTo(300);
        }
    }

    @Test
    void should_refuse_an_unreadable_manifest_with_a_reason() throws Exception {
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            hub.drop("batch", "bad.csv", utf8("picture,chain\nx.jpg,web\n"));
            hub.drop("batch", "when.json", utf8("{\"schedule\": \"tomorrow-ish\", \"rows\": []}"));
            Path failed = hub.outbox("batch").resolve("failed");
            awaitFile(failed.resolve("bad.csv.error.json"));
            awaitFile(failed.resolve("when.json.error.json"));
            assertThat(json(failed.resolve("bad.csv.error.json")).get("error").asText())
                    .isEqualTo("bad.csv: line 1: unknown column 'picture' (known: image, chain, watermark, prompt, languages, output)");
            assertThat(json(failed.resolve("when.json.error.json")).get("error").asText()).contains("schedule 'tomorrow-ish'", "cron");
            assertThat(hub.inbox("batch").resolve("bad.csv")).doesNotExist();
        }
    }

    @Test
    void should_start_a_scheduled_batch_not_before_its_start_time() throws Exception {
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            Instant start = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
            hub.drop("batch", "n.jpg", Images.syntheticJpeg(600, 400, 3, 90));
            hub.drop("batch", "night.csv", utf8("# schedule: " + OffsetDateTime.ofInstant(start, ZoneOffset.ofHours(1)) + "\nimage,chain\nn.jpg,thumbnails\n"));
            Path out = batchDir(hub, "night.csv");
            awaitFile(out.resolve("report.csv"));
            List<Map<String, Object>> jobs = hub.sql("SELECT started_at FROM hub_job WHERE route = 'batch'");
            assertThat(jobs).hasSize(1);
            Instant ran = ((OffsetDateTime) jobs.get(0).get("started_at")).toInstant();
            assertThat(ran).isAfterOrEqualTo(start);
        }
    }

    @Test
    void should_run_a_cron_scheduled_batch_at_the_next_firing() throws Exception {
        TestHub.prepareHome(home);
        try (TestHub hub = TestHub.start(home)) {
            hub.drop("batch", "c.jpg", Images.syntheticJpeg(600, 400, 4, 90));
            hub.drop("batch", "every.json", utf8("{\"schedule\": \"* * * * * ?\", \"rows\": [{\"image\": \"c.jpg\", \"chain\": \"thumbnails\"}]}"));
            Path out = batchDir(hub, "every.json");
            awaitFile(out.resolve("report.csv"));
            assertThat(Files.readAllLines(out.resolve("report.csv"))).contains("1,c.jpg,c.jpg,done,,0");
        }
    }

    @Test
    void should_continue_a_batch_after_a_restart_without_redoing_finished_rows() throws Exception {
        TestHub.prepareHome(home);
        String id;
        Path out;
        try (TestHub hub = TestHub.start(home)) {
            for (int i = 1; i <= 4; i++) hub.drop("batch", "p" + i + ".jpg", Images.syntheticJpeg(640, 480, 10 + i, 90));
            // an invalid row keeps the batch waiting for approval, so the state below can be set up before it runs
            hub.drop("batch", "crash.csv", utf8("image,chain\np1.jpg,thumbnails\np2.jpg,thumbnails\np3.jpg,thumbnails\np4.jpg,thumbnails\nnope.jpg,web\n"));
            id = BatchFolder.batchId(hub.inbox("batch").resolve("crash.csv"));
            out = hub.outbox("batch").resolve(id);
            awaitFile(out.resolve("estimate.json"));
            Await.until(TestHub.TIMEOUT, "batch waiting", () -> hub.sql("SELECT state FROM batch_run WHERE batch_id = ?", id).size() == 1);

            // as a crash would leave it: row 2 finished and recorded, row 3's job committed but its output not yet
            // published, row 4 started but never committed
            BatchStore store = new BatchStore(hub.services().dataSource());
            var journal = hub.services().journal();
            Files.write(out.resolve("p2.jpg"), Images.syntheticJpeg(400, 400, 2, 80));
            store.finished(id, new BatchStore.RowState(3, null, BatchStore.DONE, "p2.jpg", null, java.math.BigDecimal.ZERO));
            String committed = journal.begin("batch", "batch/" + id, "thumbnails", "p3.jpg", 1, "x".repeat(64));
            store.started(id, 4, committed);
            Files.write(out.resolve(".hub-" + committed + "-0.tmp"), Images.syntheticJpeg(400, 400, 3, 80));
            journal.commit(committed, true, "batch", "batch", "p3.jpg", "x".repeat(64),
                    List.of(UsageRecord.local("encode", 0, UsageRecord.OK, 1, 1, 1, null, null)), null, null,
                    ".hub-" + committed + "-0.tmp\tp3\tjpg");
            String interrupted = journal.begin("batch", "batch/" + id, "thumbnails", "p4.jpg", 1, "y".repeat(64));
            store.started(id, 5, interrupted);
            Files.write(out.resolve(".hub-" + interrupted + "-0.tmp"), new byte[] {1, 2, 3});
            store.setState(id, "crash.csv", BatchStore.RUNNING);
        }
        try (TestHub hub = TestHub.start(home)) {
            awaitFile(out.resolve("report.csv"));
            List<String> report = Files.readAllLines(out.resolve("report.csv"), StandardCharsets.UTF_8);
            assertThat(report.subList(1, report.size())).containsExactly(
                    "2,p1.jpg,p1.jpg,done,,0",
                    "3,p2.jpg,p2.jpg,done,,0",
                    "4,p3.jpg,p3.jpg,done,,0",
                    "5,p4.jpg,p4.jpg,done,,0",
                    "6,nope.jpg,,failed,\"image 'nope.jpg' is missing: put it beside the manifest, in a sub-folder named in the path, or in the ZIP "
                            + "dropped with the manifest\",0");
            // rows 2 and 3 were not processed again; row 4's interrupted job was abandoned and the row ran once more
            assertThat(hub.sql("SELECT file_name, state FROM hub_job WHERE route = 'batch' ORDER BY file_name, state"))
                    .extracting(r -> r.get("file_name") + " " + r.get("state"))
                    .containsExactly("p1.jpg DONE", "p3.jpg DONE", "p4.jpg ABANDONED", "p4.jpg DONE");
            assertThat(TestHub.names(out)).contains("p1.jpg", "p2.jpg", "p3.jpg", "p4.jpg").doesNotContain("p2-2.jpg", "p3-2.jpg", "p4-2.jpg");
            // the ZIP export is still being written (through a temporary file) when report.csv appears: no temporary
            // file may be left once it is done
            Await.until(TestHub.TIMEOUT, "no temporary files left",
                    () -> java.util.Arrays.stream(out.toFile().list()).noneMatch(n -> n.startsWith(".hub-")));
        }
    }
}
