package dev.imagehub.wavespeed.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.imagehub.wavespeed.emulator.WaveSpeedEmulator;

/** The emulator's control endpoints (faults, settings) over HTTP, as documented in docs/wavespeed-emulator.md. */
final class EmulatorControl {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private EmulatorControl() {
    }

    static void faults(WaveSpeedEmulator emu, String json) {
        post(emu, "faults", json);
    }

    static void settings(WaveSpeedEmulator emu, String json) {
        post(emu, "settings", json);
    }

    private static void post(WaveSpeedEmulator emu, String what, String json) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/__emulator/" + what))
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new IllegalStateException("emulator refused " + what + ": " + r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
