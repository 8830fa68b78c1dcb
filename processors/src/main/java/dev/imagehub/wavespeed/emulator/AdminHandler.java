package dev.imagehub.wavespeed.emulator;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/** {@code /__emulator/}: stats, fault rules, latency and settings for tests and curious users; not part of WaveSpeed's API. */
final class AdminHandler implements HttpHandler {
    private final WaveSpeedEmulator emulator;

    AdminHandler(WaveSpeedEmulator emulator) {
        this.emulator = emulator;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath().substring("/__emulator/".length());
            String method = ex.getRequestMethod();
            switch (method + " " + path) {
                case "GET stats" -> Http.ok(ex, emulator.stats.snapshot());
                case "POST reset" -> {
                    emulator.reset();
                    Http.ok(ex, Map.of("reset", true));
                }
                case "POST faults" -> addFaults(ex);
                case "DELETE faults" -> {
                    emulator.faults.clear();
                    Http.ok(ex, Map.of("rules", 0));
                }
                case "POST latency" -> latency(ex);
                case "POST settings" -> settings(ex);
                default -> Http.error(ex, 404, "Not found: " + method + " /__emulator/" + path
                        + " (use GET stats, POST reset, POST|DELETE faults, POST latency, POST settings)");
            }
        }
    }

    private void addFaults(HttpExchange ex) throws IOException {
        JsonNode body;
        try {
            body = Http.JSON.readTree(Http.readBody(ex, 1024 * 1024));
        } catch (IOException e) {
            Http.error(ex, 400, "fault rules must be a JSON object or array: " + e.getMessage());
            return;
        }
        List<Faults.Rule> rules = new ArrayList<>();
        try {
            if (body != null && body.isArray()) for (JsonNode n : body) rules.add(Faults.Rule.fromJson(n));
            else if (body != null && body.isObject()) rules.add(Faults.Rule.fromJson(body));
            else throw new IllegalArgumentException("fault rules must be a JSON object or array");
        } catch (IllegalArgumentException e) {
            Http.error(ex, 400, e.getMessage());
            return;
        }
        rules.forEach(emulator.faults::add);
        Http.ok(ex, Map.of("rules", emulator.faults.size()));
    }

    private void latency(HttpExchange ex) throws IOException {
        ObjectNode body = Http.readJsonObject(ex);
        if (body == null) return;
        if (!body.path("millis").canConvertToLong() || body.path("millis").asLong() < 0) {
            Http.error(ex, 400, "'millis' must be a non-negative number");
            return;
        }
        Duration d = Duration.ofMillis(body.get("millis").asLong());
        if (body.hasNonNull("model")) emulator.latency(body.get("model").asText(), d);
        else emulator.defaultLatency(d);
        Http.ok(ex, Map.of("millis", d.toMillis()));
    }

    private void settings(HttpExchange ex) throws IOException {
        ObjectNode body = Http.readJsonObject(ex);
        if (body == null) return;
        if (body.has("max_upload_bytes")) emulator.maxUploadBytes(body.get("max_upload_bytes").asLong());
        if (body.has("object_outputs")) emulator.objectOutputs(body.get("object_outputs").asBoolean());
        if (body.has("balance")) emulator.balance(body.get("balance").asDouble());
        if (body.has("sync_timeout_ms")) emulator.syncTimeout(Duration.ofMillis(body.get("sync_timeout_ms").asLong()));
        if (body.has("two_step_uploads")) emulator.twoStepUploads(body.get("two_step_uploads").asBoolean());
        if (body.has("quote_endpoint")) {
            try {
                emulator.quoteEndpoint(body.get("quote_endpoint").asText());
            } catch (IllegalArgumentException e) {
                Http.error(ex, 400, e.getMessage());
                return;
            }
        }
        Http.ok(ex, Map.of("max_upload_bytes", emulator.maxUploadBytes(), "object_outputs", emulator.objectOutputs(),
                "balance", emulator.balance(), "sync_timeout_ms", emulator.syncTimeoutMillis(),
                "two_step_uploads", emulator.twoStepUploads(), "quote_endpoint", emulator.quoteEndpoint()));
    }
}
