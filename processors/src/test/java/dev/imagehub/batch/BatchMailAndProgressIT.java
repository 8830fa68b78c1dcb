package dev.imagehub.batch;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;

import dev.imagehub.testing.Await;
import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;
import dev.imagehub.wavespeed.emulator.WaveSpeedEmulator;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import static org.assertj.core.api.Assertions.assertThat;

/** A batch with a slow AI row (WaveSpeed emulator on loopback): approval, progress read mid-way, cost, the mail at the end. */
class BatchMailAndProgressIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "smtp-Secret-77aa01";
    private static final String KEY = "sk-batch-test-5e6f7a8b9c0d1e2f";

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetup.dynamicPort(new ServerSetup[] {
            new ServerSetup(3025, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)}))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("hub@hub.test", "hub", PASSWORD)
                    .withUser("editor@hub.test", "editor", "editor-pw"))
            .withPerMethodLifecycle(true);

    @TempDir
    Path home;

    @Test
    void should_wait_for_approval_of_an_ai_row_report_progress_while_it_runs_and_mail_the_result() throws Exception {
        TestHub.prepareHome(home);
        Files.writeString(home.resolve("config/notifications.yaml"), """
                enabled: true
                operations: hub@hub.test
                smtp:
                  host: 127.0.0.1
                  port: %d
                  security: none
                  user: hub
                  passwordEnv: HUB_SMTP_PASSWORD
                  from: image hub <hub@hub.test>
                """.formatted(greenMail.getSmtp().getPort()));
        try (WaveSpeedEmulator emu = WaveSpeedEmulator.start(0, Duration.ofMillis(50))) {
            // the AI row takes seconds, so progress.json can be read while the batch waits for it
            emu.latency("wavespeed-ai/image-upscaler", Duration.ofSeconds(4));
            try (TestHub hub = TestHub.start(home, Map.of("hub.wavespeed.retryBackoffMillis", "20"),
                    Map.of("WAVESPEED_API_KEY", KEY, "WAVESPEED_BASE_URL", emu.baseUrl(), "HUB_SMTP_PASSWORD", PASSWORD))) {
                hub.drop("batch", "one.jpg", Images.syntheticJpeg(800, 600, 1, 90));
                hub.drop("batch", "two.jpg", Images.syntheticJpeg(300, 200, 2, 90));
                hub.drop("batch", "three.jpg", Images.syntheticJpeg(700, 500, 3, 90));
                hub.drop("batch", "mixed.json", """
                        {"notify": "editor@hub.test",
                         "rows": [
                           {"image": "one.jpg", "chain": "thumbnails"},
                           {"image": "two.jpg", "chain": "upscale", "output": "two-big"},
                           {"image": "three.jpg", "chain": "thumbnails"}
                         ]}
                        """.getBytes(StandardCharsets.UTF_8));
                String id = BatchFolder.batchId(hub.inbox("batch").resolve("mixed.json"));
                Path out = hub.outbox("batch").resolve(id);
                Await.until(TestHub.TIMEOUT, "estimate", () -> Files.exists(out.resolve("estimate.json")));
                JsonNode estimate = JSON.readTree(out.resolve("estimate.json").toFile());
                assertThat(estimate.get("aiRows").asInt()).isEqualTo(1);
                assertThat(estimate.get("needsApproval").asBoolean()).isTrue();
                assertThat(estimate.get("items").get(1).get("aiSteps").get(0).asText()).isEqualTo("upscale");
                assertThat(emu.stats().submits("wavespeed-ai/image-upscaler")).isZero();

                hub.drop("batch", "mixed.approve", new byte[0]);
                Path progress = out.resolve("progress.json");
                Await.until(TestHub.TIMEOUT, "one row done", () -> Files.exists(progress) && read(progress).get("done").asInt() == 1);
                JsonNode mid = read(progress);
                assertThat(mid.get("state").asText()).isEqualTo("running");
                assertThat(mid.get("total").asInt()).isEqualTo(3);
                assertThat(mid.get("failed").asInt()).isZero();
                assertThat(mid.get("remaining").asInt()).isEqualTo(2);
                assertThat(mid.get("percent").asDouble()).isEqualTo(33.3);
                assertThat(mid.has("etaSeconds")).isTrue();
                assertThat(mid.get("costUsd").decimalValue()).isZero();

                Await.until(TestHub.TIMEOUT, "report", () -> Files.exists(out.resolve("report.csv")));
                JsonNode end = read(progress);
                assertThat(end.get("done").asInt()).isEqualTo(3);
                assertThat(end.get("costUsd").decimalValue()).isPositive();
                List<String> report = Files.readAllLines(out.resolve("report.csv"));
                assertThat(report.get(2)).startsWith("2,two.jpg,two-big.jpg,done,,0.");
                assertThat(emu.stats().submits("wavespeed-ai/image-upscaler")).isEqualTo(1);

                Await.until(TestHub.TIMEOUT, "the batch mail", () -> greenMail.getReceivedMessages().length == 1);
                MimeMessage mail = greenMail.getReceivedMessages()[0];
                assertThat(mail.getSubject()).isEqualTo("[image hub] Batch " + id + ": finished");
                assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("editor@hub.test");
                Multipart parts = (Multipart) mail.getContent();
                boolean zipAttached = false;
                for (int i = 0; i < parts.getCount(); i++) {
                    if ((id + ".zip").equals(parts.getBodyPart(i).getFileName())) zipAttached = true;
                }
                assertThat(zipAttached).as("the batch ZIP is attached").isTrue();
            }
        }
    }

    @Test
    void should_stop_between_rows_when_the_hub_stops_and_continue_at_the_next_start_without_redoing_rows() throws Exception {
        TestHub.prepareHome(home);
        Map<String, String> settings = Map.of("hub.wavespeed.retryBackoffMillis", "20");
        try (WaveSpeedEmulator emu = WaveSpeedEmulator.start(0, Duration.ofMillis(50))) {
            emu.latency("wavespeed-ai/image-upscaler", Duration.ofSeconds(3));
            Map<String, String> env = Map.of("WAVESPEED_API_KEY", KEY, "WAVESPEED_BASE_URL", emu.baseUrl());
            String id;
            Path out;
            try (TestHub hub = TestHub.start(home, settings, env)) {
                for (String n : List.of("r1", "r2", "r3", "r4")) hub.drop("batch", n + ".jpg", Images.syntheticJpeg(400, 300, n.hashCode(), 90));
                hub.drop("batch", "long.approve", new byte[0]);
                hub.drop("batch", "long.csv", "image,chain\nr1.jpg,thumbnails\nr2.jpg,upscale\nr3.jpg,thumbnails\nr4.jpg,thumbnails\n"
                        .getBytes(StandardCharsets.UTF_8));
                id = BatchFolder.batchId(hub.inbox("batch").resolve("long.csv"));
                out = hub.outbox("batch").resolve(id);
                Path progress = out.resolve("progress.json");
                // the AI row is under way: stop the hub now
                Await.until(TestHub.TIMEOUT, "first row done", () -> Files.exists(progress) && read(progress).get("done").asInt() == 1);
            }
            // the row in progress finished, the next ones were left for the next start
            assertThat(out.resolve("report.csv")).doesNotExist();
            JsonNode stopped = read(out.resolve("progress.json"));
            assertThat(stopped.get("done").asInt()).isEqualTo(2);
            assertThat(stopped.get("remaining").asInt()).isEqualTo(2);
            assertThat(home.resolve("inbox/batch/long.csv")).exists();

            try (TestHub hub = TestHub.start(home, settings, env)) {
                Await.until(TestHub.TIMEOUT, "report", () -> Files.exists(out.resolve("report.csv")));
                assertThat(Files.readAllLines(out.resolve("report.csv")).subList(1, 5)).extracting(l -> l.split(",")[3])
                        .containsExactly("done", "done", "done", "done");
                assertThat(emu.stats().submits("wavespeed-ai/image-upscaler")).isEqualTo(1);
                assertThat(hub.sql("SELECT file_name FROM hub_job WHERE route = 'batch' ORDER BY file_name"))
                        .extracting(r -> r.get("file_name")).containsExactly("r1.jpg", "r2.jpg", "r3.jpg", "r4.jpg");
                assertThat(TestHub.names(out)).contains("r1.jpg", "r2.jpg", "r3.jpg", "r4.jpg").doesNotContain("r1-2.jpg", "r2-2.jpg");
            }
        }
    }

    @Test
    void should_mail_hub_batch_notify_when_the_manifest_names_nobody_and_say_failed_when_every_row_failed() throws Exception {
        TestHub.prepareHome(home);
        Files.writeString(home.resolve("config/notifications.yaml"), """
                enabled: true
                operations: hub@hub.test
                smtp:
                  host: 127.0.0.1
                  port: %d
                  security: none
                  user: hub
                  passwordEnv: HUB_SMTP_PASSWORD
                  from: image hub <hub@hub.test>
                """.formatted(greenMail.getSmtp().getPort()));
        try (TestHub hub = TestHub.start(home, Map.of("hub.batch.notify", "editor@hub.test"), Map.of("HUB_SMTP_PASSWORD", PASSWORD))) {
            hub.drop("batch", "bad.jpg", "not a photo".getBytes(StandardCharsets.UTF_8));
            hub.drop("batch", "good.jpg", Images.syntheticJpeg(300, 200, 9, 90));
            hub.drop("batch", "a-broken.csv", "image,chain\nbad.jpg,web\n".getBytes(StandardCharsets.UTF_8));
            hub.drop("batch", "b-fine.csv", "image,chain\ngood.jpg,web\n".getBytes(StandardCharsets.UTF_8));
            Await.until(TestHub.TIMEOUT, "two batch mails", () -> greenMail.getReceivedMessages().length == 2);
            String broken = "[image hub] Batch " + idOf(hub, "a-broken") + ": FAILED";
            String fine = "[image hub] Batch " + idOf(hub, "b-fine") + ": finished";
            List<String> subjects = new java.util.ArrayList<>();
            for (MimeMessage m : greenMail.getReceivedMessages()) {
                subjects.add(m.getSubject());
                assertThat(m.getAllRecipients()).extracting(Object::toString).containsExactly("editor@hub.test");
            }
            assertThat(subjects).containsExactlyInAnyOrder(broken, fine);
        }
    }

    // the id of the one batch whose folder name starts with the manifest's name
    private static String idOf(TestHub hub, String stem) throws java.io.IOException {
        try (var s = Files.list(hub.outbox("batch"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(stem + "-")).findFirst().orElseThrow();
        }
    }

    @Test
    void should_price_an_ai_batch_on_a_fresh_hub_from_the_registry_and_run_it_without_approval_only_under_the_threshold() throws Exception {
        TestHub.prepareHome(home);
        try (WaveSpeedEmulator emu = WaveSpeedEmulator.start(0, Duration.ofMillis(50));
             TestHub hub = TestHub.start(home, Map.of("hub.wavespeed.retryBackoffMillis", "20", "hub.batch.autoApproveUsd", "0.05"),
                     Map.of("WAVESPEED_API_KEY", KEY, "WAVESPEED_BASE_URL", emu.baseUrl()))) {
            // the ledger is empty: the translate chain (es, de, budget mode) is priced by config/models.yaml, $0.01 a call
            hub.drop("batch", "x.jpg", Images.syntheticJpeg(300, 200, 7, 90));
            hub.drop("batch", "small.csv", "image,chain\nx.jpg,translate\n".getBytes(StandardCharsets.UTF_8));
            Path small = hub.outbox("batch").resolve(BatchFolder.batchId(hub.inbox("batch").resolve("small.csv")));
            Await.until(TestHub.TIMEOUT, "the small batch's report, without an approve file", () -> Files.exists(small.resolve("report.csv")));
            JsonNode priced = read(small.resolve("estimate.json"));
            assertThat(priced.get("unpricedRows").asInt()).isZero();
            assertThat(priced.get("costUsd").decimalValue()).isEqualByComparingTo("0.02");
            assertThat(priced.get("costFromRegistryUsd").decimalValue()).isEqualByComparingTo("0.02");
            assertThat(priced.get("costFromLedgerUsd").decimalValue()).isZero();
            assertThat(priced.get("needsApproval").asBoolean()).isFalse();
            JsonNode calls = priced.get("items").get(0).get("pricing");
            assertThat(calls).hasSize(2);
            assertThat(calls.get(0).get("step").asText()).isEqualTo("translate:es");
            assertThat(calls.get(1).get("step").asText()).isEqualTo("translate:de");
            for (JsonNode c : calls) {
                assertThat(c.get("model").asText()).isEqualTo("alibaba/qwen-image/translate");
                assertThat(c.get("source").asText()).isEqualTo("registry");
                assertThat(c.get("usd").decimalValue()).isEqualByComparingTo("0.01");
                assertThat(c.get("reason").asText()).startsWith("budget: cheapest");
                assertThat(c.get("detail").asText()).isEqualTo("flat $0.01");
            }
            assertThat(Files.readString(small.resolve("estimate.html"))).contains("translate:es alibaba/qwen-image/translate $0.0100 from the registry");
            assertThat(emu.stats().submits("alibaba/qwen-image/translate")).isEqualTo(2);

            // a row's own languages count: 3 + 2 + 1 calls = $0.06, over $0.05, so this one waits for its approve file
            hub.drop("batch", "y.jpg", Images.syntheticJpeg(300, 200, 8, 90));
            hub.drop("batch", "z.jpg", Images.syntheticJpeg(300, 200, 9, 90));
            hub.drop("batch", "w.jpg", Images.syntheticJpeg(300, 200, 10, 90));
            hub.drop("batch", "big.csv", "image,chain,languages\ny.jpg,translate,fr ja de\nz.jpg,translate,\nw.jpg,translate,en\n"
                    .getBytes(StandardCharsets.UTF_8));
            Path big = hub.outbox("batch").resolve(BatchFolder.batchId(hub.inbox("batch").resolve("big.csv")));
            Await.until(TestHub.TIMEOUT, "the big batch's estimate", () -> Files.exists(big.resolve("estimate.json")));
            JsonNode over = read(big.resolve("estimate.json"));
            assertThat(over.get("costUsd").decimalValue()).isEqualByComparingTo("0.06");
            assertThat(over.get("items").get(0).get("costUsd").decimalValue()).isEqualByComparingTo("0.03");
            assertThat(over.get("items").get(0).get("pricing")).extracting(c -> c.get("step").asText())
                    .containsExactly("translate:fr", "translate:ja", "translate:de");
            assertThat(over.get("items").get(1).get("costUsd").decimalValue()).isEqualByComparingTo("0.02");
            assertThat(over.get("items").get(2).get("costUsd").decimalValue()).isEqualByComparingTo("0.01");
            assertThat(over.get("needsApproval").asBoolean()).isTrue();
            assertThat(emu.stats().submits("alibaba/qwen-image/translate")).isEqualTo(2);
            hub.drop("batch", "big.approve", new byte[0]);
            Await.until(TestHub.TIMEOUT, "the big batch's report once approved", () -> Files.exists(big.resolve("report.csv")));
            assertThat(emu.stats().submits("alibaba/qwen-image/translate")).isEqualTo(8);
        }
    }

    @Test
    void should_translate_each_row_into_its_own_languages() throws Exception {
        TestHub.prepareHome(home);
        try (WaveSpeedEmulator emu = WaveSpeedEmulator.start(0, Duration.ofMillis(50));
             TestHub hub = TestHub.start(home, Map.of("hub.wavespeed.retryBackoffMillis", "20"),
                     Map.of("WAVESPEED_API_KEY", KEY, "WAVESPEED_BASE_URL", emu.baseUrl()))) {
            hub.drop("batch", "menu.jpg", Images.syntheticJpeg(320, 200, 11, 90));
            hub.drop("batch", "sign.jpg", Images.syntheticJpeg(320, 200, 12, 90));
            hub.drop("batch", "words.approve", new byte[0]);
            hub.drop("batch", "words.csv", "image,chain,languages\nmenu.jpg,translate,fr ja\nsign.jpg,translate,fr fr\n"
                    .getBytes(StandardCharsets.UTF_8));
            Path out = hub.outbox("batch").resolve(BatchFolder.batchId(hub.inbox("batch").resolve("words.csv")));
            Await.until(TestHub.TIMEOUT, "report", () -> Files.exists(out.resolve("report.csv")));
            List<String> report = Files.readAllLines(out.resolve("report.csv"));
            assertThat(report.get(1)).startsWith("2,menu.jpg,menu-fr.jpg menu-ja.jpg,done,,");
            assertThat(report.get(2)).isEqualTo("3,sign.jpg,,failed,\"translate: a language is listed twice in [fr, fr]\",0");
            // the chain's own languages (es, de) were not used for these rows
            assertThat(emu.stats().submits("alibaba/qwen-image/translate")).isEqualTo(2);
        }
    }

    @Test
    void should_refuse_to_start_with_a_negative_threshold() {
        TestHub.prepareHome(home);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestHub.start(home, Map.of("hub.batch.autoApproveUsd", "-1")).close())
                .hasMessageContaining("hub.batch.autoApproveUsd").hasMessageContaining("must be an amount in US dollars of 0 or more");
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
