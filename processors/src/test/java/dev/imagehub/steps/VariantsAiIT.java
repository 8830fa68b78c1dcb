package dev.imagehub.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.HubSettings;
import dev.imagehub.chain.ChainCatalog;
import dev.imagehub.chain.ChainResult;
import dev.imagehub.chain.ChainRunner;
import dev.imagehub.chain.JobScope;
import dev.imagehub.chain.StepCatalog;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.ledger.JobJournal;
import dev.imagehub.ledger.Ledger;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;
import dev.imagehub.wavespeed.AiGateway;
import dev.imagehub.wavespeed.ModelRegistry;
import dev.imagehub.wavespeed.client.ApiKey;
import dev.imagehub.wavespeed.client.UnlimitedSpendGuard;
import dev.imagehub.wavespeed.client.WaveSpeedGateway;
import dev.imagehub.wavespeed.client.WaveSpeedSettings;
import dev.imagehub.wavespeed.emulator.WaveSpeedEmulator;

/**
 * AI backgrounds of the variants step against the WaveSpeed emulator over loopback: one prediction per background
 * and file (not per variant), resumed rather than paid again after a crash, refused by the budget with its reason.
 */
class VariantsAiIT {
    private static final String KEY = "sk-variants-test-4e1f2a3b5c6d7e8f9a0b";
    private static final String MODEL = "bria/generate-background";
    private static final String CHAIN = """
            ab-test:
              steps:
                - variants:
                    template: instagram-post
                    headlines: ["Spring sale: 30% off", "New season, new look", "Made to last"]
                    backgrounds:
                      beach: { ai: "on a sunny beach" }
                      studio: { ai: "in a white studio with soft shadows" }
            """;

    @TempDir
    Path home;

    // the shipped ab-test chain replaced by one with two AI backgrounds
    private void aiChain() throws Exception {
        aiChain("");
    }

    private void aiChain(String moreOptions) throws Exception {
        TestHub.prepareHome(home);
        Path chains = home.resolve("config").resolve(ChainCatalog.CHAINS_FILE);
        String text = Files.readString(chains);
        // cut out the shipped ab-test chain only (up to the next top-level key): the chains after it must stay, as
        // routes/ name them
        int start = text.indexOf("\nab-test:");
        java.util.regex.Matcher next = java.util.regex.Pattern.compile("\n[^\\s#]").matcher(text);
        int end = next.find(start + 1) ? next.start() : text.length();
        Files.writeString(chains, text.substring(0, start) + text.substring(end) + "\n" + CHAIN + moreOptions);
    }

    @Test
    void two_ai_backgrounds_and_three_headlines_are_six_variants_from_two_predictions() throws Exception {
        aiChain();
        try (WaveSpeedEmulator emu = WaveSpeedEmulator.start(0, Duration.ofMillis(50));
             TestHub hub = TestHub.start(home, Map.of("hub.wavespeed.retryBackoffMillis", "20"),
                     Map.of("WAVESPEED_API_KEY", KEY, "WAVESPEED_BASE_URL", emu.baseUrl()))) {
            hub.drop("ab-test", "lamp.jpg", Fixtures.bytes("photo-wine-portrait-1800.jpg"));
            hub.awaitFiles(hub.outbox("ab-test"), 8);
            assertThat(TestHub.names(hub.outbox("ab-test"))).containsExactlyInAnyOrder("lamp-H1-B1.jpg", "lamp-H1-B2.jpg", "lamp-H2-B1.jpg",
                    "lamp-H2-B2.jpg", "lamp-H3-B1.jpg", "lamp-H3-B2.jpg", "lamp-variants.csv", "lamp-variants-sheet.jpg");
            assertThat(emu.stats().submits(MODEL)).isEqualTo(2);
            assertThat(emu.stats().submits()).isEqualTo(2);

            List<String> lines = Files.readAllLines(hub.outbox("ab-test").resolve("lamp-variants.csv"), StandardCharsets.UTF_8);
            assertThat(lines).hasSize(7);
            assertThat(lines.get(1)).startsWith("H1-B1,lamp-H1-B1.jpg,instagram-post,1080,1080,Spring sale: 30% off,default,brand colours,default,layout default,beach,ai=on a sunny beach,"
                    + MODEL + ",0.04");
            assertThat(lines.get(6)).contains(",studio,ai=in a white studio with soft shadows," + MODEL + ",0.04");

            // the photo area comes from the background's prediction: same background, same photo; other background, other photo
            BufferedImage h1b1 = Images.read(hub.outbox("ab-test").resolve("lamp-H1-B1.jpg"));
            BufferedImage h2b1 = Images.read(hub.outbox("ab-test").resolve("lamp-H2-B1.jpg"));
            BufferedImage h1b2 = Images.read(hub.outbox("ab-test").resolve("lamp-H1-B2.jpg"));
            assertThat(meanDiff(h1b1, h2b1)).isLessThan(2);
            assertThat(meanDiff(h1b1, h1b2)).isGreaterThan(2);

            assertThat(hub.sql("SELECT step, model, cost_usd FROM usage_log WHERE route = ? AND provider = 'wavespeed' ORDER BY step",
                    "hotfolder-ab-test")).extracting(r -> r.get("step") + " " + r.get("model"))
                    .containsExactly("variants:beach " + MODEL, "variants:studio " + MODEL);
        }
    }

    @Test
    void a_job_rerun_after_a_crash_resumes_both_predictions_and_submits_nothing_new() throws Exception {
        aiChain();
        byte[] photo = Fixtures.bytes("photo-wine-portrait-1800.jpg");
        String sha = dev.imagehub.variants.VariantPlan.sha256Hex(photo);
        var chain = ChainCatalog.load(home.resolve("config"), "config", StepCatalog.discover()).get("ab-test");
        try (WaveSpeedEmulator emu = WaveSpeedEmulator.start(0, Duration.ofMillis(50))) {
            Map<String, byte[]> first;
            try (Harness h = new Harness(home, emu)) {
                String job = h.journal.begin("hotfolder-ab-test", "ab-test", "ab-test", "lamp.jpg", photo.length, sha);
                first = outputs(ChainRunner.run(chain, "lamp.jpg", photo, ImageProbe.probe(photo), Map.of(), h.scope(job, sha)));
                h.journal.abandon(job);                  // the hub died before the job committed its outputs
            }
            assertThat(emu.stats().submits()).isEqualTo(2);
            try (Harness restarted = new Harness(home, emu)) {
                String job = restarted.journal.begin("hotfolder-ab-test", "ab-test", "ab-test", "lamp.jpg", photo.length, sha);
                ChainResult again = ChainRunner.run(chain, "lamp.jpg", photo, ImageProbe.probe(photo), Map.of(), restarted.scope(job, sha));
                assertThat(outputs(again).keySet()).isEqualTo(first.keySet());
                assertThat(again.usage().stream().filter(u -> u.model() != null && u.model().equals(MODEL)).count()).isEqualTo(2);
            }
            assertThat(emu.stats().submits()).as("submits after the re-run").isEqualTo(2);
        }
    }

    @Test
    void a_budget_refusal_fails_the_file_with_the_budgets_reason() throws Exception {
        aiChain();
        Files.writeString(home.resolve("config/budgets.yaml"), "overall: {day: 5.00}\nroutes:\n  ab-test: {day: 0.05}\n");
        try (WaveSpeedEmulator emu = WaveSpeedEmulator.start(0, Duration.ofMillis(50));
             TestHub hub = TestHub.start(home, Map.of("hub.wavespeed.retryBackoffMillis", "20"),
                     Map.of("WAVESPEED_API_KEY", KEY, "WAVESPEED_BASE_URL", emu.baseUrl()))) {
            hub.drop("ab-test", "lamp.jpg", Fixtures.bytes("photo-wine-portrait-1800.jpg"));
            hub.awaitFiles(hub.failed("ab-test"), 2);
            String why = TestHub.files(hub.failed("ab-test")).stream().filter(p -> !p.getFileName().toString().equals("lamp.jpg"))
                    .map(p -> {
                        try {
                            return Files.readString(p);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).collect(Collectors.joining("\n"));
            assertThat(why).containsIgnoringCase("budget").contains("ab-test");
            assertThat(emu.stats().submits()).isEqualTo(1);
            try (var listing = Files.list(hub.outbox("ab-test"))) {
                assertThat(listing.map(p -> p.getFileName().toString())).as("no variant of the failed file delivered").containsExactly("failed");
            }
        }
    }

    @Test
    void hub_estimate_prices_one_call_per_ai_background_and_file() throws Exception {
        aiChain();
        Path inbox = Files.createDirectories(home.resolve("inbox/ab-test"));
        Files.write(inbox.resolve("a.jpg"), Images.syntheticJpeg(320, 240, 1, 90));
        Files.write(inbox.resolve("b.jpg"), Images.syntheticJpeg(240, 320, 2, 90));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        int code = dev.imagehub.estimate.EstimateCommand.print(home, new String[] {"ab-test", "ab-test"},
                new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8), StepCatalog.discover());
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isZero();
        assertThat(out).contains("Total: 4 AI call(s) for 2 file(s): $0.16").containsPattern("a\\.jpg +variants:beach +" + MODEL)
                .containsPattern("b\\.jpg +variants:studio +" + MODEL);
    }

    @Test
    void the_estimate_of_a_sample_prices_only_the_ai_backgrounds_the_files_sample_uses() throws Exception {
        aiChain("        sample: 1\n");
        Path inbox = Files.createDirectories(home.resolve("inbox/ab-test"));
        Files.write(inbox.resolve("a.jpg"), Images.syntheticJpeg(320, 240, 1, 90));
        Files.write(inbox.resolve("b.jpg"), Images.syntheticJpeg(240, 320, 2, 90));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        int code = dev.imagehub.estimate.EstimateCommand.print(home, new String[] {"ab-test", "ab-test"},
                new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8), StepCatalog.discover());
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isZero();
        assertThat(out).contains("Total: 2 AI call(s) for 2 file(s): $0.08");
    }

    private static Map<String, byte[]> outputs(ChainResult r) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (ChainResult.Output o : r.outputs()) out.put(o.suffix() + "." + o.extension(), o.bytes());
        return out;
    }

    private static double meanDiff(BufferedImage a, BufferedImage b) {
        long sum = 0;
        long n = 0;
        for (int y = 0; y < 760; y += 3) {
            for (int x = 0; x < 1080; x += 3) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                sum += Math.abs(((p >> 16) & 0xFF) - ((q >> 16) & 0xFF)) + Math.abs(((p >> 8) & 0xFF) - ((q >> 8) & 0xFF)) + Math.abs((p & 0xFF) - (q & 0xFF));
                n += 3;
            }
        }
        return (double) sum / n;
    }

    /** A WaveSpeed gateway on the home's real ledger, as HubServices builds it; a second one on the same home is a restarted hub. */
    private static final class Harness implements AutoCloseable {
        final Ledger ledger;
        final JobJournal journal;
        final WaveSpeedGateway gateway;
        final Path home;

        Harness(Path home, WaveSpeedEmulator emu) {
            this.home = home;
            Map<String, String> props = new LinkedHashMap<>(TestHub.defaults());
            props.put("hub.wavespeed.retryBackoffMillis", "20");
            HubSettings settings = HubSettings.load(home, props, Map.of(ApiKey.ENV, KEY, WaveSpeedSettings.BASE_URL_ENV, emu.baseUrl()));
            ledger = Ledger.open(settings);
            journal = new JobJournal(ledger.dataSource());
            gateway = new WaveSpeedGateway(WaveSpeedSettings.of(settings), ApiKey.from(settings).orElseThrow(),
                    ModelRegistry.load(home.resolve("config")), ledger.dataSource(), new UnlimitedSpendGuard(), home, dev.imagehub.testing.TestCamel.context());
        }

        JobScope scope(String jobId, String sha) {
            return new JobScope() {
                public String route() { return "hotfolder-ab-test"; }
                public String folder() { return "ab-test"; }
                public String jobId() { return jobId; }
                public String fileSha256() { return sha; }
                public Path home() { return home; }
                public Path inboxFolder() { return home.resolve("inbox/ab-test"); }
                public AiGateway ai() { return gateway; }
            };
        }

        @Override
        public void close() throws SQLException {
            gateway.close();
            try (var c = ledger.dataSource().getConnection(); var st = c.createStatement()) {
                st.execute("SHUTDOWN");
            }
            ledger.close();
        }
    }
}
