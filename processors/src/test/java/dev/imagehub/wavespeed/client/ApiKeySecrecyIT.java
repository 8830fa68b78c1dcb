package dev.imagehub.wavespeed.client;

import dev.imagehub.testing.LogCapture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.wavespeed.AiFailure;
import dev.imagehub.wavespeed.AiInput;
import dev.imagehub.wavespeed.emulator.WaveSpeedEmulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The API key never appears in logs, in failure messages, in the ledger database or in any file the hub writes. */
class ApiKeySecrecyIT {
    @TempDir
    Path home;

    @Test
    void theKeyIsNeverWrittenAnywhere() throws Exception {
        // everything the hub's own code, Camel and HttpClient log, down to DEBUG, as a troubleshooting session would enable
        LogCapture log = new LogCapture(Level.DEBUG);
        List<String> messages = new ArrayList<>();
        try (WaveSpeedEmulator emu = WaveSpeedEmulator.start(0, Duration.ofMillis(100))) {
            EmulatorControl.faults(emu, "[{\"fault\":\"failed\",\"code\":1401,\"message\":\"Invalid token " + GatewayHarness.KEY + "\"},"
                    + "{\"fault\":\"502\",\"endpoint\":\"result\"},{\"fault\":\"output_404\"}]");
            try (GatewayHarness h = new GatewayHarness(home, emu, Map.of())) {
                byte[] photo = GatewayHarness.png(90, 60, 31);
                String sha = TaskKey.sha256(photo);
                for (int i = 0; i < 3; i++) {
                    Map<String, Object> inputs = Map.of("prompt", "p" + i, "image", AiInput.of(photo, "p.png"));
                    AiFailure f = catchThrowableOfType(AiFailure.class, () -> h.gateway.run(h.call(h.job(sha), sha,
                            "wavespeed-ai/qwen-image/edit", inputs)));
                    if (f != null) messages.add(f.getMessage() + " " + f.getCause());
                }
                assertThat(h.gateway.run(h.call(h.job(sha), sha, "wavespeed-ai/image-captioner",
                        Map.of("image", AiInput.of(photo, "p.png")))).outputs()).hasSize(1);
            }
        } finally {
            log.close();
        }
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0)).contains("Invalid token ***");
        assertThat(String.join("\n", messages)).doesNotContain(GatewayHarness.KEY);
        assertThat(log.text()).contains("submitted prediction").doesNotContain(GatewayHarness.KEY);
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(f)) continue;
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertThat(content).as("contents of %s", home.relativize(f)).doesNotContain(GatewayHarness.KEY);
            }
        }
        try (Stream<Path> files = Files.walk(home)) {
            assertThat(files.anyMatch(p -> p.toString().contains("ledger"))).as("the ledger was scanned").isTrue();
        }
    }
}
