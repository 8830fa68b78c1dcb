package dev.imagehub.wavespeed.client;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.wavespeed.AiInput;
import dev.imagehub.wavespeed.AiResult;
import dev.imagehub.wavespeed.emulator.WaveSpeedEmulator;

import static org.assertj.core.api.Assertions.assertThat;

/** The client's happy paths against the emulator over loopback HTTP, with a real ledger. */
class WaveSpeedGatewayIT {
    private static WaveSpeedEmulator emu;

    @TempDir
    Path home;

    @BeforeAll
    static void start() throws IOException {
        emu = WaveSpeedEmulator.start(0, Duration.ofMillis(200));
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void clean() {
        emu.reset();
        emu.defaultLatency(Duration.ofMillis(200));
        emu.objectOutputs(false);
    }

    @Test
    void editUploadsSubmitsPollsAndDownloadsTheImage() throws Exception {
        byte[] photo = GatewayHarness.png(320, 200, 1);
        try (GatewayHarness h = new GatewayHarness(home, emu, Map.of())) {
            String sha = TaskKey.sha256(photo);
            String job = h.job(sha);
            AiResult r = h.gateway.run(h.call(job, sha, "wavespeed-ai/qwen-image/edit",
                    Map.of("prompt", "make it blue", "image", AiInput.of(photo, "photo.png"))));

            assertThat(r.predictionId()).isNotBlank();
            assertThat(r.resumed()).isFalse();
            assertThat(r.outputs()).hasSize(1);
            assertThat(r.outputs().get(0).isText()).isFalse();
            BufferedImage out = ImageIO.read(new ByteArrayInputStream(r.outputs().get(0).bytes()));
            assertThat(out.getWidth()).isEqualTo(320);
            assertThat(out.getHeight()).isEqualTo(200);
            assertThat(r.costUsd()).isEqualByComparingTo("0.02");
            assertThat(r.estimatedUsd()).isEqualByComparingTo("0.02");
            assertThat(r.bytesSent()).isEqualTo(photo.length);
            assertThat(r.bytesReceived()).isEqualTo(r.outputs().get(0).bytes().length);

            assertThat(emu.stats().submits("wavespeed-ai/qwen-image/edit")).isEqualTo(1);
            assertThat(emu.stats().uploads()).isEqualTo(1);
            assertThat(h.sql("SELECT state, prediction_id, job_id FROM ai_task")).singleElement().satisfies(row -> {
                assertThat(row.get("state")).isEqualTo("COMPLETED");
                assertThat(row.get("prediction_id")).isEqualTo(r.predictionId());
                assertThat(row.get("job_id")).isEqualTo(job);
            });
            Path saved = home.resolve("data/wavespeed/tasks").resolve(TaskKey.of(h.call(job, sha, "wavespeed-ai/qwen-image/edit",
                    Map.of("prompt", "make it blue", "image", AiInput.of(photo, "photo.png"))))).resolve("0.png");
            assertThat(Files.readAllBytes(saved)).isEqualTo(r.outputs().get(0).bytes());
        }
    }
}
