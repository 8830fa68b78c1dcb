package dev.imagehub.batch;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.chain.ChainCatalog;
import dev.imagehub.chain.StepCatalog;
import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;
import dev.imagehub.wavespeed.ModelRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a batch estimate's AI prices come from: the registry's rule, else (quote-only models) the ledger's average, else none. */
class BatchEstimateTest {
    private static final String MANIFEST = """
            {"rows": [{"image": "x.jpg", "operations": [{"upscale": {"model": "wavespeed-ai/image-upscaler", "factor": 2}}]}]}
            """;

    @TempDir
    Path home;

    @Test
    void should_price_from_the_registry_even_when_the_ledger_knows_the_step() throws Exception {
        BatchEstimate e = estimate(Map.of("upscale", new BatchStore.StepHistory(1000, new BigDecimal("0.5"))));
        BatchEstimate.Priced p = e.rows().get(0).pricing().get(0);
        assertThat(p.source()).isEqualTo(BatchEstimate.REGISTRY);
        assertThat(p.model()).isEqualTo("wavespeed-ai/image-upscaler");
        assertThat(p.usd()).isEqualByComparingTo("0.01");
        assertThat(p.detail()).isEqualTo("flat $0.01");
        assertThat(e.costUsd()).isEqualByComparingTo("0.01");
        assertThat(e.costFrom(BatchEstimate.LEDGER)).isZero();
    }

    @Test
    void should_fall_back_to_the_ledger_for_a_quote_only_model_and_leave_it_unpriced_without_history() throws Exception {
        quoteOnlyUpscaler();
        BatchEstimate fromLedger = estimate(Map.of("upscale", new BatchStore.StepHistory(1000, new BigDecimal("0.013"))));
        BatchEstimate.Priced p = fromLedger.rows().get(0).pricing().get(0);
        assertThat(p.source()).isEqualTo(BatchEstimate.LEDGER);
        assertThat(p.usd()).isEqualByComparingTo("0.013");
        assertThat(p.detail()).startsWith("the registry has no price");
        assertThat(fromLedger.unpricedRows()).isZero();
        assertThat(fromLedger.costFrom(BatchEstimate.LEDGER)).isEqualByComparingTo("0.013");
        assertThat(fromLedger.costFrom(BatchEstimate.REGISTRY)).isZero();
        assertThat(fromLedger.html()).contains("from the ledger");

        BatchEstimate none = estimate(Map.of());
        assertThat(none.rows().get(0).pricing().get(0).source()).isEqualTo(BatchEstimate.NONE);
        assertThat(none.rows().get(0).costUsd()).isNull();
        assertThat(none.unpricedRows()).isEqualTo(1);
        assertThat(none.needsApproval()).isTrue();
    }

    private void quoteOnlyUpscaler() throws Exception {
        TestHub.prepareHome(home);
        Path models = home.resolve("config/models.yaml");
        String yaml = Files.readString(models);
        String entry = "  - id: wavespeed-ai/image-upscaler\n    name: Image Upscaler\n    task: upscale\n    price: {flat: 0.01}\n    source: official\n";
        assertThat(yaml).contains(entry);
        Files.writeString(models, yaml.replace(entry, entry.replace("{flat: 0.01}", "{quote: \"test: no known price\", reference: 0.01}")
                .replace("official", "unknown")));
    }

    private BatchEstimate estimate(Map<String, BatchStore.StepHistory> history) throws Exception {
        if (!Files.isDirectory(home.resolve("config"))) TestHub.prepareHome(home);
        Path inbox = Files.createDirectories(home.resolve("inbox/batch"));
        Files.write(inbox.resolve("x.jpg"), Images.syntheticJpeg(300, 200, 1, 90));
        Path manifest = inbox.resolve("up.json");
        Files.writeString(manifest, MANIFEST, StandardCharsets.UTF_8);
        StepCatalog steps = StepCatalog.discover();
        ChainCatalog chains = ChainCatalog.load(home.resolve("config"), "config", steps);
        BatchManifest m = BatchManifest.read(manifest, "up-1", chains, steps, null);
        assertThat(m.rows().get(0).valid()).as(String.valueOf(m.rows().get(0).problem())).isTrue();
        return BatchEstimate.of(m, chains, history, BigDecimal.ONE, ModelRegistry.load(home.resolve("config")), home);
    }
}
