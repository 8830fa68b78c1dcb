package dev.imagehub.steps.ai;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.testing.Await;
import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;
import dev.imagehub.wavespeed.emulator.WaveSpeedEmulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger equals the money charged, to the cent: identical and different files dropped together into every AI
 * folder are each a task of their own, booked once with its price; budgets refuse before anything is uploaded; and a
 * WaveSpeed that refuses for a while makes files wait, never fail.
 */
class AiLedgerIT {
    private static final String UPSCALER = "wavespeed-ai/image-upscaler";

    @TempDir
    Path home;
    WaveSpeedEmulator emu;
    TestHub hub;

    @BeforeEach
    void start() throws Exception {
        emu = WaveSpeedEmulator.start(0, Duration.ofMillis(150));
        TestHub.prepareHome(home);
    }

    @AfterEach
    void stop() {
        if (hub != null) hub.close();
        emu.close();
    }

    private BigDecimal ledgerUsd() {
        Object v = hub.sql("SELECT COALESCE(SUM(cost_usd), 0) AS usd FROM usage_log WHERE provider = 'wavespeed'").get(0).get("usd");
        return ((BigDecimal) v).setScale(6, java.math.RoundingMode.UNNECESSARY);
    }

    private static long sidecars(Path failed) {
        return TestHub.names(failed).stream().filter(n -> n.endsWith(".error.json")).count();
    }

    private void awaitSettled(String folder, int files) {
        Await.until(Duration.ofSeconds(120), () -> folder + ": " + files + " files settled; done " + TestHub.names(hub.done(folder))
                        + ", failed " + TestHub.names(hub.failed(folder)),
                () -> TestHub.files(hub.done(folder)).size() + sidecars(hub.failed(folder)) >= files && TestHub.files(hub.inbox(folder)).isEmpty());
    }

    @Test
    void identicalAndDifferentFilesInEveryAiFolderAreBookedExactlyAsCharged() {
        hub = AiEmulator.hub(home, emu);
        byte[] same = Images.syntheticJpeg(320, 240, 5, 90);
        Map<String, Integer> dropped = new java.util.LinkedHashMap<>();
        for (String folder : List.of("upscale", "caption", "background", "translate", "to3d")) {
            for (int i = 1; i <= 3; i++) hub.drop(folder, "same-" + i + ".jpg", same);
            for (int i = 1; i <= 2; i++) hub.drop(folder, "other-" + i + ".jpg", Images.syntheticJpeg(320, 240, 40 + i, 90));
            dropped.put(folder, 5);
        }
        for (int i = 1; i <= 3; i++) hub.drop("generate", "same-" + i + ".txt", "a red kite over a beach".getBytes(StandardCharsets.UTF_8));
        hub.drop("generate", "other.txt", "a lighthouse at dusk".getBytes(StandardCharsets.UTF_8));
        dropped.put("generate", 4);
        dropped.forEach(this::awaitSettled);

        long paidRows = (Long) hub.sql("SELECT COUNT(*) AS n FROM usage_log WHERE provider = 'wavespeed' AND cost_usd > 0").get(0).get("n");
        long predictions = (Long) hub.sql("SELECT COUNT(DISTINCT prediction_id) AS n FROM usage_log WHERE provider = 'wavespeed' "
                + "AND cost_usd > 0").get(0).get("n");
        assertThat(emu.stats().chargedUsd()).as("what WaveSpeed charged").isPositive().isEqualByComparingTo(ledgerUsd());
        assertThat(paidRows).as("each task booked once").isEqualTo(predictions).isEqualTo(emu.stats().submits());
        // identical bytes share an upload, never a task
        assertThat(emu.stats().submits(UPSCALER)).isEqualTo(5);
        assertThat(hub.sql("SELECT COUNT(*) AS n FROM ai_task WHERE route = 'hotfolder-upscale'").get(0).get("n")).isEqualTo(5L);
    }

    @Test
    void budgetsRefuseBeforeUploadingAndIdenticalCopiesAreEachReserved() throws Exception {
        Files.writeString(home.resolve("config/budgets.yaml"), "routes:\n  upscale: { day: 0.03 }\n");
        hub = AiEmulator.hub(home, emu);
        // eight different photos at once: three fit the budget of three upscales, five are refused without an upload
        for (int i = 1; i <= 8; i++) hub.drop("upscale", "p" + i + ".jpg", Images.syntheticJpeg(300, 200, 60 + i, 90));
        awaitSettled("upscale", 8);
        assertThat(TestHub.files(hub.done("upscale"))).hasSize(3);
        assertThat(sidecars(hub.failed("upscale"))).isEqualTo(5);
        assertThat(emu.stats().submits(UPSCALER)).isEqualTo(3);
        assertThat(emu.stats().uploads()).as("refused photos are never uploaded").isEqualTo(3);
        assertThat(emu.stats().chargedUsd()).isEqualByComparingTo("0.03").isEqualByComparingTo(ledgerUsd());
        String reason = Files.readString(hub.failed("upscale").resolve(TestHub.names(hub.failed("upscale")).stream()
                .filter(n -> n.endsWith(".error.json")).findFirst().orElseThrow()));
        assertThat(reason).contains("budget exceeded").contains("Nothing was sent and nothing was charged");
    }

    @Test
    void eightCopiesOfOnePhotoAgainstABudgetOfThreeUpscalesGiveThreeResults() throws Exception {
        Files.writeString(home.resolve("config/budgets.yaml"), "routes:\n  upscale: { day: 0.03 }\n");
        hub = AiEmulator.hub(home, emu);
        byte[] same = Images.syntheticJpeg(300, 200, 77, 90);
        for (int i = 1; i <= 8; i++) hub.drop("upscale", "copy-" + i + ".jpg", same);
        awaitSettled("upscale", 8);
        assertThat(TestHub.files(hub.done("upscale"))).hasSize(3);
        assertThat(emu.stats().submits(UPSCALER)).isEqualTo(3);
        assertThat(emu.stats().uploads()).as("identical bytes share one upload").isEqualTo(1);
        assertThat(emu.stats().chargedUsd()).isEqualByComparingTo("0.03").isEqualByComparingTo(ledgerUsd());
    }

    @Test
    void filesWaitWhileWaveSpeedRefusesForAWhileAndNoneFails() throws Exception {
        hub = AiEmulator.hub(home, emu);
        // the next three submits answer 429 (rate limit): nothing is created, the files wait and go through afterwards
        AiEmulator.fault(emu, "{\"fault\":\"429\",\"endpoint\":\"submit\",\"count\":3}");
        for (int i = 1; i <= 4; i++) hub.drop("upscale", "w" + i + ".jpg", Images.syntheticJpeg(300, 200, 90 + i, 90));
        hub.awaitFiles(hub.done("upscale"), 4);
        assertThat(TestHub.files(hub.failed("upscale"))).isEmpty();
        assertThat(emu.stats().faultsApplied()).isEqualTo(3);
        assertThat(emu.stats().submits(UPSCALER)).as("four accepted after three refused attempts").isEqualTo(4 + 3);
        assertThat(emu.stats().chargedUsd()).isEqualByComparingTo("0.04").isEqualByComparingTo(ledgerUsd());
        assertThat(hub.services().pauses().current()).isEmpty();
    }
}
