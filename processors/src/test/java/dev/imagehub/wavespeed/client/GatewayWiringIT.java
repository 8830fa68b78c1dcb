package dev.imagehub.wavespeed.client;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.HubServices;
import dev.imagehub.HubSettings;
import dev.imagehub.testing.TestHub;
import dev.imagehub.wavespeed.AiFailure;
import dev.imagehub.wavespeed.AiInput;
import dev.imagehub.wavespeed.AiResult;
import dev.imagehub.wavespeed.NoKeyGateway;
import dev.imagehub.wavespeed.emulator.WaveSpeedEmulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** HubServices builds the real client only when WAVESPEED_API_KEY is in the hub's environment. */
class GatewayWiringIT {
    @TempDir
    Path home;

    @Test
    void withAKeyTheHubTalksToWaveSpeedAtTheConfiguredBaseUrl() throws Exception {
        try (WaveSpeedEmulator emu = WaveSpeedEmulator.start(0, Duration.ofMillis(100));
             HubServices hub = HubServices.start(HubSettings.load(TestHub.prepareHome(home), TestHub.defaults(),
                     Map.of(ApiKey.ENV, GatewayHarness.KEY, WaveSpeedSettings.BASE_URL_ENV, emu.baseUrl())), dev.imagehub.testing.TestCamel.context())) {
            assertThat(hub.ai()).isInstanceOf(WaveSpeedGateway.class);
            byte[] photo = GatewayHarness.png(64, 48, 3);
            String sha = TaskKey.sha256(photo);
            String job = hub.journal().begin("hotfolder-test", "test", "test", "p.png", photo.length, sha);
            AiResult r = hub.ai().run(new dev.imagehub.wavespeed.AiCall("hotfolder-test", job, sha, 1, "caption", "",
                    hub.ai().registry().require("wavespeed-ai/image-captioner"), Map.of("image", AiInput.of(photo, "p.png")), "test"));
            assertThat(r.outputs()).singleElement().satisfies(o -> assertThat(o.isText()).isTrue());
            assertThat(emu.stats().submits()).isEqualTo(1);
        }
    }

    @Test
    void withoutAKeyNothingIsSentAnywhere() throws IOException, Exception {
        try (WaveSpeedEmulator emu = WaveSpeedEmulator.start(0, Duration.ofMillis(100));
             HubServices hub = HubServices.start(HubSettings.load(TestHub.prepareHome(home), TestHub.defaults(),
                     Map.of(WaveSpeedSettings.BASE_URL_ENV, emu.baseUrl())), dev.imagehub.testing.TestCamel.context())) {
            assertThat(hub.ai()).isInstanceOf(NoKeyGateway.class);
            byte[] photo = GatewayHarness.png(64, 48, 4);
            AiFailure f = catchThrowableOfType(AiFailure.class, () -> hub.ai().run(new dev.imagehub.wavespeed.AiCall("hotfolder-test",
                    "job-1", TaskKey.sha256(photo), 1, "caption", "", hub.ai().registry().require("wavespeed-ai/image-captioner"),
                    Map.of("image", AiInput.of(photo, "p.png")), "test")));
            assertThat(f.getMessage()).contains("WAVESPEED_API_KEY is not set");
            assertThat(emu.stats().submits()).isZero();
            assertThat(emu.stats().uploads()).isZero();
            assertThat(emu.stats().polls()).isZero();
        }
    }
}
