package dev.imagehub.wavespeed.budget;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;
import dev.imagehub.wavespeed.emulator.WaveSpeedEmulator;

import static org.assertj.core.api.Assertions.assertThat;

/** A real hub, its upscale folder and the emulator over HTTP: the file over the route's budget goes to failed/, unsent. */
class BudgetHotFolderIT {
    @TempDir
    Path home;

    @Test
    void should_send_the_file_over_budget_to_failed_with_the_budget_and_the_excess() throws Exception {
        // given: the upscale folder may spend one cent a day, one upscale costs one cent
        TestHub.prepareHome(home);
        Files.writeString(home.resolve("config/budgets.yaml"), "routes:\n  upscale: {day: 0.01}\n");
        try (WaveSpeedEmulator emu = WaveSpeedEmulator.start(0, Duration.ofMillis(50));
             TestHub hub = TestHub.start(home, Map.of(), Map.of("WAVESPEED_API_KEY", "sk-budget-test", "WAVESPEED_BASE_URL", emu.baseUrl()))) {
            hub.drop("upscale", "first.jpg", Images.syntheticJpeg(120, 80, 1, 90));
            hub.awaitFiles(hub.done("upscale"), 1);

            // when
            hub.drop("upscale", "second.jpg", Images.syntheticJpeg(120, 80, 2, 90));
            hub.awaitFiles(hub.failed("upscale"), 2);

            // then
            assertThat(TestHub.names(hub.outbox("upscale"))).contains("first.jpg").doesNotContain("second.jpg");
            assertThat(TestHub.names(hub.failed("upscale"))).containsExactly("second.jpg", "second.jpg.error.json");
            assertThat(Files.readString(hub.failed("upscale").resolve("second.jpg.error.json")))
                    .contains("budget exceeded: the daily budget of route 'upscale' (routes.upscale.day in config/budgets.yaml) is $0.01")
                    .contains("$0.01 is already spent or reserved today")
                    .contains("would bring it to $0.02, $0.01 over")
                    .contains("Nothing was sent");
            assertThat(emu.stats().submits()).as("only the first file reached WaveSpeed").isEqualTo(1);
            assertThat(hub.sql("SELECT cost_usd FROM usage_log WHERE file_name = 'second.jpg' AND provider = 'wavespeed'"))
                    .singleElement().satisfies(r -> assertThat(((java.math.BigDecimal) r.get("cost_usd")).signum()).isZero());
        }
    }
}
