package dev.imagehub.wavespeed.emulator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/** Everything under {@code /api/v3/}: submit, result, uploads, balance, pricing and the model list; all need a bearer key. */
final class ApiHandler implements HttpHandler {
    /** A two-step upload announced by {@code POST /media/uploads}, waiting for its PUT. */
    record UploadSlot(String id, String filename, String contentType) {
    }

    private static final String PREFIX = "/api/v3/";
    private static final String BAD_GATEWAY_HTML = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
            + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

    private final WaveSpeedEmulator emulator;

    ApiHandler(WaveSpeedEmulator emulator) {
        this.emulator = emulator;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        // the 413 must be written before the exchange is closed, so the catch sits inside the try-with-resources
        try (ex) {
            try {
                route(ex);
            } catch (Http.TooLarge e) {
                Http.error(ex, 413, "Payload Too Large: " + e.getMessage());
            }
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath().substring(PREFIX.length());
        String method = ex.getRequestMethod();
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || auth.substring(7).isBlank()) {
            Http.error(ex, 401, "Unauthorized: send the header 'Authorization: Bearer <API key>'");
            return;
        }
        if (path.startsWith("predictions/") && method.equals("GET")) {
            result(ex, path);
        } else if (path.equals("balance") && method.equals("GET")) {
            Http.ok(ex, Map.of("balance", emulator.balance(), "currency", "USD"));
        } else if (path.equals("models") && method.equals("GET")) {
            models(ex);
        } else if ((path.equals("model/pricing") || path.equals("model/price")) && method.equals("POST")
                && (emulator.quoteEndpoint().equals("both") || path.equals("model/" + emulator.quoteEndpoint()))) {
            if (!fault(ex, Faults.Endpoint.PRICING, null)) pricing(ex);
        } else if (path.equals("media/uploads") && method.equals("POST") && !emulator.twoStepUploads()) {
            // an API generation without the two-step flow: clients must fall back to the multipart upload
            Http.error(ex, 404, "Not found: POST " + ex.getRequestURI().getPath());
        } else if (path.equals("media/uploads") && method.equals("POST")) {
            if (!fault(ex, Faults.Endpoint.UPLOAD, null)) announceUpload(ex);
        } else if (path.equals("media/upload/binary") && method.equals("POST")) {
            if (!fault(ex, Faults.Endpoint.UPLOAD, null)) binaryUpload(ex);
        } else if (method.equals("POST") && emulator.catalogue.containsKey(path)) {
            submit(ex, emulator.catalogue.get(path));
        } else if (method.equals("POST")) {
            Http.error(ex, 404, "Product Not Found: no model '" + path + "' (GET /api/v3/models lists them)");
        } else {
            Http.error(ex, 404, "Not found: " + method + " " + ex.getRequestURI().getPath());
        }
    }

    /** Answers with an injected HTTP fault if one matches; returns true when it did. */
    private boolean fault(HttpExchange ex, Faults.Endpoint endpoint, String model) throws IOException {
        Faults.Rule rule = emulator.faults.takeHttp(endpoint, model);
        if (rule == null) return false;
        emulator.stats.fault();
        switch (rule.kind) {
            case HTTP_429 -> Http.error(ex, 429, "Too Many Requests: rate limit exceeded, retry later");
            case HTTP_500 -> Http.error(ex, 500, "Internal Server Error");
            case HTTP_502_HTML -> Http.sendText(ex, 502, "text/html", BAD_GATEWAY_HTML);
            case MALFORMED_JSON -> Http.sendText(ex, 200, "application/json", "{\"code\":200,\"message\":\"success\",\"data\":{\"id\":");
            default -> throw new IllegalStateException("not an HTTP fault: " + rule.kind);
        }
        return true;
    }

    private void submit(HttpExchange ex, EmulatedModel model) throws IOException {
        emulator.stats.submit(model.id());
        if (fault(ex, Faults.Endpoint.SUBMIT, model.id())) return;
        ObjectNode inputs = Http.readJsonObject(ex);
        if (inputs == null) return;
        String missing = OutputMaker.missingInput(model, inputs);
        if (missing != null) {
            Http.error(ex, 400, "Invalid request: '" + missing + "' is required for " + model.id());
            return;
        }
        String size = inputs.path("size").asText("");
        if (!size.isEmpty() && !size.matches("\\d+\\*\\d+")) {
            // the real API's wording (WAVESPEED-API.md, comfyui #3): sizes are W*H, never WxH
            Http.error(ex, 400, "Invalid size: " + size + ". Sizes are written width*height, e.g. "
                    + size.replaceAll("[^0-9]+", "*"));
            return;
        }
        double price = model.price(inputs, audioSeconds(model, inputs));
        if (!emulator.charge(price)) {
            // no dedicated status is documented for this; the real API answers some 4xx with a balance message
            Http.error(ex, 400, String.format(Locale.ROOT,
                    "Insufficient balance: this run costs %.4f USD, the balance is %.4f USD; top up to continue", price, emulator.balance()));
            return;
        }
        emulator.stats.charged(price);
        Faults.Rule taskFault = emulator.faults.takeTask(model.id());
        if (taskFault != null) emulator.stats.fault();
        Prediction p = new Prediction(UUID.randomUUID().toString().replace("-", ""), model, inputs,
                emulator.latencyMillis(model.id()), taskFault);
        emulator.predictions.put(p.id, p);
        emulator.stats.accepted(p);
        emulator.render(p, Http.baseUrl(ex));
        if (inputs.path("enable_sync_mode").asBoolean(false)) syncAnswer(ex, p);
        else Http.ok(ex, view(p, "created", null, Http.baseUrl(ex)));
    }

    /**
     * Sync mode: holds the POST until the task is done, up to the sync timeout; past it, answers "still processing"
     * with task code 5004 and the result URL, as the real API has done since it stopped falling back to async.
     */
    private void syncAnswer(HttpExchange ex, Prediction p) throws IOException {
        long limit = emulator.syncTimeoutMillis();
        long waited = 0;
        while (!p.phase().equals("ready") && waited < limit) {
            long step = Math.min(50, limit - waited);
            try {
                Thread.sleep(step);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            waited += step;
        }
        String base = Http.baseUrl(ex);
        if (p.phase().equals("ready")) {
            Prediction.Result r = p.result();
            Http.ok(ex, view(p, r.status(), r, base));
            return;
        }
        Map<String, Object> d = view(p, "processing", null, base);
        d.put("code", 5004);
        d.put("error", "Sync mode timed out after " + limit + " ms; the task keeps running, poll urls.get for its result");
        Http.ok(ex, d);
    }

    private void result(HttpExchange ex, String path) throws IOException {
        String rest = path.substring("predictions/".length());
        String id = rest.endsWith("/result") ? rest.substring(0, rest.length() - "/result".length()) : rest;
        if (id.isEmpty() || id.contains("/")) {
            Http.error(ex, 404, "Not found: " + ex.getRequestURI().getPath());
            return;
        }
        emulator.stats.poll(id);
        Prediction p = emulator.predictions.get(id);
        if (fault(ex, Faults.Endpoint.RESULT, p == null ? null : p.model.id())) return;
        if (p == null) {
            Http.error(ex, 404, "Prediction not found: " + id);
            return;
        }
        String phase = p.phase();
        String base = Http.baseUrl(ex);
        if (!phase.equals("ready")) {
            Http.ok(ex, view(p, phase, null, base));
            return;
        }
        Prediction.Result r = p.result();
        Http.ok(ex, view(p, r.status(), r, base));
    }

    private static Map<String, Object> view(Prediction p, String status, Prediction.Result r, String base) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", p.id);
        d.put("model", p.model.id());
        d.put("status", status);
        d.put("urls", Map.of("get", base + PREFIX + "predictions/" + p.id + "/result"));
        List<Object> outputs = r == null ? List.of() : r.outputs();
        d.put("outputs", outputs);
        List<Boolean> nsfw = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) nsfw.add(false);
        d.put("has_nsfw_contents", nsfw);
        d.put("created_at", p.createdAt.toString());
        d.put("error", r == null ? "" : r.error());
        long inference = r == null ? 0 : p.latencyMillis;
        d.put("timings", Map.of("inference", inference));
        if (r != null) {
            d.put("executionTime", inference);
            if (r.code() != 0) d.put("code", r.code());
        }
        return d;
    }

    /**
     * InfiniteTalk is billed by the length of its audio, so quotes and charges measure it; without audio (or when it
     * cannot be read) the price collapses to the 5-second minimum, as the real quote does.
     */
    private double audioSeconds(EmulatedModel model, JsonNode inputs) {
        if (!model.billedByAudio() || !inputs.hasNonNull("audio")) return -1;
        try {
            return emulator.outputs.audioSeconds(inputs.get("audio").asText());
        } catch (OutputMaker.TaskFailure e) {
            return -1;
        }
    }

    private void models(HttpExchange ex) throws IOException {
        List<Map<String, Object>> list = new ArrayList<>();
        for (EmulatedModel m : emulator.catalogue.values()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("model_id", m.id());
            e.put("name", m.name());
            e.put("description", m.name() + " (emulated: " + m.task().name().toLowerCase(Locale.ROOT) + ")");
            e.put("type", m.task().type());
            e.put("base_price", m.basePrice());
            e.put("formula", m.formula());
            list.add(e);
        }
        Http.ok(ex, list);
    }

    /** Serves both quote endpoints with the union of their fields (unit_price for /pricing, price... for /price); no charge. */
    private void pricing(HttpExchange ex) throws IOException {
        ObjectNode body = Http.readJsonObject(ex);
        if (body == null) return;
        String id = body.path("model_id").asText("");
        EmulatedModel m = emulator.catalogue.get(id);
        if (m == null) {
            Http.error(ex, 404, "Product Not Found: no model '" + id + "'");
            return;
        }
        double price = m.price(body.path("inputs"), audioSeconds(m, body.path("inputs")));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("model_id", id);
        d.put("unit_price", price);
        d.put("price", price);
        d.put("discounted_price", price);
        d.put("discount_rate", 1.0);
        d.put("currency", "USD");
        Http.ok(ex, d);
    }

    private void announceUpload(HttpExchange ex) throws IOException {
        ObjectNode body = Http.readJsonObject(ex);
        if (body == null) return;
        String filename = safeName(body.path("filename").asText(""));
        long size = body.path("size").asLong(-1);
        if (filename.isEmpty() || size < 0) {
            Http.error(ex, 400, "Invalid request: 'filename' and 'size' are required");
            return;
        }
        if (size > emulator.maxUploadBytes()) {
            Http.error(ex, 413, "Payload Too Large: " + size + " bytes exceeds the upload limit of " + emulator.maxUploadBytes() + " bytes");
            return;
        }
        String contentType = body.path("content_type").asText("application/octet-stream");
        UploadSlot slot = new UploadSlot(UUID.randomUUID().toString().replace("-", ""), filename, contentType);
        emulator.uploadSlots.put(slot.id(), slot);
        String base = Http.baseUrl(ex);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("type", mediaType(contentType));
        d.put("filename", filename);
        d.put("size", size);
        d.put("download_url", base + "/media/files/" + slot.id() + "/" + filename);
        d.put("upload", Map.of("method", "PUT", "url", base + "/media/put/" + slot.id(), "headers", Map.of("Content-Type", contentType)));
        Http.ok(ex, d);
    }

    private void binaryUpload(HttpExchange ex) throws IOException {
        String boundary = Multipart.boundary(ex.getRequestHeaders().getFirst("Content-Type"));
        if (boundary == null) {
            Http.error(ex, 400, "Invalid request: send multipart/form-data with a field named 'file'");
            return;
        }
        byte[] body = Http.readBody(ex, emulator.maxUploadBytes() + 64 * 1024);
        Multipart.Part part = Multipart.find(body, boundary, "file");
        if (part == null) {
            Http.error(ex, 400, "Invalid request: the multipart body has no field named 'file'");
            return;
        }
        if (part.bytes().length > emulator.maxUploadBytes()) throw new Http.TooLarge(emulator.maxUploadBytes());
        String id = UUID.randomUUID().toString().replace("-", "");
        String filename = safeName(part.filename());
        emulator.files.put("media/" + id, new WaveSpeedEmulator.StoredFile(part.bytes(), part.contentType(), 0));
        emulator.stats.upload();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("type", mediaType(part.contentType()));
        d.put("filename", filename);
        d.put("size", part.bytes().length);
        d.put("download_url", Http.baseUrl(ex) + "/media/files/" + id + "/" + filename);
        Http.ok(ex, d);
    }

    static String mediaType(String contentType) {
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        return ct.startsWith("video/") ? "video" : ct.startsWith("audio/") ? "audio" : "image";
    }

    /** Keeps file names URL-safe; the name is cosmetic, the id finds the file. */
    static String safeName(String name) {
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        return base.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
