package dev.imagehub.steps.ai;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import dev.imagehub.testing.TestHub;
import dev.imagehub.wavespeed.emulator.WaveSpeedEmulator;

/** Test helpers: a hub whose WaveSpeed client talks to an emulator on loopback, and the emulator's fault endpoint. */
final class AiEmulator {
    static final String KEY = "sk-steps-test-0b1c2d3e4f5a6b7c8d9e";

    private AiEmulator() {
    }

    /** A hub on {@code home} (already prepared) pointed at {@code emu} through its environment, as the README tells users. */
    static TestHub hub(Path home, WaveSpeedEmulator emu) {
        return TestHub.start(home, Map.of("hub.wavespeed.retryBackoffMillis", "20"),
                Map.of("WAVESPEED_API_KEY", KEY, "WAVESPEED_BASE_URL", emu.baseUrl()));
    }

    /** Injects a fault rule, e.g. {@code {"fault":"failed","model":"...","code":1200}}. */
    static void fault(WaveSpeedEmulator emu, String ruleJson) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/__emulator/faults"))
                .POST(HttpRequest.BodyPublishers.ofString(ruleJson)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) throw new IllegalStateException("fault rule refused: " + r.statusCode() + " " + r.body());
    }
}
