package dev.imagehub.wavespeed.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.wavespeed.AiFailure;
import dev.imagehub.wavespeed.AiInput;
import dev.imagehub.wavespeed.AiOutput;
import dev.imagehub.wavespeed.AiResult;
import dev.imagehub.wavespeed.emulator.WaveSpeedEmulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Output shapes (text, objects, GLB, base64) and the upload flows, cache and limits, against the emulator. */
class WaveSpeedOutputsIT {
    private static final String CAPTIONER = "wavespeed-ai/image-captioner";
    private static WaveSpeedEmulator emu;

    @TempDir
    Path home;

    @BeforeAll
    static void start() throws IOException {
        emu = WaveSpeedEmulator.start(0, Duration.ofMillis(100));
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void clean() {
        emu.reset();                                                 // stats, faults and settings as started
    }

    private static AiResult run(GatewayHarness h, String model, Map<String, Object> inputs, byte[] file) throws Exception {
        String sha = TaskKey.sha256(file);
        return h.gateway.run(h.call(h.job(sha), sha, model, inputs));
    }

    @Test
    void captionsArriveAsTextWhetherPlainStringsOrObjects() throws Exception {
        byte[] photo = GatewayHarness.png(300, 200, 5);
        try (GatewayHarness h = new GatewayHarness(home, emu, Map.of())) {
            AiResult plain = run(h, CAPTIONER, Map.of("image", AiInput.of(photo, "a.png")), photo);
            emu.objectOutputs(true);
            AiResult object = run(h, CAPTIONER, Map.of("image", AiInput.of(photo, "a.png"), "detail_level", "high"), photo);

            for (AiResult r : List.of(plain, object)) {
                AiOutput o = r.outputs().get(0);
                assertThat(o.isText()).isTrue();
                assertThat(o.text()).isNotBlank().doesNotStartWith("{").doesNotStartWith("http");
                assertThat(o.extension()).isEqualTo("txt");
                assertThat(new String(o.bytes(), StandardCharsets.UTF_8)).isEqualTo(o.text());
            }
            assertThat(plain.outputs().get(0).text()).containsIgnoringCase("landscape");
        }
    }

    @Test
    void threeDModelsDeliverAValidGlbInBothShapes() throws Exception {
        byte[] photo = GatewayHarness.png(128, 128, 6);
        try (GatewayHarness h = new GatewayHarness(home, emu, Map.of())) {
            AiResult plain = run(h, "tripo3d/v2.5/image-to-3d", Map.of("image", AiInput.of(photo, "toy.png")), photo);
            emu.objectOutputs(true);
            AiResult object = run(h, "wavespeed-ai/hunyuan3d/v2.1", Map.of("image", AiInput.of(photo, "toy.png")), photo);
            for (AiResult r : List.of(plain, object)) {
                AiOutput glb = r.outputs().get(0);
                assertThat(glb.extension()).isEqualTo("glb");
                assertThat(new String(Arrays.copyOf(glb.bytes(), 4), StandardCharsets.US_ASCII)).isEqualTo("glTF");
                assertThat(glb.sourceUrl()).startsWith(emu.baseUrl() + "/outputs/");
            }
            assertThat(emu.stats().uploads()).isEqualTo(1);
        }
    }

    @Test
    void base64OutputsAreDecoded() throws Exception {
        byte[] photo = GatewayHarness.png(200, 100, 7);
        try (GatewayHarness h = new GatewayHarness(home, emu, Map.of())) {
            AiResult r = run(h, "wavespeed-ai/qwen-image/edit", Map.of("prompt", "sepia", "image", AiInput.of(photo, "a.png"),
                    "enable_base64_output", true), photo);
            assertThat(r.outputs().get(0).extension()).isEqualTo("png");
            assertThat(r.outputs().get(0).sourceUrl()).isEmpty();
            assertThat(emu.stats().downloads()).isZero();
        }
    }

    @Test
    void theSameBytesAreUploadedOnceAlsoAfterARestart() throws Exception {
        byte[] photo = GatewayHarness.png(160, 120, 8);
        try (GatewayHarness h = new GatewayHarness(home, emu, Map.of())) {
            AiResult first = run(h, CAPTIONER, Map.of("image", AiInput.of(photo, "a.png")), photo);
            // same bytes under another name, in another step of another job
            AiResult second = run(h, "wavespeed-ai/image-upscaler", Map.of("image", AiInput.of(photo, "copy.png")), photo);
            assertThat(first.bytesSent()).isEqualTo(photo.length);
            assertThat(second.bytesSent()).isZero();
        }
        try (GatewayHarness restarted = new GatewayHarness(home, emu, Map.of())) {
            AiResult third = run(restarted, CAPTIONER, Map.of("image", AiInput.of(photo, "b.png"), "detail_level", "low"), photo);
            assertThat(third.bytesSent()).isZero();
        }
        assertThat(emu.stats().uploads()).isEqualTo(1);
        assertThat(emu.stats().submits()).isEqualTo(3);
    }

    @Test
    void withoutTheTwoStepEndpointTheMultipartUploadIsUsed() throws Exception {
        EmulatorControl.settings(emu, "{\"two_step_uploads\": false}");
        byte[] photo = GatewayHarness.png(100, 80, 9);
        try (GatewayHarness h = new GatewayHarness(home, emu, Map.of())) {
            AiResult r = run(h, "wavespeed-ai/qwen-image/edit", Map.of("prompt", "x", "image", AiInput.of(photo, "a.png")), photo);
            assertThat(r.outputs()).hasSize(1);
            assertThat(r.bytesSent()).isEqualTo(photo.length);
        }
        assertThat(emu.stats().uploads()).isEqualTo(1);
    }

    @Test
    void aFileOverTheUploadLimitFailsNamingItsSizeAndNothingIsSubmitted() throws Exception {
        emu.maxUploadBytes(1000);
        byte[] photo = GatewayHarness.png(400, 400, 10);
        try (GatewayHarness h = new GatewayHarness(home, emu, Map.of())) {
            AiFailure f = catchThrowableOfType(AiFailure.class, () -> run(h, CAPTIONER, Map.of("image", AiInput.of(photo, "big.png")), photo));
            assertThat(f.getMessage()).contains("big.png").contains("MB").contains("larger than WaveSpeed accepts").contains("413");
            assertThat(f.costUsd()).isZero();
        }
        assertThat(emu.stats().submits()).isZero();
    }
}
