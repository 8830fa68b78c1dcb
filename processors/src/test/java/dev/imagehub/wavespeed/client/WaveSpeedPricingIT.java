package dev.imagehub.wavespeed.client;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.wavespeed.AiFailure;
import dev.imagehub.wavespeed.AiInput;
import dev.imagehub.wavespeed.AiResult;
import dev.imagehub.wavespeed.SpendGuard;
import dev.imagehub.wavespeed.emulator.WaveSpeedEmulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Prices come from the registry or the pricing endpoint before anything is submitted, and pass through the spend guard. */
class WaveSpeedPricingIT {
    private static final String VIDU = "vidu/reference-to-image-q2";
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

    /** Records what the gateway asked of it; refuses everything over {@code limit}. */
    static final class RecordingGuard implements SpendGuard {
        final List<String> calls = new ArrayList<>();
        final BigDecimal limit;

        RecordingGuard(String limit) {
            this.limit = new BigDecimal(limit);
        }

        @Override
        public synchronized void reserve(String taskKey, String route, String modelId, BigDecimal estimateUsd) throws AiFailure {
            calls.add("reserve " + modelId + " " + estimateUsd.stripTrailingZeros().toPlainString());
            if (estimateUsd.compareTo(limit) > 0) throw AiFailure.notSent("budget: the daily budget of route " + route + " would be exceeded");
        }

        @Override
        public synchronized void settle(String taskKey, BigDecimal actualUsd) {
            calls.add("settle " + actualUsd.stripTrailingZeros().toPlainString());
        }

        @Override
        public synchronized void release(String taskKey) {
            calls.add("release");
        }
    }

    @Test
    void aModelWithoutARegistryPriceIsQuotedWithItsRealInputs() throws Exception {
        byte[] a = GatewayHarness.png(80, 80, 41);
        byte[] b = GatewayHarness.png(80, 80, 42);
        RecordingGuard guard = new RecordingGuard("1");
        try (GatewayHarness h = new GatewayHarness(home, emu, Map.of(), guard)) {
            String sha = TaskKey.sha256(a);
            AiResult r = h.gateway.run(h.call(h.job(sha), sha, VIDU, Map.of("prompt", "two friends at the beach",
                    "images", List.of(AiInput.of(a, "a.png"), AiInput.of(b, "b.png")))));
            assertThat(r.estimatedUsd()).isEqualByComparingTo("0.10");
            assertThat(r.costUsd()).isEqualByComparingTo("0.10");
        }
        assertThat(emu.stats().uploads()).isEqualTo(2);
        // before anything is uploaded, a budget already used up would refuse; then the quoted price is reserved
        assertThat(guard.calls).containsExactly("reserve " + VIDU + " 0", "release", "reserve " + VIDU + " 0.1", "settle 0.1");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"pricing", "price"})
    void eitherQuoteEndpointIsEnough(String only) throws Exception {
        EmulatorControl.settings(emu, "{\"quote_endpoint\": \"" + only + "\"}");
        byte[] a = GatewayHarness.png(80, 80, 46);
        try (GatewayHarness h = new GatewayHarness(home, emu, Map.of())) {
            String sha = TaskKey.sha256(a);
            AiResult r = h.gateway.run(h.call(h.job(sha), sha, VIDU, Map.of("prompt", "x", "images", List.of(AiInput.of(a, "a.png")))));
            assertThat(r.costUsd()).isEqualByComparingTo("0.10");
        }
        assertThat(emu.stats().submits(VIDU)).isEqualTo(1);
    }

    @Test
    void withoutAnyPriceNothingIsSubmitted() throws Exception {
        byte[] a = GatewayHarness.png(80, 80, 43);
        try (GatewayHarness h = new GatewayHarness(home, emu, Map.of("hub.wavespeed.breakerFailures", "100"))) {
            String sha = TaskKey.sha256(a);
            // upload it first, so the only request left is the quote
            h.gateway.run(h.call(h.job(sha), sha, "wavespeed-ai/image-captioner", Map.of("image", AiInput.of(a, "a.png"))));
            EmulatorControl.faults(emu, "{\"fault\":\"500\",\"endpoint\":\"pricing\",\"count\":-1}");
            AiFailure f = catchThrowableOfType(AiFailure.class, () -> h.gateway.run(h.call(h.job(sha), sha, VIDU,
                    Map.of("prompt", "x", "images", List.of(AiInput.of(a, "a.png"))))));
            assertThat(f.getMessage()).contains("the price of this run is unknown").contains("never submits a task it cannot price");
            assertThat(f.costUsd()).isZero();
        }
        assertThat(emu.stats().submits(VIDU)).isZero();
    }

    @Test
    void aBudgetRefusalSendsNothing() throws Exception {
        byte[] a = GatewayHarness.png(80, 80, 44);
        RecordingGuard guard = new RecordingGuard("0.005");
        try (GatewayHarness h = new GatewayHarness(home, emu, Map.of(), guard)) {
            String sha = TaskKey.sha256(a);
            AiFailure f = catchThrowableOfType(AiFailure.class, () -> h.gateway.run(h.call(h.job(sha), sha,
                    "wavespeed-ai/image-upscaler", Map.of("image", AiInput.of(a, "a.png")))));
            assertThat(f.getMessage()).startsWith("budget:");
        }
        assertThat(emu.stats().submits()).isZero();
        assertThat(guard.calls).containsExactly("reserve wavespeed-ai/image-upscaler 0.01");
    }

    @Test
    void aRefusedSubmitReleasesTheReservation() throws Exception {
        byte[] a = GatewayHarness.png(80, 80, 45);
        RecordingGuard guard = new RecordingGuard("1");
        try (GatewayHarness h = new GatewayHarness(home, emu, Map.of("hub.wavespeed.quote", "always"), guard)) {
            String sha = TaskKey.sha256(a);
            catchThrowableOfType(AiFailure.class, () -> h.gateway.run(h.call(h.job(sha), sha,
                    "wavespeed-ai/qwen-image/edit", Map.of("prompt", "x", "image", AiInput.of(a, "a.png"), "size", "10x10"))));
        }
        assertThat(guard.calls).containsExactly("reserve wavespeed-ai/qwen-image/edit 0.02", "release");
    }
}
